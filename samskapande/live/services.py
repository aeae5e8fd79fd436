"""The rules of a dialogue meeting: posting, questions, moderation and quick polls.

Called by the HTTP views and by the socket handlers (live.sockets) alike, so both obey the
same rules. Every function takes the acting person explicitly, checks permission and state,
queues its real-time events (realtime.journal, emitted only after commit) and flushes; the
caller (the request, the socket event) commits. Refusals raise `LiveError` (a `Refusal`)
before anything is changed.
"""

from __future__ import annotations

import functools
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from samskapande.accounts.models import Role, User
from samskapande.areas.models import Organisation
from samskapande.core.database import insert_ignoring_conflict
from samskapande.core.models import utcnow
from samskapande.core.signals import question_directed
from samskapande.core.text import normalise
from samskapande.extensions import db
from samskapande.live import permissions
from samskapande.live.common import LiveError, audit, clean, queue, require_moderator
from samskapande.live.erasure import replay_as_removed
from samskapande.live.models import (
    Meeting,
    Message,
    MessageKind,
    MessageStatus,
    Mute,
    QuestionAnswer,
    QuestionVote,
)
from samskapande.live.payloads import (
    meeting_payload,
    message_payload,
    poll_payload,
    vote_counts,
)
from samskapande.live.polls import answer_poll, close_poll, create_poll, has_answered, open_poll
from samskapande.live.queries import (
    held_messages,
    hidden_messages,
    muted_participants,
    my_votes,
    polls_of,
    spotlight_message,
    top_questions,
    visible_messages,
)
from samskapande.realtime import coalesce, journal
from samskapande.rounds import phases
from samskapande.rounds.models import ModerationMode, Participant

__all__ = [
    "LiveError", "answer_poll", "close_poll", "create_poll", "has_answered", "meeting_payload",
    "message_payload", "open_poll", "poll_payload", "vote_counts",
    "held_messages", "hidden_messages", "muted_participants", "my_votes", "polls_of",
    "spotlight_message", "top_questions", "visible_messages",
]

TEXT_MAX = 1000
ANSWER_MAX = 1000
REASON_MAX = 300
SLOW_MODE_MAX = 600
DOUBLE_SUBMIT_SECONDS = 60


# -- posting --------------------------------------------------------------------------------

def directable_organisations(meeting: Meeting) -> list[Organisation]:
    return sorted(meeting.round.model_area.organisations, key=lambda o: o.name)


def directable_people(meeting: Meeting) -> list[User]:
    """Officials and politicians of the round's model area, to whom a question may be put."""
    org_ids = [o.id for o in meeting.round.model_area.organisations]
    if not org_ids:
        return []
    return list(db.session.scalars(
        select(User).where(User.active.is_(True), User.organisation_id.in_(org_ids),
                           User.role.in_([Role.OFFICIAL, Role.POLITICIAN]))
        .order_by(User.name)))


def is_muted(meeting: Meeting, participant: Participant | None) -> bool:
    return participant is not None and db.session.scalar(
        select(Mute.id).where(Mute.meeting_id == meeting.id,
                              Mute.participant_id == participant.id)) is not None


def _check_direction(meeting: Meeting, organisation_id, user_id) -> None:
    if organisation_id is not None and organisation_id not in {
            o.id for o in directable_organisations(meeting)}:
        raise LiveError(_("Choose an organisation of this round."))
    if user_id is not None and user_id not in {u.id for u in directable_people(meeting)}:
        raise LiveError(_("Choose a person of this round."))


def _slow_mode_wait(meeting: Meeting, participant: Participant) -> int:
    """Seconds the participant must still wait before posting again (0: may post)."""
    if meeting.slow_mode_seconds <= 0:
        return 0
    last = db.session.scalar(
        select(func.max(Message.created_at)).where(Message.meeting_id == meeting.id,
                                                   Message.participant_id == participant.id))
    if last is None:
        return 0
    if last.tzinfo is None:
        last = last.replace(tzinfo=utcnow().tzinfo)
    left = (last + timedelta(seconds=meeting.slow_mode_seconds) - utcnow()).total_seconds()
    return max(0, int(left + 0.999))


