"""The residents' pages: the start page, a round's page, joining, My page and leaving.

Every page here reads who is asking through `rounds.services.current_participant`, which
uses `core.identity` (the one reader of the session cookie). No view commits: the request
commits at its end (`core.transaction`), or rolls back when the answer is an error.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from samskapande.accounts import throttle
from samskapande.core.errors import render_error
from samskapande.core.qr import qr_svg_response
from samskapande.core.refusals import add_error
from samskapande.core.security import client_ip
from samskapande.extensions import csrf, db
from samskapande.live.models import Meeting
from samskapande.needs.services import list_needs
from samskapande.notifications.forms import NotifyForm, StopForm
from samskapande.notifications.links import external_url
from samskapande.notifications.services import subscribe, unsubscribe
from samskapande.privacy.services import erase_participation
from samskapande.residents import services
from samskapande.residents.forms import (
    CodeForm,
    DisplayNameForm,
    EraseForm,
    ResumeForm,
    join_form_for,
)
from samskapande.responses.mandates import published_mandates
from samskapande.responses.public_queries import news_for
from samskapande.rounds import services as rounds_services
from samskapande.rounds.lookup import round_or_404, visible_round
from samskapande.rounds.models import Participant, Round, VotingMode
from samskapande.rounds.phases import (
    SCHEDULED_PHASES,
    can_join,
    can_submit_need,
    can_vote,
    is_closed,
    is_running,
    phase_label,
    results_visible,
    timeline,
)
from samskapande.terminal.services import is_terminal

TOP_NEEDS = 5

bp = Blueprint("residents", __name__)


@bp.app_context_processor
def inject_joined_participant():
    """`joined_participant()` for the header: whom this browser takes part as, if anyone.

    Staff keep their own header, so it is not asked for them; counted once per request.
    """

    def joined_participant() -> Participant | None:
        if "joined_participant" not in g:
            g.joined_participant = None
            if has_request_context() and not current_user.is_authenticated:
                g.joined_participant = services.joined_participant(
                    (request.view_args or {}).get("code"))
        return g.joined_participant

    return {"joined_participant": joined_participant}


# -- the start page ------------------------------------------------------------------------

@bp.get("/")
def index():
    """The start page: type the round's code, pick a round under way, or read about a model
    area and what became of its finished rounds."""
    return render_template("residents/index.html", form=CodeForm(request.args),
                           start=services.start_page())


@bp.get("/join")
def join_by_code():
    """The start page's code form lands here; an unknown code is said plainly."""
    form = CodeForm(request.args)
    if form.validate():
        round_ = visible_round(form.code.data)
        if round_ is not None:
            return redirect(url_for("residents.round_page", code=round_.code))
        add_error(form.code, _("No round has the code %(code)s. Check the poster and try again.",
                               code=form.code.data))
    return render_template("residents/index.html", form=form, start=None), 404


# -- the round's page and joining ----------------------------------------------------------

@bp.get("/r/<code>")
def round_page(code: str):
    round_ = round_or_404(code)
    if round_.code != code:  # e.g. /r/nasaker: one address per round
        return redirect(url_for("residents.round_page", code=round_.code), 301)
    participant = rounds_services.current_participant(round_)
    return _round_page(round_, participant, join_form_for(round_) if participant is None else None)


def _round_page(round_: Round, participant: Participant | None, join_form):
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.round_id == round_.id).order_by(Meeting.starts_at)
    ).all()
    # The most supported needs, unless support is not to be shown yet: then the newest.
    top = list_needs(round_, sort="support" if results_visible(round_) else "newest",
                     per_page=TOP_NEEDS)
    return render_template(
        "residents/round.html",
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
        steps=timeline(round_, SCHEDULED_PHASES),
        mandates=published_mandates(round_),
        mandates_open=can_submit_need(round_) or not (is_running(round_)
                                                       or is_closed(round_)),
    )


