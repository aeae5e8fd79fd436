"""Socket handlers of live meetings: join (with replay), post, upvote, answer, moderate, polls.

Each handler answers with an ack, `{"ok": true, ...}` or `{"ok": false, "error": "<a
translated sentence>"}`, also to an event sent with no data or too many arguments, and an
event no handler knows gets a refusal too: a client never waits for an ack in vain.
Before anything else every handler checks the size of what was sent and the sender's rate
(realtime.limits), and then who is sending (core.identity), read again from the database
on this very event: a staff account must still exist and be active, a participant must be
remembered by the session, not erased and of the meeting's round, and a library
terminal's visit must not have run out. The rules, permissions included, are the
services' (live.services), the same the HTTP views obey: a handler only turns their
refusal into an ack. Each event is one unit of work, committed when the handler returns
and rolled back on a refusal or an error; its journal events reach clients after that
commit. The protocol is documented in docs/realtime.md.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time

from flask import current_app, request, session
from flask_babel import gettext as _
from flask_socketio import join_room, leave_room
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.core.identity import identity
from samskapande.core.refusals import Refusal
from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db, socketio
from samskapande.live import permissions, services
from samskapande.live.models import Meeting, Message, Poll
from samskapande.realtime import journal, limits, presence, queue_health
from samskapande.realtime.models import LivePresence
from samskapande.rounds.models import Participant
from samskapande.terminal.services import SEEN_KEY, idle_seconds, is_terminal

log = logging.getLogger(__name__)

REPLAY_MAX = 500  # a client further behind than this reloads the page instead
_activity: dict[str, float] = {}  # sid -> last event (terminal visits stay alive through it)
_activity_lock = threading.Lock()


class Refused(Refusal):
    """An event that is not carried out (a rate-limited one is a `limits.TooFast`, whose
    `details["retry_after"]` the ack passes on)."""


# -- who is sending -------------------------------------------------------------------------

def staff_user() -> User | None:
    """The logged-in staff member, read again from the database, if still active."""
    user_id = identity().user_id
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active else None


def participant_of(round_id: int) -> Participant | None:
    """The session's participant of that round, if it still exists and is not erased."""
    participant_id = identity().participant_id(round_id)
    participant = db.session.get(Participant, participant_id) if participant_id else None
    if participant is None or participant.erased_at is not None or participant.round_id != round_id:
        return None
    return participant


def _terminal_visit_over() -> bool:
    if not is_terminal():
        return False
    seen = session.get(SEEN_KEY)
    with _activity_lock:
        last = max(_activity.get(request.sid, 0.0),
                   seen if isinstance(seen, (int, float)) else 0.0)
    return bool(last) and time.time() - last > idle_seconds()


def identity_key(user, participant) -> str:
    return f"user:{user.id}" if user is not None else f"participant:{participant.id}"


def who(meeting: Meeting) -> tuple[User | None, Participant | None]:
    """The sender in this meeting: (staff user or None, participant or None); refuses no one."""
    if _terminal_visit_over():
        raise Refused(_("Your visit on this terminal has ended. Start again from the first page."))
    user = staff_user()
    participant = participant_of(meeting.round_id)
    if user is None and participant is None:
        raise Refused(_("You cannot take part in this meeting. Join the round or log in again."))
    return user, participant


def session_identity() -> str | None:
    """A key for the rate limit before the meeting is known: the session's person."""
    return identity().key


# -- the handler frame ----------------------------------------------------------------------