def _recent_duplicate(meeting: Meeting, user, participant, kind: str, text: str):
    """The same post by the same person a moment ago: a double click or a resent form."""
    since = utcnow() - timedelta(seconds=DOUBLE_SUBMIT_SECONDS)
    author = (Message.user_id == user.id) if user is not None else (
        Message.participant_id == participant.id)
    return db.session.scalar(
        select(Message).where(Message.meeting_id == meeting.id, author, Message.kind == kind,
                              Message.text == text, Message.created_at >= since)
        .order_by(Message.id.desc()).limit(1))


def _author_is(user, participant):
    return (Message.user_id == user.id) if user is not None else (
        Message.participant_id == participant.id)


def _keyed_post(user, participant, key: str) -> Message | None:
    """The author's post sent earlier with this key: the same post sent again."""
    return db.session.scalar(select(Message).where(_author_is(user, participant),
                                                   Message.client_key == key))


def _add_keyed(message: Message, user, participant, key: str) -> Message | None:
    """Store a post with its key, or None when a post with that key is there already.

    Two sends of one post can race (a retry overtaking the first, a second tab): the
    unique index decides, so the second finds the first's row instead of failing.
    """
    values = {column.key: getattr(message, column.key) for column in Message.__table__.columns
              if getattr(message, column.key) is not None}
    if not insert_ignoring_conflict(db.session, Message.__table__, **values, client_key=key):
        return None
    return _keyed_post(user, participant, key)


def post_message(meeting: Meeting, *, user=None, participant=None, kind: str = "message",
                 text: str, directed_organisation_id: int | None = None,
                 directed_user_id: int | None = None, key: str | None = None) -> Message:
    """A message or question by a participant or a staff member of the round.

    With a `key` (the client's own, per post) the same post sent again is that post, not a
    second one: a post whose ack was lost can be sent again safely.
    """
    staff = user is not None and permissions.is_meeting_staff(user, meeting)
    if not staff:
        user = None
        if not permissions.can_post(None, participant, meeting):
            raise LiveError(_("Join the round to take part in the meeting."))
    elif not phases.can_write_in_meetings(meeting.round):
        raise LiveError(_("The meeting's chat is closed."))
    sent_before = _keyed_post(user, participant, key) if key is not None else None
    if sent_before is not None:
        return sent_before  # before slow mode: the post was made, only its answer got lost
    if kind not in (MessageKind.MESSAGE, MessageKind.QUESTION):
        raise LiveError(_("Choose message or question."))
    text = clean(text, TEXT_MAX)
    if kind != MessageKind.QUESTION:
        directed_organisation_id = directed_user_id = None
    _check_direction(meeting, directed_organisation_id, directed_user_id)
    duplicate = None if key is not None else _recent_duplicate(meeting, user, participant,
                                                              kind, text)
    if duplicate is not None:  # a key says which post is new; without one, the text does
        return duplicate
    if not staff:
        if not meeting.chat_open:
            raise LiveError(_("The meeting's chat is closed."))
        if is_muted(meeting, participant):
            raise LiveError(_("The facilitator has paused your posting in this meeting."))
        wait = _slow_mode_wait(meeting, participant)
        if wait:
            raise LiveError(_("Slow mode is on: you can post again in %(seconds)d seconds.",
                              seconds=wait))
    held = not staff and meeting.moderation == ModerationMode.PRE
    message = Message(
        meeting_id=meeting.id, user_id=user.id if staff else None,
        participant_id=None if staff else participant.id, kind=kind, text=text,
        status=MessageStatus.PENDING if held else MessageStatus.VISIBLE,
        directed_organisation_id=directed_organisation_id, directed_user_id=directed_user_id,
    )
    if key is None:
        db.session.add(message)
        db.session.flush()
    else:
        stored = _add_keyed(message, user, participant, key)
        if stored is None:  # the same post, sent at the same moment, got there first
            return _keyed_post(user, participant, key)
        message = stored
    if held:
        queue(meeting.id, "staff", "message", "held", message=message_payload(message))
    else:
        queue(meeting.id, "public", "message", "add", message=message_payload(message))
        _tell_directed(message)
    return message


