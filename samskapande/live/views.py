"""The meeting page: the stream of posts, posting, upvoting, answering, polls, where I am.

Everything works as plain forms without JavaScript; static/js/live.js adds real time on
top. The facilitator's pages (moderation, projector, transcript) are in live.staff_views.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.extensions import csrf, db
from samskapande.live import forms, permissions, services
from samskapande.live.models import Meeting, Message, Poll
from samskapande.live.payloads import speaker, speaker_parts
from samskapande.realtime import journal
from samskapande.realtime.presence import counts as presence_counts
from samskapande.rounds.models import Participant
from samskapande.rounds.services import current_participant, find_round

bp = Blueprint("live", __name__)

WHERE_KEY = "live_where"


@bp.context_processor
def live_helpers():
    return {"speaker_parts": speaker_parts}


def meeting_or_404(code: str, meeting_id: int) -> Meeting:
    round_ = find_round(code)
    meeting = db.session.get(Meeting, meeting_id)
    if round_ is None or meeting is None or meeting.round_id != round_.id:
        abort(404)
    return meeting


def message_or_404(meeting: Meeting, message_id: int) -> Message:
    message = db.session.get(Message, message_id)
    if message is None or message.meeting_id != meeting.id:
        abort(404)
    return message


def poll_or_404(meeting: Meeting, poll_id: int) -> Poll:
    poll = db.session.get(Poll, poll_id)
    if poll is None or poll.meeting_id != meeting.id:
        abort(404)
    return poll


def viewer(meeting: Meeting):
    """(staff user or None, participant or None) of the current request."""
    user = current_user if permissions.can_answer(current_user, meeting) else None
    return user, current_participant(meeting.round)


def where_of(meeting: Meeting) -> str:
    return (session.get(WHERE_KEY) or {}).get(str(meeting.id), "remote")


def meeting_url(meeting: Meeting, **kwargs) -> str:
    return url_for("live.meeting", code=meeting.round.code, meeting_id=meeting.id, **kwargs)


def post_form(meeting: Meeting, **kwargs) -> forms.PostForm:
    return forms.PostForm(services.directable_organisations(meeting),
                          services.directable_people(meeting), **kwargs)


def payloads(messages) -> list[dict]:
    """Public payloads of many posts, with their authors loaded in two queries, not one each."""
    messages = list(messages)
    participant_ids = {m.participant_id for m in messages if m.participant_id}
    user_ids = {i for m in messages for i in (m.user_id, m.answered_by_id, m.directed_user_id) if i}
    # Into the session's identity map (held by `loaded`), where the payloads look them up.
    loaded = [*db.session.scalars(select(Participant).where(Participant.id.in_(participant_ids))),
              *db.session.scalars(select(User).where(User.id.in_(user_ids)))]
    votes = services.vote_counts(m.id for m in messages)
    result = [{**services.message_payload(m, votes.get(m.id, 0)),
               "time": format_time(m.created_at, "HH:mm")} for m in messages]
    del loaded
    return result


def render_meeting(meeting: Meeting, http_status: int = 200, **overrides):
    user, participant = viewer(meeting)
    following = permissions.can_follow_meeting(user, participant, meeting)
    polls = services.polls_of(meeting) if following else []
    context = {
        "round": meeting.round, "meeting": meeting, "participant": participant,
        "staff": user is not None, "following": following,
        "moderator": permissions.can_moderate(current_user, meeting),
        "can_post": permissions.can_post(user, participant, meeting),
        "muted": services.is_muted(meeting, participant),
        "posts": payloads(services.visible_messages(meeting)) if following else [],
        "my_votes": services.my_votes(meeting, participant),
        "polls": [(poll, services.poll_payload(poll), services.has_answered(poll, participant),
                   forms.PollAnswerForm(poll, formdata=None)) for poll in polls],
        "can_answer_polls": {poll.id: permissions.can_answer_poll(participant, poll, meeting)
                             for poll in polls},
        "form": post_form(meeting, formdata=None),
        "where": where_of(meeting), "where_form": forms.WhereForm(where=where_of(meeting)),
        "action_form": forms.ActionForm(), "answer_form": forms.AnswerForm(formdata=None),
        "last_public": journal.last_seq(meeting.id, "public"),
        "last_staff": journal.last_seq(meeting.id, "staff") if user is not None else 0,
        "presence": presence(meeting), "speaker": speaker,
    }
    context.update(overrides)
    return render_template("live/meeting.html", **context), http_status


def presence(meeting: Meeting) -> dict:
    """How many are connected, in the room and remote (realtime.presence)."""
    return presence_counts(meeting.id)


@bp.get("/r/<code>/meetings/<int:meeting_id>")
def meeting(code: str, meeting_id: int):
    return render_meeting(meeting_or_404(code, meeting_id))


def _refused(meeting: Meeting, error) -> object:
    flash(str(error), "error")
    return redirect(meeting_url(meeting, _anchor="posts"))


# The forms check their own CSRF token, so an expired form keeps the text and says why.
@bp.post("/r/<code>/meetings/<int:meeting_id>/post")
@csrf.exempt
def post(code: str, meeting_id: int):
    meeting = meeting_or_404(code, meeting_id)
    user, participant = viewer(meeting)
    form = post_form(meeting)
    if not form.validate():
        return render_meeting(meeting, 400, form=form)
    organisation_id, user_id = form.directed()
    try:
        message = services.post_message(
            meeting, user=user, participant=participant, kind=form.kind.data,
            text=form.text.data, directed_organisation_id=organisation_id,
            directed_user_id=user_id)
    except services.LiveError as error:
        form.text.errors = [*form.text.errors, str(error)]
        return render_meeting(meeting, 400, form=form)
    if message.status == "pending":
        flash(_("Thank you! Your post is shown once the facilitator has approved it."),
              "success")
        return redirect(meeting_url(meeting, _anchor="posts"))
    flash(_("Your post is shown."), "success")
    return redirect(meeting_url(meeting, _anchor=f"post-{message.id}"))


@bp.post("/r/<code>/meetings/<int:meeting_id>/messages/<int:message_id>/upvote")
def upvote(code: str, meeting_id: int, message_id: int):
    meeting = meeting_or_404(code, meeting_id)
    message = message_or_404(meeting, message_id)
    if not forms.ActionForm().validate():
        return _refused(meeting, _("The form had expired. Send it again."))
    try:
        services.upvote_question(message, current_participant(meeting.round))
    except services.LiveError as error:
        return _refused(meeting, error)
    return redirect(meeting_url(meeting, _anchor=f"post-{message.id}"))


@bp.route("/r/<code>/meetings/<int:meeting_id>/messages/<int:message_id>/answer",
          methods=["GET", "POST"])
@csrf.exempt
def answer(code: str, meeting_id: int, message_id: int):
    meeting = meeting_or_404(code, meeting_id)
    message = message_or_404(meeting, message_id)
    if not permissions.can_answer(current_user, meeting):
        abort(403)
    form = forms.AnswerForm()
    context = {"round": meeting.round, "meeting": meeting, "form": form, "speaker": speaker,
               "post": services.message_payload(message)}
    if request.method == "GET":
        return render_template("live/answer.html", **context)
    if not form.validate():
        return render_template("live/answer.html", **context), 400
    try:
        services.answer_question(message, current_user, form.answer.data or "")
    except services.LiveError as error:
        form.answer.errors = [*form.answer.errors, str(error)]
        return render_template("live/answer.html", **context), 400
    flash(_("The question is marked answered."), "success")
    return redirect(meeting_url(meeting, _anchor=f"post-{message.id}"))


@bp.post("/r/<code>/meetings/<int:meeting_id>/polls/<int:poll_id>/answer")
@csrf.exempt
def answer_poll(code: str, meeting_id: int, poll_id: int):
    meeting = meeting_or_404(code, meeting_id)
    poll = poll_or_404(meeting, poll_id)
    form = forms.PollAnswerForm(poll)
    if not form.validate():
        flash(" ".join(str(e) for e in form.choice.errors)
              or _("The form had expired. Send it again."), "error")
        return redirect(meeting_url(meeting, _anchor=f"poll-{poll.id}"))
    try:
        services.answer_poll(poll, current_participant(meeting.round), form.choice.data)
    except services.LiveError as error:
        flash(str(error), "error")
    else:
        flash(_("Thank you for answering!"), "success")
    return redirect(meeting_url(meeting, _anchor=f"poll-{poll.id}"))


@bp.post("/r/<code>/meetings/<int:meeting_id>/where")
def set_where(code: str, meeting_id: int):
    meeting = meeting_or_404(code, meeting_id)
    form = forms.WhereForm()
    if form.validate():
        known = dict(session.get(WHERE_KEY) or {})
        known[str(meeting.id)] = form.where.data
        session[WHERE_KEY] = dict(list(known.items())[-20:])
        flash(_("Thank you! You are counted as in the room.") if form.where.data == "room"
              else _("Thank you! You are counted as remote."), "success")
    else:
        flash(_("Choose where you are."), "error")
    return redirect(meeting_url(meeting))


# The facilitator's routes and the meetings list, on the same blueprint.
from samskapande.live import setup_views, staff_views  # noqa: E402, F401
