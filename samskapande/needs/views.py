"""Browsing, submitting and changing needs."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from samskapande.core.lookup import get_or_404
from samskapande.core.refusals import add_error
from samskapande.extensions import csrf, db
from samskapande.needs import services
from samskapande.needs.forms import ConfirmForm, EditNeedForm, ListForm, NeedForm, chosen_id
from samskapande.needs.models import Need, NeedStatus
from samskapande.needs.permissions import author_may_change, is_author
from samskapande.rounds.lookup import round_or_404
from samskapande.rounds.models import Participant, Round, VotingMode
from samskapande.rounds.phases import (
    VOTING_PHASE_LABEL,
    can_submit_need,
    can_vote,
    planned_voting_start,
    results_visible,
    support_while_collecting,
    voting_opens_later,
)
from samskapande.rounds.services import current_participant
from samskapande.voting.services import VoteError, my_votes, set_support
from samskapande.voting.views import wants_json

bp = Blueprint("needs", __name__)



def voting_context(round_: Round, participant: Participant | None) -> dict:
    """What the vote controls on a page need: who votes, their dots, the round's rules."""
    voting = participant is not None and can_vote(round_)
    dots_left = None
    if voting and round_.voting_mode == VotingMode.DOTS:
        dots_left = max(0, round_.dots_per_participant - participant.dots_used)
    return {
        "voting": voting,
        "my_votes": my_votes(participant) if participant is not None else {},
        "dots_left": dots_left,
        "show_support": results_visible(round_),
        "voting_later": voting_later_text(round_),
        "support_from_start": support_while_collecting(round_) and not round_.voting_open,
    }


def voting_later_text(round_: Round) -> str | None:
    """When residents can vote, said while needs are collected and votes still wait."""
    if not voting_opens_later(round_):
        return None
    phase, starts = str(VOTING_PHASE_LABEL), planned_voting_start(round_)
    if round_.voting_mode == VotingMode.DOTS:
        if starts is not None:
            return _("You can give your dots to the needs once the round moves on to "
                     "“%(phase)s”, planned from %(date)s.", phase=phase,
                     date=format_date(starts, "long"))
        return _("You can give your dots to the needs once the round moves on to "
                 "“%(phase)s”.", phase=phase)
    if starts is not None:
        return _("You can support the needs once the round moves on to “%(phase)s”, "
                 "planned from %(date)s.", phase=phase, date=format_date(starts, "long"))
    return _("You can support the needs once the round moves on to “%(phase)s”.",
             phase=phase)


def default_sort(round_: Round) -> str:
    if can_vote(round_):
        return "random"  # against position bias while people vote
    return "support" if results_visible(round_) else "newest"


def here() -> str:
    """The current page as a path (with its query), for the vote forms' way back."""
    return request.full_path.rstrip("?")


@bp.get("/r/<code>/needs")
def list_view(code: str):
    round_ = round_or_404(code)
    participant = current_participant(round_)
    sorts = [s for s in services.SORTS if s != "support" or results_visible(round_)]
    form = ListForm(round_, sorts, request.args)
    form.validate()
    sort = form.value("sort") or default_sort(round_)
    form.sort.data = sort
    result = services.list_needs(
        round_, sort=sort, participant=participant,
        category_id=chosen_id(form.value("category")), goal_id=chosen_id(form.value("goal")),
        query=form.value("q"), page=form.value("page") or 1,
    )
    args = {name: value for name, value in request.args.items()
            if name in {"q", "sort", "category", "goal"}}
    return render_template(
        "needs/list.html", round=round_, participant=participant, form=form, result=result,
        page_args=args, filtered=bool(form.value("q") or form.value("category")
                                      or form.value("goal")),
        can_submit=can_submit_need(round_), next_url=here(),
        **voting_context(round_, participant),
    )


@bp.app_context_processor
def need_helpers():
    return {"need_referral": services.referral_of}