def _tell_directed(message: Message) -> None:
    """A question directed to someone reaches them (notifications mails them)."""
    if message.kind == MessageKind.QUESTION and (
            message.directed_user_id is not None
            or message.directed_organisation_id is not None):
        question_directed.send(message)


def _why_no_upvote(message: Message, participant: Participant | None) -> str:
    """The reason `can_upvote` said no, in the order a resident can do something about it."""
    if message.kind != MessageKind.QUESTION:
        return _("Only questions can be upvoted.")
    if (participant is None or participant.erased_at is not None
            or participant.round_id != message.meeting.round_id):
        return _("Only residents taking part in the round can upvote questions.")
    return _("This question is no longer shown.")


def upvote_question(message: Message, participant: Participant | None) -> Message:
    """One vote per participant and question; voting again changes nothing."""
    if not permissions.can_upvote(participant, message):
        raise LiveError(_why_no_upvote(message, participant))
    # The same vote from a second tab a moment earlier finds its row: nothing changes.
    if not insert_ignoring_conflict(db.session, QuestionVote.__table__, message_id=message.id,
                                    participant_id=participant.id, created_at=utcnow()):
        return message
    # Its count follows a moment later, with every other vote of the burst (as poll answers).
    coalesce.changed(("message", message.id), functools.partial(journal_votes, message.id))
    return message


def journal_votes(message_id: int) -> None:
    """Journal the question as it is now, with its votes (realtime.coalesce calls it)."""
    message = db.session.get(Message, message_id)
    if message is None:
        return  # purged meanwhile

    def now() -> tuple[str, dict]:
        db.session.refresh(message)  # read after the number: hidden meanwhile, say so
        if message.status != MessageStatus.VISIBLE:
            return "remove", {"message_id": message.id}
        return "update", {"message": message_payload(message)}

    journal.queue_state(message.meeting_id, "public", "message", now)


def _require_answerable(message: Message, user) -> None:
    if not permissions.can_answer(user, message.meeting):
        raise LiveError(_("Only officials and politicians of the round can answer questions."))
    if message.kind != MessageKind.QUESTION or message.status != MessageStatus.VISIBLE:
        raise LiveError(_("Only visible questions can be answered."))


def _recent_answer(message: Message, user, text: str) -> QuestionAnswer | None:
    """The same answer by the same person a moment ago: a double click or a resent form."""
    since = utcnow() - timedelta(seconds=DOUBLE_SUBMIT_SECONDS)
    return db.session.scalar(
        select(QuestionAnswer).where(QuestionAnswer.message_id == message.id,
                                     QuestionAnswer.user_id == user.id,
                                     QuestionAnswer.text == text,
                                     QuestionAnswer.created_at >= since).limit(1))


def _mark(message: Message, user) -> bool:
    """Mark the question answered by `user`, unless it already is; did anything change?"""
    if message.answered_at is not None:
        return False
    message.answered_at = utcnow()
    message.answered_by_id = user.id
    return True


def answer_question(message: Message, user, text: str | None) -> Message:
    """Add a written answer to a question, next to those already given, and mark it answered.

    An answer is never replaced: when a second official or politician answers, both answers
    stay, each with its author. A blank answer is refused, as it would say nothing and
    only hide the question as answered; a question answered aloud in the room is marked
    with `mark_answered` instead.
    """
    _require_answerable(message, user)
    text = clean(text, ANSWER_MAX, required=False)
    if not text:
        raise LiveError(_("Write the answer first."))
    if _recent_answer(message, user, text) is not None:
        return message
    answer = QuestionAnswer(user_id=user.id, text=text, created_at=utcnow())
    message.answers.append(answer)
    _mark(message, user)
    db.session.flush()
    audit("message.answer", message, message.meeting, user, answer=answer.id)
    queue(message.meeting_id, "public", "message", "update", message=message_payload(message))
    return message


