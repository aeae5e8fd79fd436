"""Staff pages for responses: what awaits an answer, drafting, signing, history, follow-up.

Views are thin: they check the predicates of responses.permissions, and the rules (and
the audit trail) live in responses.services and responses.commitments. The forms check
their own CSRF token (the views are exempt from the app-wide check) so an expired form
keeps what was typed and says why. Residents' pages are in responses.public.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from samskapande.areas.models import Organisation
from samskapande.core.lookup import get_or_404
from samskapande.core.refusals import add_error
from samskapande.extensions import csrf
from samskapande.needs.models import Need
from samskapande.responses import background, commitments, duplicates, permissions, services
from samskapande.responses.forms import (
    CommitmentForm,
    ConfirmForm,
    OwnerForm,
    ResponseForm,
    SignForm,
    UpdateForm,
)
from samskapande.responses.models import Commitment, Response, ResponseStatus
from samskapande.rounds.models import Round
from samskapande.rounds.phases import phase_label
from samskapande.rounds.services import rounds_for_staff
from samskapande.themes.models import Theme

bp = Blueprint("responses", __name__)


@bp.app_context_processor
def response_helpers():
    return {"can_see_round_responses": permissions.can_see_round_responses,
            "can_see_commitment_overview": permissions.can_see_commitment_overview,
            "stance_label": services.stance_label,
            "commitment_status_label": services.commitment_status_label,
            "limit_category_label": services.limit_category_label,
            "response_start": response_start}


@dataclass(frozen=True)
class StartLink:
    """Where "Write a response" leads the user: a new draft, or the response that speaks
    for their organisation on the subject already (see responses.duplicates)."""

    url: str
    label: str
    existing: Response | None = None


def response_start(round_: Round, *, theme: Theme | None = None, need: Need | None = None,
                   new_label: str | None = None) -> StartLink:
    existing = duplicates.response_of(getattr(current_user, "organisation_id", None),
                                      theme=theme, need=need)
    if existing is None:
        args = {"theme": theme.id} if theme is not None else {"need": need.id}
        return StartLink(url_for("responses.new", round_id=round_.id, **args),
                         new_label or _("Write a response"))
    url, _flash = _continue(existing)
    if permissions.can_sign(current_user, existing):
        label = (_("Read and sign the joint draft") if len(existing.organisations) > 1
                 else _("Read and sign the draft"))
        if existing.status == ResponseStatus.PUBLISHED:
            label = _("Read and sign the proposed change")
    elif existing.status == ResponseStatus.DRAFT:
        label = _("Continue the draft")
    elif permissions.can_edit(current_user, existing):
        label = _("Change your organisation's response")
    else:
        label = _("Your organisation's response")
    return StartLink(url, label, existing)


def _continue(response: Response) -> tuple[str, str]:
    """The page where the user carries on with their organisation's response, and why."""
    joint = len(response.organisations) > 1
    if permissions.can_sign(current_user, response):
        if response.status == ResponseStatus.PUBLISHED:
            message = _("A proposed change of your organisation's response already waits "
                        "for your signature.")
        elif joint:
            message = _("A joint draft that names your organisation already exists – it "
                        "waits for your signature.")
        else:
            message = _("Your organisation's draft already exists – it waits for your "
                        "signature.")
        return url_for("responses.sign", response_id=response.id), message
    if response.status == ResponseStatus.DRAFT:
        message = (_("A joint draft that names your organisation already exists. Continue "
                     "it instead of starting a second response.") if joint
                   else _("Your organisation already has a draft here. Continue it instead "
                          "of starting a second response."))
    else:
        message = _("Your organisation has already answered here. Propose a change of that "
                    "response instead of writing a second one.")
    if permissions.can_edit(current_user, response):
        return url_for("responses.edit", response_id=response.id), message
    return url_for("responses.detail", response_id=response.id), message


# -- finding what a URL names ----------------------------------------------------------------

def _round(round_id: int) -> Round:
    round_ = get_or_404(Round, round_id)
    if not permissions.can_see_round_responses(current_user, round_):
        abort(403)
    return round_


def _response(response_id: int) -> Response:
    response = get_or_404(Response, response_id)
    if not permissions.can_see_round_responses(current_user, services.round_of(response)):
        abort(403)
    return response


def _commitment(commitment_id: int) -> Commitment:
    commitment = get_or_404(Commitment, commitment_id)
    _response(commitment.response_id)
    return commitment


def _detail(response: Response, anchor: str | None = None):
    return redirect(url_for("responses.detail", response_id=response.id, _anchor=anchor))


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 12 else None


# -- the round's responses -------------------------------------------------------------------

