"""Joining a round by its code, the round's page, and the participant's own page."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from samskapande.accounts.services import TooManyAttempts, check_throttle, note_attempt
from samskapande.core.errors import render_error
from samskapande.core.qr import qr_svg_response
from samskapande.core.security import client_ip
from samskapande.extensions import csrf, db
from samskapande.live.models import Meeting
from samskapande.needs.models import Need
from samskapande.needs.services import list_needs
from samskapande.notifications.forms import NotifyForm, StopForm
from samskapande.privacy.services import erase_participation
from samskapande.responses.public_queries import news_for
from samskapande.rounds import services
from samskapande.rounds.forms import (
    CodeForm,
    DisplayNameForm,
    EraseForm,
    ResumeForm,
    join_form_for,
)
from samskapande.rounds.models import Round, VotingMode
from samskapande.rounds.phases import (
    can_join,
    can_submit_need,
    can_vote,
    phase_label,
    results_visible,
)
from samskapande.voting.services import my_votes

TOP_NEEDS = 5

bp = Blueprint("rounds", __name__)


def _round_or_404(code: str) -> Round:
    round_ = services.find_round(code)
    if round_ is None:
        abort(404)
    return round_


@bp.get("/join")
def join_by_code():
    """The start page's code form lands here; an unknown code is said plainly."""
    form = CodeForm(request.args)
    if form.validate():
        round_ = services.find_round(form.code.data)
        if round_ is not None:
            return redirect(url_for("rounds.round_page", code=round_.code))
        form.code.errors.append(
            _("No round has the code %(code)s. Check the poster and try again.",
              code=form.code.data)
        )
    return render_template("core/index.html", form=form, rounds=[]), 404


@bp.get("/r/<code>")
def round_page(code: str):
    round_ = _round_or_404(code)
    if round_.code != code:  # e.g. /r/nasaker: one address per round
        return redirect(url_for("rounds.round_page", code=round_.code), 301)
    participant = services.current_participant(round_)
    return _round_page(round_, participant, join_form_for(round_) if participant is None else None)


def _round_page(round_: Round, participant, join_form):
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.round_id == round_.id).order_by(Meeting.starts_at)
    ).all()
    # The most supported needs, unless support is not to be shown yet: then the newest.
    top = list_needs(round_, sort="support" if results_visible(round_) else "newest",
                     per_page=TOP_NEEDS)
    return render_template(
        "rounds/round.html",
        round=round_,
        participant=participant,
        join_form=join_form,
        can_join=can_join(round_),
        needs=top.items,
        needs_total=top.total,
        show_support=results_visible(round_),
        can_submit=can_submit_need(round_),
        can_vote=can_vote(round_),
        dots_mode=round_.voting_mode == VotingMode.DOTS,
        meetings=meetings,
        phase_label=phase_label,
    )


@bp.post("/r/<code>/join")
def join(code: str):
    round_ = _round_or_404(code)
    if not can_join(round_):
        flash(_("This round is not open for new participants."), "error")
        return redirect(url_for("rounds.round_page", code=round_.code))
    existing = services.current_participant(round_)
    if existing is not None:  # a double click or a resent form joins once
        return redirect(url_for("rounds.my_page", code=round_.code))
    form = join_form_for(round_)
    if not form.validate_on_submit():
        return _round_page(round_, None, form), 400
    profile = {q.key: form[f"profile_{q.key}"].data for q in round_.profile_questions}
    try:
        participant = services.join_round(
            round_, form.display_name.data, profile,
            ticket_code=form.ticket_code.data if round_.ticket_mode else None,
        )
    except services.JoinError as error:
        form.ticket_code.errors.append(str(error.message))
        return _round_page(round_, None, form), 400
    services.remember(participant)
    flash(_("Welcome! You are now taking part in the round."), "success")
    return redirect(url_for("rounds.my_page", code=round_.code, welcome=1))


def _participant_or_redirect(round_: Round):
    participant = services.current_participant(round_)
    if participant is None:
        flash(_("Join the round or continue with your personal code first."), "info")
    return participant


@bp.get("/r/<code>/me")
def my_page(code: str):
    round_ = _round_or_404(code)
    participant = _participant_or_redirect(round_)
    if participant is None:
        return redirect(url_for("rounds.round_page", code=round_.code))
    since = services.note_visit(participant)
    return _my_page(round_, participant, DisplayNameForm(data={
        "display_name": participant.display_name or ""}), since=since)