def mark_answered(message: Message, user) -> Message:
    """Mark a question answered without a written answer (it was answered aloud)."""
    _require_answerable(message, user)
    if not _mark(message, user):
        return message
    db.session.flush()
    audit("message.mark_answered", message, message.meeting, user)
    queue(message.meeting_id, "public", "message", "update", message=message_payload(message))
    return message


# -- moderation -----------------------------------------------------------------------------

def moderation_lists(meeting: Meeting, user) -> dict:
    """What only the facilitator sees: held posts, hidden posts and muted residents."""
    require_moderator(meeting, user)
    return {"held": held_messages(meeting), "hidden": hidden_messages(meeting),
            "muted": muted_participants(meeting)}


def approve_message(message: Message, user) -> None:
    meeting = message.meeting
    require_moderator(meeting, user)
    if message.status == MessageStatus.VISIBLE:
        return
    held = message.status == MessageStatus.PENDING
    message.status = MessageStatus.VISIBLE
    message.hidden_reason = None
    db.session.flush()
    audit("message.approve", message, meeting, user)
    queue(meeting.id, "public", "message", "add", message=message_payload(message))
    queue(meeting.id, "staff", "message", "approved", message_id=message.id)
    if held:  # a question hidden later and shown again was directed once already
        _tell_directed(message)


def hide_message(message: Message, user, reason: str) -> None:
    meeting = message.meeting
    require_moderator(meeting, user)
    reason = normalise(reason)
    if not reason:
        raise LiveError(_("Write why the post is hidden."))
    reason = clean(reason, REASON_MAX)
    was_visible = message.status == MessageStatus.VISIBLE
    message.status = MessageStatus.HIDDEN
    message.hidden_reason = reason
    message.pinned = message.spotlight = False
    db.session.flush()
    audit("message.hide", message, meeting, user, reason=reason)
    if was_visible:
        # Numbered first: the stream's counter is then locked until this commits, so a
        # state of the post journaled concurrently is either rewritten here or read after.
        queue(meeting.id, "public", "message", "remove", message_id=message.id)
        replay_as_removed(message)
    queue(meeting.id, "staff", "message", "hidden", message=message_payload(message),
           reason=reason)


def _visible_or_refuse(message: Message) -> None:
    if message.status != MessageStatus.VISIBLE:
        raise LiveError(_("Only visible posts can be pinned or put in the spotlight."))


def set_pinned(message: Message, user, pinned: bool) -> None:
    meeting = message.meeting
    require_moderator(meeting, user)
    _visible_or_refuse(message)
    if message.pinned == pinned:
        return
    message.pinned = pinned
    db.session.flush()
    audit("message.pin" if pinned else "message.unpin", message, meeting, user)
    queue(meeting.id, "public", "message", "update", message=message_payload(message))


def set_spotlight(message: Message, user, on: bool) -> None:
    """Put a post in the projector's spotlight (one at a time), or take it out."""
    meeting = message.meeting
    require_moderator(meeting, user)
    _visible_or_refuse(message)
    if message.spotlight == on:
        return
    changed = [message]
    if on:
        changed += db.session.scalars(select(Message).where(
            Message.meeting_id == meeting.id, Message.spotlight.is_(True),
            Message.id != message.id)).all()
        for other in changed[1:]:
            other.spotlight = False
    message.spotlight = on
    db.session.flush()
    audit("message.spotlight" if on else "message.unspotlight", message, meeting, user)
    for item in changed:
        queue(meeting.id, "public", "message", "update", message=message_payload(item))


def _meeting_changed(meeting: Meeting, user, action: str, **details) -> None:
    db.session.flush()
    audit(action, meeting, meeting, user, **details)
    queue(meeting.id, "public", "meeting", "update", meeting=meeting_payload(meeting))


def set_chat_open(meeting: Meeting, user, open_: bool) -> None:
    require_moderator(meeting, user)
    if meeting.chat_open == open_:
        return
    meeting.chat_open = open_
    _meeting_changed(meeting, user, "meeting.open_chat" if open_ else "meeting.close_chat")