@bp.get("/staff/responses")
@login_required
def awaiting():
    """Across the rounds the user works with: the themes that still await a response."""
    rounds = [r for r in rounds_for_staff(current_user)
              if permissions.can_see_round_responses(current_user, r)]
    rows = [(r, services.awaiting_response(r), permissions.can_answer_in(current_user, r))
            for r in rounds]
    return render_template("responses/awaiting.html", phase_label=phase_label,
                           rows=[row for row in rows if row[1]])


@bp.get("/staff/rounds/<int:round_id>/responses")
@login_required
def round_responses(round_id: int):
    """The round's published themes and their needs, with the responses they have."""
    round_ = _round(round_id)
    responses = services.responses_in_round(round_)
    by_theme: dict[int, list[Response]] = {}
    by_need: dict[int, list[Response]] = {}
    for response in responses:
        if response.theme_id is not None:
            by_theme.setdefault(response.theme_id, []).append(response)
        else:
            by_need.setdefault(response.need_id, []).append(response)
    return render_template(
        "responses/round.html", round=round_, themes=services.answerable_themes(round_),
        by_theme=by_theme, by_need=by_need,
        can_answer=permissions.can_answer_in(current_user, round_),
        today=services.local_today(), is_overdue=services.is_overdue,
    )


def _area_organisations(round_: Round) -> list[Organisation]:
    return sorted(round_.model_area.organisations, key=lambda o: (o.kind != "region", o.name))


@bp.route("/staff/rounds/<int:round_id>/responses/new", methods=["GET", "POST"])
@csrf.exempt
@login_required
def new(round_id: int):
    round_ = _round(round_id)
    theme_id, need_id = _int_arg("theme"), _int_arg("need")
    if theme_id:
        theme, need = get_or_404(Theme, theme_id, round_id=round_.id), None
    else:
        theme, need = None, get_or_404(Need, need_id, round_id=round_.id)
    if not permissions.can_answer_in(current_user, round_):
        abort(403)
    form = ResponseForm(_area_organisations(round_))
    existing = None
    if request.method == "GET":
        existing = duplicates.response_of(current_user.organisation_id, theme=theme, need=need)
        if existing is not None:  # nothing typed yet: straight to the response to go on with
            url, message = _continue(existing)
            flash(message, "info")
            return redirect(url)
        form.organisations.data = [current_user.organisation_id]
    elif form.wants_a_limit_row():
        return _edit_page(round_, form, theme=theme, need=need, status=200)
    elif form.validate() and _limits_complete(form):
        try:
            response = services.create_draft(
                round_, current_user, theme=theme, need=need, stance=form.stance.data,
                text=form.text.data, organisation_ids=form.organisations.data,
                submission_key=form.submission_key.data, limits=form.limits.as_data(),
                who_decides=form.who_decides.data)
        except services.DuplicateResponse as error:  # drafted meanwhile: keep what was typed
            existing = error.existing
            add_error(form.organisations, error.message)
        except services.LimitError as error:
            add_error(form.limits, error.message)
        except services.ResponseError as error:
            add_error(form.organisations, error.message)
        else:
            flash(_("The draft is saved. It is not public until every organisation it "
                    "names has signed it."), "success")
            return _detail(response)
    status = 400 if request.method == "POST" else 200
    return _edit_page(round_, form, theme=theme, need=need, existing=existing, status=status)


def _edit_page(round_: Round, form: ResponseForm, *, theme, need, response=None,
               existing=None, saved_now=None, saved_limits=None, status=200):
    return render_template("responses/edit.html", round=round_, theme=theme, need=need,
                           form=form, response=response, existing=existing,
                           saved_now=saved_now, saved_limits=saved_limits,
                           background=background.of(round_, theme=theme, need=need)), status


def _limits_complete(form: ResponseForm) -> bool:
    """The stance's need of a limit, said on the form (the service holds the rule too)."""
    try:
        services.check_limits(form.stance.data, services.clean_limits(form.limits.as_data()))
    except services.ResponseError as error:
        add_error(form.limits, error.message)
        return False
    return True


# -- one response ----------------------------------------------------------------------------

@bp.get("/staff/responses/<int:response_id>")
@login_required
def detail(response_id: int):
    response = _response(response_id)
    user = current_user
    return render_template(
        "responses/detail.html", response=response, round=services.round_of(response),
        subject=services.subject_of(response), to_sign=services.text_to_sign(response),
        to_sign_limits=services.limits_to_sign(response),
        awaiting=permissions.awaits_signatures(response),
        history=services.response_history(response), today=services.local_today(),
        is_overdue=services.is_overdue,
        can_edit=permissions.can_edit(user, response),
        can_sign=permissions.can_sign(user, response),
        commit_for=_commit_organisations(response),
        can_report_on=lambda c: permissions.can_report_on(user, c),
        confirm_form=ConfirmForm(),
    )