def _checked(data, kind: str, func) -> dict | None:
    """Run `func(data)` once the event's size, sender and rate have been checked."""
    if not isinstance(data, dict):
        raise Refused(_("The request could not be read."))
    if limits.payload_too_large(data):
        raise Refused(_("The request is too large: at most %(kb)d KB (%(bytes)d bytes) in all.",
                        kb=limits.MAX_PAYLOAD_BYTES // 1024, bytes=limits.MAX_PAYLOAD_BYTES))
    key = session_identity()
    if key is None:
        raise Refused(_("You cannot take part in this meeting. Join the round or log in again."))
    limits.refuse_if_too_fast(key, kind)  # the same limit as the HTTP forms
    with _activity_lock:
        _activity[request.sid] = time.time()
    return func(data)


def handler(event: str, kind: str = "write"):
    """Register a socket handler with the checks every event gets, and an ack for every outcome."""
    def decorate(func):
        @functools.wraps(func)
        def run(*args):
            # Any number of arguments is accepted here, so that an event sent with none or
            # with extra ones is refused with an ack instead of failing without an answer.
            data = args[0] if len(args) == 1 else None
            try:
                with unit_of_work():  # one event, one transaction; a refusal keeps nothing
                    return {"ok": True, **(_checked(data, kind, func) or {})}
            except Refusal as error:
                refusal = {"ok": False, "error": str(error)}
                if error.details.get("retry_after"):
                    refusal["retry_after"] = error.details["retry_after"]
                return refusal
            except Exception:
                log.exception("socket event %s failed", event)
                return {"ok": False, "error": _("Something went wrong. Try again.")}
        socketio.on_event(event, run)
        return run
    return decorate


@socketio.on("*")
def on_unknown_event(_event, *_args):
    """Every event no handler knows (a typo, a newer client): an ack that says so, where
    Socket.IO would otherwise leave the client waiting for one until its timeout."""
    return {"ok": False, "error": _("The server does not know this event.")}


def _id(data: dict, key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Refused(_("The request could not be read."))
    try:
        return int(value)
    except ValueError:
        raise Refused(_("The request could not be read.")) from None


def _text(data: dict, key: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise Refused(_("The request could not be read."))
    if len(value) > limits.MAX_TEXT_CHARS:
        raise Refused(_("At most %(max)d characters. Shorten the text a little.",
                        max=limits.MAX_TEXT_CHARS))
    return value


def _meeting(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise Refused(_("The meeting was not found."))
    return meeting


def _message(data: dict, key: str = "message_id") -> Message:
    message = db.session.get(Message, _id(data, key))
    if message is None:
        raise Refused(_("The post was not found."))
    return message


# -- joining and replay ---------------------------------------------------------------------

STREAMS = ("public", "staff")



def _choice(data: dict, key: str, choices: tuple[str, ...]) -> str:
    """An optional field that is one of `choices`; absent or null is the first."""
    value = data.get(key)
    if value is None:
        return choices[0]
    if value not in choices:
        raise Refused(_("The request could not be read."))
    return value


def _after(data: dict) -> dict[str, int]:
    """The last seq the client has per stream; absent (or null) is nothing yet.

    A wrong type is refused rather than read as 0, which would replay from the start.
    """
    after = data.get("after")
    if after is None:
        return {}
    if not isinstance(after, dict) or not set(after) <= set(STREAMS) or not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in after.values()):
        raise Refused(_("The request could not be read."))
    return after


def _replay(meeting: Meeting, streams: list[str], after: dict[str, int]) -> dict:
    """What the client missed per stream, or `reset` when replaying cannot bring it up to
    date: too far behind, or ahead of the journal (a database restored from a backup),
    where it would drop every new event as one it already has."""
    answer: dict = {"streams": streams}
    for stream in streams:
        since, last = after.get(stream, 0), journal.last_seq(meeting.id, stream)
        if last - since > REPLAY_MAX or since > last:
            return {"reset": True, "streams": streams}
        answer[stream] = journal.events_since(meeting.id, stream, since, limit=REPLAY_MAX)
    return answer


@handler("meeting:join", kind="join")
def on_join(data):
    meeting = _meeting(_id(data, "meeting_id"))
    after = _after(data)
    where = _choice(data, "where", ("remote", "room"))
    view = _choice(data, "view", ("page", "projector"))
    user, participant = who(meeting)
    if not permissions.can_follow_meeting(user, participant, meeting):
        raise Refused(_("You cannot take part in this meeting. Join the round or log in again."))
    if view == "projector" and not permissions.is_meeting_staff(user, meeting):
        raise Refused(_("Only the meeting's staff can open the projector view."))
    staff = view != "projector" and permissions.is_meeting_staff(user, meeting)
    # Join first, read the journal second: whatever commits in between arrives twice at
    # most (the client drops seq it has), never not at all.
    join_room(journal.meeting_room(meeting.id))
    if staff:
        join_room(journal.meeting_staff_room(meeting.id))
    else:
        leave_room(journal.meeting_staff_room(meeting.id))
    answer = _replay(meeting, list(STREAMS) if staff else ["public"], after)
    changed = presence.enter(request.sid, meeting.id, identity_key(user, participant),
                             "projector" if view == "projector" else where)
    app = current_app._get_current_object()
    presence.start_heartbeat(app, disconnect_list)
    queue_health.start(app)
    if changed:  # a re-join (gap fill, reconnect) changes no counts
        presence.push_soon(app, meeting.id)
    answer["presence"] = presence.counts(meeting.id)
    answer["queue"] = queue_health.state()  # "delayed": show it, and join again now and then
    return answer


@socketio.on("disconnect")
def on_disconnect(*_args):
    with _activity_lock:
        _activity.pop(request.sid, None)
    try:
        with unit_of_work():
            left = presence.leave(request.sid)
        for meeting_id in left:
            presence.push_soon(current_app._get_current_object(), meeting_id)
    except Exception:
        log.exception("could not update presence after a disconnect")


def disconnect_list(rows: list[LivePresence]) -> list[str]:
    """The sids (of this process) whose person may no longer follow: staff deactivated or
    participant erased. Called by the presence heartbeat."""
    users = {int(r.identity[5:]) for r in rows if r.identity.startswith("user:")}
    parts = {int(r.identity[12:]) for r in rows if r.identity.startswith("participant:")}
    active = set(db.session.scalars(select(User.id).where(User.id.in_(users), User.active)))
    alive = set(db.session.scalars(select(Participant.id).where(
        Participant.id.in_(parts), Participant.erased_at.is_(None))))
    return [r.sid for r in rows
            if (r.identity.startswith("user:") and int(r.identity[5:]) not in active)
            or (r.identity.startswith("participant:") and int(r.identity[12:]) not in alive)]


# -- what people do -------------------------------------------------------------------------

POST_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")


def _post_key(data: dict) -> str | None:
    """The client's own key of a post, optional: the same key again is the same post."""
    key = data.get("key")
    if key is None:
        return None
    if not isinstance(key, str) or not POST_KEY.fullmatch(key):
        raise Refused(_("The request could not be read."))
    return key


@handler("meeting:post")
def on_post(data):
    meeting = _meeting(_id(data, "meeting_id"))
    user, participant = who(meeting)
    kind = data.get("kind") or "message"
    if not isinstance(kind, str):
        raise Refused(_("The request could not be read."))
    directed = {key: _id(data, key) if data.get(key) not in (None, "") else None
                for key in ("directed_organisation_id", "directed_user_id")}
    message = services.post_message(meeting, user=user, participant=participant, kind=kind,
                                    text=_text(data, "text"), key=_post_key(data), **directed)
    return {"message": services.message_payload(message)}


@handler("meeting:upvote")
def on_upvote(data):
    message = _message(data)
    _user, participant = who(message.meeting)
    services.upvote_question(message, participant)
    return {"message_id": message.id}


@handler("meeting:answer")
def on_answer(data):
    """A written answer (`text`), or `mark_answered: true` for one given aloud."""
    message = _message(data)
    user, _participant = who(message.meeting)
    mark = data.get("mark_answered", False)
    if not isinstance(mark, bool):
        raise Refused(_("The request could not be read."))
    if mark:
        services.mark_answered(message, user)
    else:
        services.answer_question(message, user, _text(data, "text", required=False))
    return {"message_id": message.id}


@handler("meeting:moderate")
def on_moderate(data):
    action = data.get("action")
    if not isinstance(action, str):
        raise Refused(_("The request could not be read."))
    if data.get("message_id") is not None or data.get("participant_message_id") is not None:
        target = _message(data, "message_id" if data.get("message_id") is not None
                          else "participant_message_id")
        meeting = target.meeting
    else:
        target = meeting = _meeting(_id(data, "meeting_id"))
    user, _participant = who(meeting)
    seconds = data.get("seconds", 0)
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise Refused(_("The request could not be read."))
    services.moderate(target, user, action, reason=_text(data, "reason", required=False),
                      seconds=seconds, mode=data.get("mode"))
    return {}


@handler("poll:answer")
def on_poll_answer(data):
    poll = db.session.get(Poll, _id(data, "poll_id"))
    if poll is None:
        raise Refused(_("The poll was not found."))
    meeting = _meeting(poll.meeting_id)
    _user, participant = who(meeting)
    if participant is None:
        raise Refused(_("Join the round to answer the poll."))
    option_ids = data.get("option_ids")
    if not isinstance(option_ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in option_ids):
        raise Refused(_("Choose an option."))
    services.answer_poll(poll, participant, option_ids)
    return {"poll_id": poll.id}