@bp.post("/r/<code>/join")
def join(code: str):
    round_ = round_or_404(code)
    if not can_join(round_):
        flash(_("This round is not open for new participants."), "error")
        return redirect(url_for("residents.round_page", code=round_.code))
    existing = rounds_services.current_participant(round_)
    if existing is not None:  # a double click or a resent form joins once
        return redirect(url_for("residents.my_page", code=round_.code))
    form = join_form_for(round_)
    ip = client_ip()
    # Per address, with limits a hall of fifty behind one router passes (accounts.throttle);
    # the form comes back with what was typed.
    if throttle.join_paused(ip) or (round_.ticket_mode and throttle.ticket_paused(ip)):
        add_error(form.ticket_code if round_.ticket_mode else form.display_name,
                  _("Many people have just joined from this network. Wait a minute and "
                    "press the button again: what you typed is kept."))
        return _round_page(round_, None, form), 429
    if not form.validate_on_submit():
        return _round_page(round_, None, form), 400
    throttle.note(throttle.JOIN, ip, identifier=throttle.round_key(round_.id), succeeded=True)
    profile = {q.key: form[f"profile_{q.key}"].data for q in round_.profile_questions}
    try:
        participant = rounds_services.join_round(
            round_, form.display_name.data, profile,
            ticket_code=form.ticket_code.data if round_.ticket_mode else None,
        )
    except rounds_services.JoinError as error:
        if round_.ticket_mode:
            throttle.note(throttle.TICKET, ip, identifier=throttle.round_key(round_.id))
        add_error(form.ticket_code, error.message)
        return _round_page(round_, None, form), 400
    rounds_services.remember(participant)
    flash(_("Welcome! You are now taking part in the round."), "success")
    return redirect(url_for("residents.my_page", code=round_.code, welcome=1))


@bp.get("/r/<code>/qr.svg")
def qr_code(code: str):
    """A QR code for the round's short address, for posters and the projector."""
    round_ = round_or_404(code)
    return qr_svg_response(url_for("residents.round_page", code=round_.code, _external=True))


# -- My page -------------------------------------------------------------------------------

def _participant_or_flash(round_: Round) -> Participant | None:
    participant = rounds_services.current_participant(round_)
    if participant is None:
        flash(_("Join the round or continue with your personal code first."), "info")
    return participant


def _to_round_page(round_: Round):
    return redirect(url_for("residents.round_page", code=round_.code))


@bp.get("/r/<code>/me")
def my_page(code: str):
    round_ = round_or_404(code)
    participant = _participant_or_flash(round_)
    if participant is None:
        return _to_round_page(round_)
    since = rounds_services.note_visit(participant)
    return _my_page(round_, participant, _name_form(participant), since=since)


def _name_form(participant: Participant) -> DisplayNameForm:
    return DisplayNameForm(data={"display_name": participant.display_name or ""})


def _my_page(round_: Round, participant: Participant, name_form, status: int = 200,
             notify_form=None, since=None):
    since = since or participant.previous_seen_at or participant.created_at
    return render_template(
        "residents/me.html", round=round_, participant=participant,
        my_needs=services.my_needs(participant),
        votes=services.my_voted_needs(participant),
        dots_mode=round_.voting_mode == VotingMode.DOTS,
        dots_left=max(0, round_.dots_per_participant - participant.dots_used),
        can_vote=can_vote(round_), can_submit=can_submit_need(round_),
        name_form=name_form, welcome=request.args.get("welcome") == "1",
        news=news_for(participant, since), since=since,
        first_visit=participant.previous_seen_at is None, terminal=is_terminal(),
        notify_form=notify_form or NotifyForm(formdata=None),
        stop_form=StopForm(formdata=None),
    ), status


# -- the personal code on paper or in a file -----------------------------------------------

@bp.get("/r/<code>/me/code")
def code_slip(code: str):
    """A small slip to print with the personal code: the round, the code, where to go.

    Only one's own code, read from the session: the address holds no code to guess. The
    address to continue at is the site's public one (PUBLIC_URL), as in mail.
    """
    round_ = round_or_404(code)
    participant = _participant_or_flash(round_)
    if participant is None:
        return _to_round_page(round_)
    return render_template("residents/code_slip.html", round=round_, participant=participant,
                           resume_url=external_url("residents.resume"))