def set_slow_mode(meeting: Meeting, user, seconds: int) -> None:
    require_moderator(meeting, user)
    if not isinstance(seconds, int) or not 0 <= seconds <= SLOW_MODE_MAX:
        raise LiveError(_("Slow mode is between 0 and %(max)d seconds.", max=SLOW_MODE_MAX))
    if meeting.slow_mode_seconds == seconds:
        return
    meeting.slow_mode_seconds = seconds
    _meeting_changed(meeting, user, "meeting.slow_mode", seconds=seconds)


def set_moderation(meeting: Meeting, user, mode: str) -> None:
    require_moderator(meeting, user)
    if mode not in (ModerationMode.PRE, ModerationMode.POST):
        raise LiveError(_("Choose pre-moderation or post-moderation."))
    if meeting.moderation == mode:
        return
    meeting.moderation = mode
    _meeting_changed(meeting, user, "meeting.moderation", mode=str(mode))


def participant_label(participant: Participant | None) -> str:
    if participant is None:
        return _("Resident")
    return participant.display_name or _("Resident %(number)d", number=participant.id)


def mute_participant(meeting: Meeting, participant: Participant, user) -> None:
    require_moderator(meeting, user)
    if participant is None or participant.round_id != meeting.round_id:
        raise LiveError(_("Only residents of the round can be muted."))
    if is_muted(meeting, participant):
        return
    if not insert_ignoring_conflict(db.session, Mute.__table__, meeting_id=meeting.id,
                                    participant_id=participant.id, muted_by_id=user.id,
                                    created_at=utcnow()):
        return  # muted a moment earlier, from a second tab
    audit("participant.mute", participant, meeting, user)
    queue(meeting.id, "staff", "mute", "add", participant_id=participant.id,
           label=participant_label(participant))


def unmute_participant(meeting: Meeting, participant: Participant, user) -> None:
    require_moderator(meeting, user)
    mute = db.session.scalar(select(Mute).where(Mute.meeting_id == meeting.id,
                                                Mute.participant_id == participant.id))
    if mute is None:
        return
    db.session.delete(mute)
    db.session.flush()
    audit("participant.unmute", participant, meeting, user)
    queue(meeting.id, "staff", "mute", "remove", participant_id=participant.id,
           label=participant_label(participant))


MODERATION_ACTIONS = ("approve", "hide", "pin", "unpin", "spotlight", "unspotlight", "mute",
                      "unmute", "open_chat", "close_chat", "slow_mode", "moderation")
MEETING_ACTIONS = ("open_chat", "close_chat", "slow_mode", "moderation")


def moderate(target, user, action: str, *, reason: str = "", seconds: int = 0,
             mode: str = "") -> None:
    """One moderation action by name, on a message or (for the meeting's settings) a meeting.

    `mute`/`unmute` take the message whose author is (un)muted; `slow_mode` takes `seconds`
    and `moderation` the `mode` ("pre" or "post").
    """
    meeting = target if isinstance(target, Meeting) else getattr(target, "meeting", None)
    require_moderator(meeting, user)
    if action not in MODERATION_ACTIONS:
        raise LiveError(_("Unknown action."))
    if action in MEETING_ACTIONS:
        if action == "slow_mode":
            set_slow_mode(meeting, user, seconds)
        elif action == "moderation":
            set_moderation(meeting, user, mode)
        else:
            set_chat_open(meeting, user, action == "open_chat")
        return
    if not isinstance(target, Message):
        raise LiveError(_("Choose a post."))
    if action == "approve":
        approve_message(target, user)
    elif action == "hide":
        hide_message(target, user, reason)
    elif action in ("pin", "unpin"):
        set_pinned(target, user, action == "pin")
    elif action in ("spotlight", "unspotlight"):
        set_spotlight(target, user, action == "spotlight")
    else:
        author = db.session.get(Participant, target.participant_id or 0)
        if author is None:
            raise LiveError(_("Only residents of the round can be muted."))
        if action == "mute":
            mute_participant(target.meeting, author, user)
        else:
            unmute_participant(target.meeting, author, user)