@bp.get("/r/<code>/needs/<int:need_id>")
def detail(code: str, need_id: int):
    round_ = round_or_404(code)
    participant = current_participant(round_)
    need = _visible_need_or_404(round_, need_id, participant)
    mine = is_author(participant, need)
    return render_template(
        "needs/detail.html", round=round_, participant=participant, need=need, mine=mine,
        support=services.support_of([need.id]).get(need.id, 0),
        can_change=author_may_change(participant, need),
        next_url=here(), **voting_context(round_, participant),
    )


def _visible_need_or_404(round_: Round, need_id: int, participant: Participant | None) -> Need:
    """The round's need if this viewer may see it (services.need_for_viewer), else 404."""
    get_or_404(Need, need_id, round_id=round_.id)
    need = services.need_for_viewer(round_, need_id, participant)
    if need is None:
        abort(404)
    return need


def _participant_or_join(round_: Round) -> Participant | None:
    participant = current_participant(round_)
    if participant is None:
        flash(_("Join the round or continue with your personal code first."), "info")
    return participant


def _join_page(round_: Round):
    return redirect(url_for("residents.round_page", code=round_.code, _anchor="join-heading"))


def _saved_already(key: str | None, participant: Participant) -> Need | None:
    """The need this form already saved (a double click, or the back button and resend)."""
    if not key:
        return None
    return db.session.scalar(select(Need).where(Need.submission_key == key,
                                                Need.participant_id == participant.id))


def _saved(round_: Round, need: Need):
    if need.status == NeedStatus.PENDING:
        flash(_("Thank you! Your need is saved. It will be shown to others once the "
                "facilitator has looked at it."), "success")
    else:
        flash(_("Thank you! Your need is saved and shown in the round."), "success")
    return redirect(url_for("residents.my_page", code=round_.code, _anchor=f"need-{need.id}"))


# The form checks its own CSRF token, so an expired form keeps the text and says why.
@bp.route("/r/<code>/needs/new", methods=["GET", "POST"])
@csrf.exempt
def new(code: str):
    round_ = round_or_404(code)
    participant = _participant_or_join(round_)
    if participant is None:
        return _join_page(round_)
    if not can_submit_need(round_):
        flash(_("The round is not collecting needs right now."), "info")
        return redirect(url_for("needs.list_view", code=round_.code))
    form = NeedForm(round_)
    if request.method == "GET" or request.form.get("action") == "edit":
        return render_template("needs/new.html", round=round_, form=form)
    if not form.validate():
        return render_template("needs/new.html", round=round_, form=form), 400
    existing = _saved_already(form.submission_key.data, participant)
    if existing is not None:
        return _saved(round_, existing)
    if form.confirmed.data != "1":
        similar = services.similar_needs(round_, form.text.data)
        if similar:
            return _similar_page(round_, participant, form, similar)
    try:
        need = services.submit_need(
            round_, participant, form.text.data,
            category_id=chosen_id(form.category.data), goal_id=chosen_id(form.goal.data),
            submission_key=form.submission_key.data,
        )
    except services.NeedError as error:
        add_error(form[error.details.get("field", "text")], error.message)
        return render_template("needs/new.html", round=round_, form=form), 400
    return _saved(round_, need)


def _similar_page(round_: Round, participant: Participant, form: NeedForm, similar=None,
                  status: int = 200):
    """The step that shows needs like the one being written, before it is saved."""
    if similar is None:
        similar = services.similar_needs(round_, form.text.data)
    return render_template(
        "needs/similar.html", round=round_, participant=participant, form=form,
        similar=similar, support=services.support_of(n.id for n in similar),
        next_url=url_for("needs.list_view", code=round_.code),
        **voting_context(round_, participant),
    ), status


def first_words(text: str, length: int = 60) -> str:
    """The start of a need's text, cut at a word, to name it in a sentence."""
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