def _commit_organisations(response: Response) -> list[Organisation]:
    return [link.organisation for link in response.organisations
            if permissions.can_add_commitment(current_user, response, link.organisation_id)]


@bp.route("/staff/responses/<int:response_id>/edit", methods=["GET", "POST"])
@csrf.exempt
@login_required
def edit(response_id: int):
    response = _response(response_id)
    if not permissions.can_edit(current_user, response):
        abort(403)
    round_ = services.round_of(response)
    published = response.status == ResponseStatus.PUBLISHED
    form = ResponseForm(_area_organisations(round_), fixed=published)
    current = services.fingerprint(response)
    changed_meanwhile = False
    if request.method == "GET":
        form.stance.data, form.text.data = services.text_to_sign(response)
        limits, form.who_decides.data = services.limits_to_sign(response)
        form.fill_limits(limits)
        if not published:
            form.organisations.data = sorted(permissions.named_organisation_ids(response))
    elif form.wants_a_limit_row():
        form.based_on.data = form.based_on.data or current
        return _edit_page(round_, form, theme=response.theme, need=response.need,
                          response=response)
    elif form.validate() and form.based_on.data != current:
        # Someone else changed it after this form was opened: show theirs, keep ours.
        changed_meanwhile = True
        add_error(form.text, _("Someone changed the response after you opened this form. "
                               "Compare with the text now saved, then save again."))
    elif not form.errors and _limits_complete(form):
        try:
            changed = services.edit(
                response, current_user, stance=form.stance.data, text=form.text.data,
                organisation_ids=None if published else form.organisations.data,
                based_on=form.based_on.data or "", limits=form.limits.as_data(),
                who_decides=form.who_decides.data)
        except services.ChangedMeanwhile as error:  # saved by someone else at the same time
            changed_meanwhile = True
            add_error(form.text, error.message)
            current = services.fingerprint(response)
        except services.LimitError as error:
            add_error(form.limits, error.message)
        except services.ResponseError as error:
            add_error(form.text if published else form.organisations, error.message)
        else:
            if not changed:
                flash(_("Nothing was changed."), "info")
            elif published:
                flash(_("The change is saved. The published version stays public until every "
                        "organisation has signed the change."), "success")
            else:
                flash(_("The draft is saved. Signatures given before the change are "
                        "cleared: the new text must be signed again."), "success")
            return _detail(response)
    form.based_on.data = current
    status = 400 if request.method == "POST" else 200
    return _edit_page(round_, form, theme=response.theme, need=response.need,
                      response=response, status=status,
                      saved_now=services.text_to_sign(response) if changed_meanwhile else None,
                      saved_limits=services.limits_to_sign(response) if changed_meanwhile
                      else None)


@bp.post("/staff/responses/<int:response_id>/discard")
@login_required
def discard(response_id: int):
    response = _response(response_id)
    try:
        services.discard_change(response, current_user)
    except services.ResponseError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The proposed change is discarded. The published version is unchanged."),
              "success")
    return _detail(response)


@bp.route("/staff/responses/<int:response_id>/sign", methods=["GET", "POST"])
@csrf.exempt
@login_required
def sign(response_id: int):
    """Show exactly the text to sign, say whether signing publishes it, then confirm."""
    response = _response(response_id)
    if not permissions.can_sign(current_user, response):
        if request.method == "POST":  # signed already (a double click), or not theirs
            flash(_("There is nothing for you to sign on this response."), "info")
            return _detail(response)
        abort(403)
    form = SignForm()
    if request.method == "GET":
        form.fingerprint.data = services.fingerprint(response)
    elif form.validate():
        try:
            outcome = services.sign(response, current_user, form.fingerprint.data or "")
        except services.ResponseError as error:
            add_error(form.confirm, error.message)
            form.fingerprint.data = services.fingerprint(response)
        else:
            messages = {
                "signed": _("You have signed. The response is published when the other "
                            "organisations have signed too."),
                "published": _("You have signed, and the response is now published."),
                "updated": _("You have signed, and the new version is now published."),
            }
            flash(messages[outcome], "success")
            return _detail(response)
    missing = services.missing_signatures(response)
    return render_template(
        "responses/sign.html", response=response, round=services.round_of(response),
        subject=services.subject_of(response), to_sign=services.text_to_sign(response),
        to_sign_limits=services.limits_to_sign(response),
        form=form, publishes=len(missing) == 1,
        others=[link for link in missing if link.organisation_id != current_user.organisation_id],
    ), (400 if request.method == "POST" else 200)


