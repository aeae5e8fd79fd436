"""The facilitator's pages for running a round: settings, phases, moderation, printing.

Every view finds its round with `managed_round_or_abort` (404, or 403 when it is not the
user's); the rules, and the same permission check, live in manage.services, whose
refusals the views turn into a flash, a field error or a 403.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from samskapande.core.lookup import get_or_404
from samskapande.core.refusals import Refusal, add_error
from samskapande.core.security import safe_next
from samskapande.manage import forms, services
from samskapande.manage.bursts import bursts_with_support
from samskapande.manage.permissions import (
    can_create_rounds,
    can_manage_round,
    manageable_areas,
    managed_round_or_abort,
)
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds import phases
from samskapande.rounds.models import Round
from samskapande.rounds.phases import (
    ALL_PHASES,
    is_phase,
    next_phase,
    phase_label,
    timeline,
    voting_text,
)

bp = Blueprint("manage", __name__)

VOTING_TARGETS = {"voting-open": True, "voting-closed": False}
STATUS_LABELS = {
    NeedStatus.PENDING: _l("Waiting for approval"),
    NeedStatus.VISIBLE: _l("Visible"),
    NeedStatus.HIDDEN: _l("Hidden"),
    NeedStatus.MERGED: _l("Merged"),
    NeedStatus.MERGED_HIDDEN: _l("Merged"),
    NeedStatus.WITHDRAWN: _l("Withdrawn"),
}


@bp.app_context_processor
def manage_helpers():
    return {"can_manage_round": can_manage_round, "can_create_rounds": can_create_rounds,
            "need_status_label": lambda status: str(STATUS_LABELS.get(status, status))}


def _render(template: str, round_: Round | None = None, http_status: int = 200, **context):
    return render_template(template, round=round_, phase_label=phase_label,
                           voting_text=voting_text, voting_state=phases.voting_state,
                           support_while_collecting=phases.support_while_collecting,
                           schedule_phases=services.SCHEDULED_PHASES,
                           question_slots=forms.QUESTION_SLOTS, **context), http_status


# -- settings ------------------------------------------------------------------------------

def _checked(form, round_: Round | None) -> bool:
    """Validate the form and the services' rules together, so all errors show at once."""
    valid = form.validate_on_submit()
    errors = services.check_settings(forms.settings_from(form), round_)
    for name, messages in errors.items():
        target = form[name] if name in form else form["q1_label"]
        if not target.errors:
            for message in messages:
                add_error(target, message)
    return valid and not errors


def _settings_errors(form, error: services.RoundInvalid) -> None:
    for name, messages in error.errors.items():
        target = form[name] if name in form else form["code"]
        for message in messages:
            add_error(target, message)


@bp.route("/manage/rounds/new", methods=["GET", "POST"])
@login_required
def new_round():
    areas = manageable_areas(current_user)
    if not areas:
        abort(403)
    form = forms.new_round_form(areas)
    if request.method == "POST" and _checked(form, None):
        area_id = int(form.model_area.data)
        try:
            round_ = services.create_round(area_id, forms.settings_from(form), current_user)
        except services.RoundInvalid as error:
            _settings_errors(form, error)
        except services.ManageError:
            abort(403)  # an area the user does not run
        else:
            flash(_("The round was created as a draft. Residents cannot see it until you "
                    "move it to another phase."), "success")
            return redirect(url_for("manage.workspace", round_id=round_.id))
    status = 400 if request.method == "POST" else 200
    return _render("manage/settings.html", None, status, form=form, areas=areas)


@bp.route("/manage/rounds/<int:round_id>/edit", methods=["GET", "POST"])
@login_required
def edit_round(round_id: int):
    round_ = managed_round_or_abort(round_id)
    if request.method == "GET":
        form = forms.RoundForm(data=forms.form_data(services.RoundSettings.of(round_)))
    else:
        form = forms.RoundForm()
        if _checked(form, round_):
            try:
                changed = services.update_round(round_, forms.settings_from(form), current_user)
            except services.RoundInvalid as error:
                _settings_errors(form, error)
            else:
                flash(_("The settings were saved.") if changed
                      else _("Nothing was changed."), "success")
                return redirect(url_for("manage.workspace", round_id=round_.id))
    status = 400 if request.method == "POST" else 200
    return _render("manage/settings.html", round_, status, form=form)


# -- the workspace and phases --------------------------------------------------------------

@bp.get("/manage/rounds/<int:round_id>")
@login_required
def workspace(round_id: int):
    round_ = managed_round_or_abort(round_id)
    upcoming = next_phase(round_)
    return _render("manage/workspace.html", round_, counts=services.round_counts(round_),
                   bursts=bursts_with_support(round_), steps=timeline(round_),
                   next_phase=upcoming,
                   next_effects=services.phase_move_effects(round_, upcoming) if upcoming
                   else [],
                   next_voting=services.voting_plan(round_, upcoming) if upcoming else None)