# "Support this need instead" on the similar-needs step. The resident's own text comes
# along in the form (it checks its own CSRF token, so an expired form keeps the text and
# says why), and the page that confirms the support still offers to save it anyway.
@bp.post("/r/<code>/needs/new/instead/<int:need_id>")
@csrf.exempt
def support_instead(code: str, need_id: int):
    round_ = round_or_404(code)
    participant = current_participant(round_)
    if participant is None:
        message = _("Join the round or continue with your personal code first.")
        if wants_json():
            return jsonify(need_id=need_id, message=message), 403
        flash(message, "info")
        return _join_page(round_)
    need = _visible_need_or_404(round_, need_id, participant)
    form = NeedForm(round_)
    if not form.validate():
        return render_template("needs/new.html", round=round_, form=form), 400
    try:
        result = set_support(need, participant, True)
    except VoteError as error:  # refused before anything changed
        if wants_json():
            return jsonify(need_id=need_id, message=str(error.message)), 409
        flash(str(error.message), "error")
        return _similar_page(round_, participant, form, status=409)
    message = _("You now support “%(words)s”.", words=first_words(need.text))
    shown = results_visible(round_)
    if wants_json():
        return jsonify(need_id=need_id, my_dots=result.my_dots,
                       support=result.support if shown else None, dots_left=None,
                       message=message)
    flash(message, "success")
    return render_template(
        "needs/supported_instead.html", round=round_, participant=participant, form=form,
        need=need, support=result.support, show_support=shown,
    )


def _own_need_or_404(round_: Round, need_id: int, participant: Participant) -> Need:
    need = _visible_need_or_404(round_, need_id, participant)
    if not is_author(participant, need):
        abort(404)
    return need


def _refuse_change(round_: Round, need: Need, participant: Participant):
    """Send the author back to the need if it can no longer be changed, else None."""
    if author_may_change(participant, need):
        return None
    flash(_("This need can no longer be changed."), "info")
    return redirect(url_for("needs.detail", code=round_.code, need_id=need.id))


@bp.route("/r/<code>/needs/<int:need_id>/edit", methods=["GET", "POST"])
@csrf.exempt
def edit(code: str, need_id: int):
    round_ = round_or_404(code)
    participant = _participant_or_join(round_)
    if participant is None:
        return _join_page(round_)
    need = _own_need_or_404(round_, need_id, participant)
    refused = _refuse_change(round_, need, participant)
    if refused is not None:
        return refused
    if request.method == "GET":
        form = EditNeedForm(round_, data={
            "text": need.text,
            "category": str(need.category_id or ""),
            "goal": str(need.goal_id or ""),
        })
        return render_template("needs/edit.html", round=round_, form=form, need=need)
    form = EditNeedForm(round_)
    if not form.validate():
        return render_template("needs/edit.html", round=round_, form=form, need=need), 400
    try:
        services.edit_need(need, participant, form.text.data,
                           category_id=chosen_id(form.category.data),
                           goal_id=chosen_id(form.goal.data))
    except services.NeedError as error:
        add_error(form[error.details.get("field", "text")], error.message)
        return render_template("needs/edit.html", round=round_, form=form, need=need), 400
    flash(_("Your changes are saved."), "success")
    return redirect(url_for("needs.detail", code=round_.code, need_id=need.id))


@bp.route("/r/<code>/needs/<int:need_id>/withdraw", methods=["GET", "POST"])
def withdraw(code: str, need_id: int):
    round_ = round_or_404(code)
    participant = _participant_or_join(round_)
    if participant is None:
        return _join_page(round_)
    need = _own_need_or_404(round_, need_id, participant)
    refused = _refuse_change(round_, need, participant)
    if refused is not None:
        return refused
    form = ConfirmForm()
    if request.method == "POST" and form.validate():
        try:
            services.withdraw_need(need, participant)
        except services.NeedError as error:
            flash(str(error.message), "error")
            return redirect(url_for("needs.detail", code=round_.code, need_id=need.id))
        flash(_("Your need is withdrawn. It is no longer shown to others."), "success")
        return redirect(url_for("residents.my_page", code=round_.code))
    return render_template("needs/withdraw.html", round=round_, form=form, need=need)