@bp.get("/r/<code>/me/code.txt")
def code_file(code: str):
    """The same slip as a small text file to keep on one's own device."""
    round_ = round_or_404(code)
    participant = _participant_or_flash(round_)
    if participant is None:
        return _to_round_page(round_)
    if is_terminal():  # a file saved on a shared computer would be left to the next person
        return redirect(url_for("residents.code_slip", code=round_.code))
    body = render_template("residents/code_slip.txt", round=round_, participant=participant,
                           resume_url=external_url("residents.resume"))
    filename = f"samskapande-{round_.code.lower()}.txt"
    return Response(body, mimetype="text/plain",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


# The form checks its own CSRF token, so an expired form keeps the name and says why.
@bp.post("/r/<code>/me/name")
@csrf.exempt
def change_name(code: str):
    round_ = round_or_404(code)
    participant = _participant_or_flash(round_)
    if participant is None:
        return _to_round_page(round_)
    form = DisplayNameForm()
    if not form.validate():
        return _my_page(round_, participant, form, 400)
    rounds_services.set_display_name(participant, form.display_name.data)
    flash(_("Your name in the round is saved.") if participant.display_name
          else _("You now take part anonymously."), "success")
    return redirect(url_for("residents.my_page", code=round_.code))


# The form checks its own CSRF token, so an expired form keeps the address and says why.
@bp.post("/r/<code>/me/email")
@csrf.exempt
def give_email(code: str):
    """Say yes to e-mail about one's needs, on My page."""
    round_ = round_or_404(code)
    participant = rounds_services.current_participant(round_)
    if participant is None:
        return _to_round_page(round_)
    form = NotifyForm()
    if not form.validate():
        return _my_page(round_, participant, _name_form(participant), 400, form)
    subscribe(participant, form.email.data, rounds_services.current_locale())
    flash(_("Thank you. We will e-mail you when your needs get a response or a follow-up."),
          "success")
    return redirect(url_for("residents.my_page", code=round_.code, _anchor="email-heading"))


@bp.post("/r/<code>/me/email/stop")
def stop_email(code: str):
    """Withdraw the yes to e-mail; the address is deleted."""
    round_ = round_or_404(code)
    participant = rounds_services.current_participant(round_)
    if participant is None:
        return _to_round_page(round_)
    if StopForm().validate_on_submit():
        unsubscribe(participant)
        flash(_("We will not e-mail you any more, and we have deleted your address."),
              "success")
    return redirect(url_for("residents.my_page", code=round_.code, _anchor="email-heading"))


@bp.route("/r/<code>/me/erase", methods=["GET", "POST"])
def erase(code: str):
    """Erase my participation: a page that explains what happens, then a POST."""
    round_ = round_or_404(code)
    participant = _participant_or_flash(round_)
    if participant is None:
        return _to_round_page(round_)
    form = EraseForm()
    if form.validate_on_submit():
        erase_participation(participant)
        rounds_services.forget(round_)
        flash(_("Your participation is erased. Thank you for taking part."), "success")
        return _to_round_page(round_)
    return render_template("residents/erase.html", round=round_, form=form,
                           delete_needs=round_.erasure_policy == "delete")


# -- leaving and coming back ---------------------------------------------------------------

@bp.post("/r/<code>/leave")
def leave(code: str):
    """Forget the participation on this device (it can be continued with the personal code)."""
    round_ = round_or_404(code)
    rounds_services.forget(round_)
    flash(_("This device no longer remembers you. Continue later with your personal code."),
          "success")
    return _to_round_page(round_)


@bp.route("/resume", methods=["GET", "POST"])
def resume():
    """Continue a participation on this device with the personal code.

    Throttled per code tried and per address (accounts.throttle), never for everyone.
    """
    form = ResumeForm()
    if form.validate_on_submit():
        ip, code = client_ip(), form.resume_code.data
        if throttle.resume_paused(code, ip):
            return render_error(429)
        participant = rounds_services.find_participant_by_resume_code(code)
        if participant is None:  # only failures count (a right code is not linked to an address)
            throttle.note(throttle.RESUME, ip, identifier=throttle.code_key(code))
        else:
            rounds_services.remember(participant)
            flash(_("Welcome back!"), "success")
            return redirect(url_for("residents.my_page", code=participant.round.code))
        add_error(form.resume_code,
                  _("We found no participation with that code. Check it and try again."))
    return render_template("residents/resume.html", form=form)