@bp.get("/manage/rounds/<int:round_id>/phase")
@login_required
def phase(round_id: int):
    round_ = managed_round_or_abort(round_id)
    return _render("manage/phase.html", round_, phases=list(ALL_PHASES))


@bp.route("/manage/rounds/<int:round_id>/phase/<target>", methods=["GET", "POST"])
@login_required
def change_phase(round_id: int, target: str):
    """Confirm, then move the round to another phase or open/close voting.

    A phase move opens or closes voting with it; `voting=keep` (a link on the
    confirmation page, then a hidden field of its form) leaves voting as it is.
    """
    round_ = managed_round_or_abort(round_id)
    keep_voting = request.values.get("voting") == "keep"
    planned_voting = None
    if target in VOTING_TARGETS:
        opening = VOTING_TARGETS[target]
        effects = services.resident_effects(round_, voting_open=opening)
    elif is_phase(target):
        opening = None
        planned_voting = phases.voting_with_phase(round_.phase, target, round_.voting_open)
        keep_voting = (keep_voting and planned_voting is not None
                       and phases.voting_change_optional(target))
        effects = services.phase_move_effects(round_, target, keep_voting)
    else:
        abort(404)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            if opening is None:
                changed = services.change_phase(round_, target, current_user,
                                                keep_voting=keep_voting)
                message = _("The round is now in the phase “%(phase)s”.",
                            phase=phase_label(target))
                if changed and planned_voting is not None and not keep_voting:
                    message = " ".join((message, voting_text(
                        round_, "is_open" if round_.voting_open else "is_closed")))
            else:
                changed = services.set_voting_open(round_, opening, current_user)
                message = voting_text(round_, "is_open" if opening else "is_closed")
        except Refusal as error:
            flash(str(error.message), "error")
        else:
            flash(message if changed else _("Nothing changed: it already was so."),
                  "success" if changed else "info")
        return redirect(url_for("manage.phase", round_id=round_.id))
    return _render("manage/confirm_phase.html", round_, form=form, target=target,
                   opening=opening, effects=effects, planned_voting=planned_voting,
                   keep_voting=keep_voting,
                   voting_optional=is_phase(target) and phases.voting_change_optional(target))


# -- moderation ----------------------------------------------------------------------------

@bp.get("/manage/rounds/<int:round_id>/needs")
@login_required
def needs(round_id: int):
    round_ = managed_round_or_abort(round_id)
    status = request.args.get("status") or None
    if status not in {None, *services.MODERATED}:
        status = None
    return _render("manage/needs.html", round_, rows=services.moderation_rows(round_, status),
                   current_status=status, statuses=services.MODERATED, form=forms.ConfirmForm(),
                   counts=services.round_counts(round_)["needs"])


def _back(round_: Round, need: Need) -> str:
    """Where an action on a need returns: `next` (the round's moderation page, filtered)
    when it came from there, otherwise the needs list at the need."""
    return safe_next(request.args.get("next"),
                     url_for("manage.needs", round_id=round_.id, _anchor=f"need-{need.id}"))


def _managed_need(round_: Round, need_id: int) -> Need:
    return get_or_404(Need, need_id, round_id=round_.id)


def _need_page(round_, need, hide_form=None, status: int = 200, refer_form=None):
    targets = services.merge_targets(need)
    choice = forms.merge_choice_form(request.args, targets)
    chosen = None
    if "number" in request.args or "target" in request.args:
        choice.validate()
        chosen_id = choice.chosen_id()
        chosen = services.need_in_round(round_, chosen_id)
        if chosen is None or chosen.id == need.id or chosen.status != NeedStatus.VISIBLE:
            chosen = None
            add_error(choice.number,
                      _("Choose another visible need of this round, by the list or by its number."))
    support = services.needs.support_of([need.id] + ([chosen.id] if chosen else []))
    return _render(
        "manage/need.html", round_, status, need=need, support=support, targets=targets,
        choice=choice, chosen=chosen, hide_form=hide_form or forms.HideForm(),
        form=forms.ConfirmForm(), merge_form=forms.ConfirmForm(),
        refer_form=refer_form or _refer_form(round_, need),
        referral=services.needs.referral_of(need),
    )


def _refer_form(round_: Round, need: Need, **kwargs):
    form = forms.ReferForm(services.referral_organisations(round_), **kwargs)
    referral = services.needs.referral_of(need)
    if referral is not None and request.method == "GET":
        form.refer_to.data, form.referral_reason.data = (referral.organisation_id,
                                                           referral.reason)
    return form


@bp.get("/manage/rounds/<int:round_id>/needs/<int:need_id>")
@login_required
def need(round_id: int, need_id: int):
    round_ = managed_round_or_abort(round_id)
    return _need_page(round_, _managed_need(round_, need_id))


