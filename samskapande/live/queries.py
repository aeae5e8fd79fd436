"""Reading a meeting: its stream, held and hidden posts, top questions, polls and mutes."""

from __future__ import annotations

from sqlalchemy import func, select

from samskapande.extensions import db
from samskapande.live.models import (
    Meeting,
    Message,
    MessageKind,
    MessageStatus,
    Mute,
    Poll,
    PollStatus,
    QuestionVote,
)
from samskapande.rounds.models import Participant


def visible_messages(meeting: Meeting, limit: int = 200) -> list[Message]:
    """Approved posts, pinned first, then newest first."""
    return list(db.session.scalars(
        select(Message).where(Message.meeting_id == meeting.id,
                              Message.status == MessageStatus.VISIBLE)
        .order_by(Message.pinned.desc(), Message.id.desc()).limit(limit)))


def held_messages(meeting: Meeting) -> list[Message]:
    return list(db.session.scalars(
        select(Message).where(Message.meeting_id == meeting.id,
                              Message.status == MessageStatus.PENDING).order_by(Message.id)))


def hidden_messages(meeting: Meeting) -> list[Message]:
    return list(db.session.scalars(
        select(Message).where(Message.meeting_id == meeting.id,
                              Message.status == MessageStatus.HIDDEN)
        .order_by(Message.id.desc())))


def top_questions(meeting: Meeting, limit: int = 5) -> list[Message]:
    """Visible unanswered questions with the most upvotes, oldest first among equals."""
    votes = (select(func.count(QuestionVote.id)).where(QuestionVote.message_id == Message.id)
             .correlate(Message).scalar_subquery())
    return list(db.session.scalars(
        select(Message).where(Message.meeting_id == meeting.id,
                              Message.kind == MessageKind.QUESTION,
                              Message.status == MessageStatus.VISIBLE,
                              Message.answered_at.is_(None))
        .order_by(votes.desc(), Message.id).limit(limit)))


def spotlight_message(meeting: Meeting) -> Message | None:
    return db.session.scalar(select(Message).where(
        Message.meeting_id == meeting.id, Message.spotlight.is_(True),
        Message.status == MessageStatus.VISIBLE).limit(1))


def polls_of(meeting: Meeting, *, include_drafts: bool = False) -> list[Poll]:
    query = select(Poll).where(Poll.meeting_id == meeting.id)
    if not include_drafts:
        query = query.where(Poll.status != PollStatus.DRAFT)
    return list(db.session.scalars(query.order_by(Poll.id.desc())))


def muted_participants(meeting: Meeting) -> list[Participant]:
    return list(db.session.scalars(
        select(Participant).join(Mute, Mute.participant_id == Participant.id)
        .where(Mute.meeting_id == meeting.id).order_by(Mute.id)))


def my_votes(meeting: Meeting, participant: Participant | None) -> set[int]:
    if participant is None:
        return set()
    return set(db.session.scalars(
        select(QuestionVote.message_id).join(Message, Message.id == QuestionVote.message_id)
        .where(Message.meeting_id == meeting.id,
               QuestionVote.participant_id == participant.id)))