# -- commitments -----------------------------------------------------------------------------

@bp.route("/staff/responses/<int:response_id>/commitments/new", methods=["GET", "POST"])
@csrf.exempt
@login_required
def new_commitment(response_id: int):
    response = _response(response_id)
    organisations = _commit_organisations(response)
    if not organisations:
        abort(403)
    form = CommitmentForm(organisations, [user for organisation in organisations
                                          for user in commitments.possible_holders(
                                              organisation.id)])
    if request.method == "POST" and form.validate():
        try:
            commitment = commitments.add_commitment(
                response, current_user, organisation_id=form.organisation.data,
                text=form.text.data, due_on=form.due_on.data,
                responsible_role=form.responsible_role.data, holder_id=form.holder.data,
                submission_key=form.submission_key.data)
        except commitments.OwnerError as error:
            add_error(form.holder, error.message)
        except services.ResponseError as error:
            add_error(form.organisation, error.message)
        else:
            if response.status == ResponseStatus.DRAFT:
                flash(_("The commitment is added to the draft. Signatures given before are "
                        "cleared."), "success")
            else:
                flash(_("The commitment is added and public."), "success")
            return _detail(response, f"commitment-{commitment.id}")
    return render_template("responses/commitment.html", response=response,
                           round=services.round_of(response), form=form), (
        400 if request.method == "POST" else 200)


@bp.get("/staff/commitments")
@login_required
def overview():
    """Åtaganden: my organisation's commitments and my own, across every round."""
    if not permissions.can_see_commitment_overview(current_user):
        abort(403)
    show = request.args.get("show", "all")
    if show not in commitments.OVERVIEW_FILTERS:
        show = "all"
    today = services.local_today()
    return render_template("responses/overview.html", show=show, today=today,
                           rows=commitments.overview(current_user, show, today),
                           can_report_on=lambda c: permissions.can_report_on(current_user, c),
                           display_status_label=services.display_status_label)


@bp.route("/staff/commitments/<int:commitment_id>/owner", methods=["GET", "POST"])
@csrf.exempt
@login_required
def owner(commitment_id: int):
    """Name or change the commitment's responsible role and the person who holds it."""
    commitment = _commitment(commitment_id)
    response = commitment.response
    if not permissions.can_add_commitment(current_user, response, commitment.organisation_id):
        abort(403)
    form = OwnerForm(commitments.possible_holders(commitment.organisation_id))
    if request.method == "GET":
        form.responsible_role.data = commitment.responsible_role
        form.holder.data = commitment.holder.id if commitment.holder else None
    elif form.validate():
        try:
            changed = commitments.set_owner(commitment, current_user,
                                            responsible_role=form.responsible_role.data,
                                            holder_id=form.holder.data)
        except commitments.OwnerError as error:
            add_error(form.holder, error.message)
        except services.ResponseError as error:
            add_error(form.responsible_role, error.message)
        else:
            if changed:
                flash(_("Who is responsible is saved."), "success")
            return _detail(response, f"commitment-{commitment.id}")
    return render_template("responses/owner.html", commitment=commitment, response=response,
                           round=services.round_of(response), form=form), (
        400 if request.method == "POST" else 200)


@bp.post("/staff/commitments/<int:commitment_id>/remove")
@login_required
def remove_commitment(commitment_id: int):
    commitment = _commitment(commitment_id)
    response = commitment.response
    try:
        commitments.remove_commitment(commitment, current_user)
    except services.ResponseError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The commitment is removed from the draft."), "success")
    return _detail(response, "commitments-heading")


@bp.route("/staff/commitments/<int:commitment_id>/update", methods=["GET", "POST"])
@csrf.exempt
@login_required
def update(commitment_id: int):
    commitment = _commitment(commitment_id)
    if not permissions.can_report_on(current_user, commitment):
        abort(403)
    form = UpdateForm()
    if request.method == "GET":
        form.status.data = commitment.status
    elif form.validate():
        try:
            commitments.post_update(commitment, current_user, text=form.text.data,
                                    status=form.status.data,
                                    submission_key=form.submission_key.data)
        except services.ResponseError as error:
            add_error(form.text, error.message)
        else:
            flash(_("The update is published."), "success")
            return _detail(commitment.response, f"commitment-{commitment.id}")
    return render_template(
        "responses/update.html", commitment=commitment, response=commitment.response,
        round=services.round_of(commitment.response), form=form, today=services.local_today(),
        is_overdue=services.is_overdue,
    ), (400 if request.method == "POST" else 200)