def render_my_page(round_: Round, participant, notify_form=None, status: int = 200):
    """My page with a form that came back with errors (used by notifications.views)."""
    return _my_page(round_, participant, DisplayNameForm(data={
        "display_name": participant.display_name or ""}), status, notify_form)


def _my_page(round_: Round, participant, name_form, status: int = 200, notify_form=None,
             since=None):
    since = since or participant.previous_seen_at or participant.created_at
    votes = my_votes(participant)
    voted = {need.id: need for need in db.session.scalars(
        select(Need).where(Need.id.in_(list(votes))))} if votes else {}
    return render_template(
        "rounds/me.html", round=round_, participant=participant,
        my_needs=services.my_needs(participant),
        votes=[(voted[need_id], dots) for need_id, dots in votes.items() if need_id in voted],
        dots_mode=round_.voting_mode == VotingMode.DOTS,
        dots_left=max(0, round_.dots_per_participant - participant.dots_used),
        can_vote=can_vote(round_), can_submit=can_submit_need(round_),
        name_form=name_form, welcome=request.args.get("welcome") == "1",
        news=news_for(participant, since), since=since,
        notify_form=notify_form or NotifyForm(formdata=None),
        stop_form=StopForm(formdata=None),
    ), status


# The form checks its own CSRF token, so an expired form keeps the name and says why.
@bp.post("/r/<code>/me/name")
@csrf.exempt
def change_name(code: str):
    round_ = _round_or_404(code)
    participant = _participant_or_redirect(round_)
    if participant is None:
        return redirect(url_for("rounds.round_page", code=round_.code))
    form = DisplayNameForm()
    if not form.validate():
        return _my_page(round_, participant, form, 400)
    services.set_display_name(participant, form.display_name.data)
    flash(_("Your name in the round is saved.") if participant.display_name
          else _("You now take part anonymously."), "success")
    return redirect(url_for("rounds.my_page", code=round_.code))


@bp.route("/r/<code>/me/erase", methods=["GET", "POST"])
def erase(code: str):
    """Erase my participation: a page that explains what happens, then a POST."""
    round_ = _round_or_404(code)
    participant = _participant_or_redirect(round_)
    if participant is None:
        return redirect(url_for("rounds.round_page", code=round_.code))
    form = EraseForm()
    if form.validate_on_submit():
        erase_participation(participant)
        services.forget(round_)
        flash(_("Your participation is erased. Thank you for taking part."), "success")
        return redirect(url_for("rounds.round_page", code=round_.code))
    return render_template("rounds/erase.html", round=round_, form=form,
                           delete_needs=round_.erasure_policy == "delete")


@bp.post("/r/<code>/leave")
def leave(code: str):
    """Forget the participation on this device (it can be continued with the personal code)."""
    round_ = _round_or_404(code)
    services.forget(round_)
    flash(_("This device no longer remembers you. Continue later with your personal code."),
          "success")
    return redirect(url_for("rounds.round_page", code=round_.code))


@bp.route("/resume", methods=["GET", "POST"])
def resume():
    form = ResumeForm()
    if form.validate_on_submit():
        ip = client_ip()
        try:
            check_throttle("resume_code", "", ip)
        except TooManyAttempts:
            return render_error(429)
        participant = services.find_participant_by_resume_code(form.resume_code.data)
        note_attempt("resume_code", "", ip, participant is not None)
        db.session.commit()
        if participant is not None:
            services.remember(participant)
            flash(_("Welcome back!"), "success")
            return redirect(url_for("rounds.my_page", code=participant.round.code))
        form.resume_code.errors.append(
            _("We found no participation with that code. Check it and try again.")
        )
    return render_template("rounds/resume.html", form=form)


@bp.get("/r/<code>/qr.svg")
def qr_code(code: str):
    """A QR code for the round's short address, for posters and the projector."""
    round_ = _round_or_404(code)
    url = url_for("rounds.round_page", code=round_.code, _external=True)
    return qr_svg_response(url)


@bp.get("/staff/rounds")
@login_required
def staff_overview():
    return render_template(
        "rounds/staff_overview.html", rounds=services.rounds_for_staff(current_user),
        phase_label=phase_label,
    )