@bp.post("/manage/rounds/<int:round_id>/needs/<int:need_id>/approve")
@login_required
def approve(round_id: int, need_id: int):
    round_ = managed_round_or_abort(round_id)
    need = _managed_need(round_, need_id)
    if forms.ConfirmForm().validate_on_submit():
        try:
            changed = services.approve(need, current_user)
        except Refusal as error:
            flash(str(error.message), "error")
        else:
            flash(_("Need #%(number)d is visible.", number=need.id) if changed
                  else _("Need #%(number)d was already visible.", number=need.id),
                  "success")
    return redirect(_back(round_, need))


@bp.post("/manage/rounds/<int:round_id>/needs/<int:need_id>/hide")
@login_required
def hide(round_id: int, need_id: int):
    round_ = managed_round_or_abort(round_id)
    need = _managed_need(round_, need_id)
    form = forms.HideForm()
    if form.validate_on_submit():
        try:
            services.hide(need, current_user, form.reason.data)
        except Refusal as error:
            add_error(form.reason, error.message)
        else:
            flash(_("Need #%(number)d is hidden. Its author sees your reason.",
                    number=need.id), "success")
            return redirect(_back(round_, need))
    return _need_page(round_, need, hide_form=form, status=400)


@bp.post("/manage/rounds/<int:round_id>/needs/<int:need_id>/refer")
@login_required
def refer(round_id: int, need_id: int):
    round_ = managed_round_or_abort(round_id)
    need = _managed_need(round_, need_id)
    form = _refer_form(round_, need)
    if form.validate_on_submit():
        try:
            services.refer(need, current_user, form.refer_to.data,
                           form.referral_reason.data)
        except Refusal as error:
            add_error(form.referral_reason, error.message)
        else:
            flash(_("Need #%(number)d is referred. Residents see the reason on the need.",
                    number=need.id), "success")
            return redirect(url_for("manage.need", round_id=round_.id, need_id=need.id,
                                    _anchor="refer-heading"))
    return _need_page(round_, need, refer_form=form, status=400)


@bp.post("/manage/rounds/<int:round_id>/needs/<int:need_id>/unrefer")
@login_required
def unrefer(round_id: int, need_id: int):
    round_ = managed_round_or_abort(round_id)
    need = _managed_need(round_, need_id)
    if forms.ConfirmForm().validate_on_submit():
        try:
            changed = services.withdraw_referral(need, current_user)
        except Refusal as error:
            flash(str(error.message), "error")
        else:
            flash(_("The referral of need #%(number)d is withdrawn.", number=need.id)
                  if changed else _("Need #%(number)d was not referred.", number=need.id),
                  "success")
    return redirect(url_for("manage.need", round_id=round_.id, need_id=need.id,
                            _anchor="refer-heading"))


@bp.post("/manage/rounds/<int:round_id>/needs/<int:need_id>/merge")
@login_required
def merge(round_id: int, need_id: int):
    round_ = managed_round_or_abort(round_id)
    duplicate = _managed_need(round_, need_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    into = services.need_in_round(round_, forms.int_or_none(request.form.get("into")))
    try:
        services.merge(duplicate, into, current_user)
    except Refusal as error:
        flash(str(error.message), "error")
        return redirect(url_for("manage.need", round_id=round_.id, need_id=duplicate.id))
    flash(_("Need #%(duplicate)d was merged into need #%(into)d; its votes moved with it.",
            duplicate=duplicate.id, into=into.id), "success")
    return redirect(url_for("manage.needs", round_id=round_.id, _anchor=f"need-{into.id}"))


# -- the printed sheet ---------------------------------------------------------------------

def _print_page(round_, ticket_form, status: int = 200):
    return _render(
        "manage/print.html", round_, status, ticket_form=ticket_form,
        tickets=services.unused_tickets(round_) if round_.ticket_mode else [],
        short_url=url_for("residents.round_page", code=round_.code, _external=True),
    )


@bp.get("/manage/rounds/<int:round_id>/print")
@login_required
def print_sheet(round_id: int):
    round_ = managed_round_or_abort(round_id)
    return _print_page(round_, forms.TicketForm())


@bp.post("/manage/rounds/<int:round_id>/tickets")
@login_required
def tickets(round_id: int):
    round_ = managed_round_or_abort(round_id)
    form = forms.TicketForm()
    if form.validate_on_submit():
        try:
            created = services.generate_tickets(round_, form.count.data, current_user)
        except Refusal as error:
            add_error(form.count, error.message)
        else:
            flash(_("%(count)d ticket codes were created.", count=len(created)), "success")
            return redirect(url_for("manage.print_sheet", round_id=round_.id))
    return _print_page(round_, form, status=400)
