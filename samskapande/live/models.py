"""A meeting of a round, what was said in it, and the quick polls run during it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskapande.core.models import TimestampMixin, UTCDateTime
from samskapande.extensions import db
from samskapande.rounds.models import ModerationMode, Round


class Meeting(TimestampMixin, db.Model):
    """A dialogue meeting (dialogmöte), in a room and online."""

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    location: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    moderation: Mapped[str] = mapped_column(String(20), default=ModerationMode.POST)
    chat_open: Mapped[bool] = mapped_column(default=True)
    slow_mode_seconds: Mapped[int] = mapped_column(default=0)
    online_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # When a facilitator last changed the details residents rely on, and which of them
    # (comma-separated: title, time, place, online_url): shown as "Changed <date>: …".
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    changed_fields: Mapped[str] = mapped_column(String(100), default="", server_default="")

    round: Mapped[Round] = relationship()

    @property
    def changes(self) -> list[str]:
        return [name for name in self.changed_fields.split(",") if name]


class MessageKind(StrEnum):
    MESSAGE = "message"
    QUESTION = "question"


class MessageStatus(StrEnum):
    PENDING = "pending"
    VISIBLE = "visible"
    HIDDEN = "hidden"


class Message(TimestampMixin, db.Model):
    """A post in a meeting's chat (inlägg) or a question (fråga), by a resident or staff."""

    __table_args__ = (
        CheckConstraint(
            "(participant_id IS NULL) <> (user_id IS NULL)", name="exactly_one_author"
        ),
        Index("ix_message_meeting_id_id", "meeting_id", "id"),
        # A key is its author's own: a post sent again with it is the same post (NULL
        # never conflicts, so posts without a key are not limited).
        Index("ix_message_participant_id_client_key", "participant_id", "client_key",
              unique=True),
        Index("ix_message_user_id_client_key", "user_id", "client_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL")
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(20), default=MessageKind.MESSAGE)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=MessageStatus.VISIBLE)
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    pinned: Mapped[bool] = mapped_column(default=False)
    spotlight: Mapped[bool] = mapped_column(default=False)  # shown big on the projector
    directed_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    directed_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Marked answered: by the first written answer, or by hand when it was answered aloud.
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # The client's own key of the post (meeting:post "key"), never shown in a payload.
    client_key: Mapped[str | None] = mapped_column(String(64))

    meeting: Mapped[Meeting] = relationship(foreign_keys=[meeting_id])
    answers: Mapped[list[QuestionAnswer]] = relationship(
        order_by="[QuestionAnswer.created_at, QuestionAnswer.id]",
        cascade="all, delete-orphan", passive_deletes=True,
    )


class QuestionAnswer(TimestampMixin, db.Model):
    """A written answer to a question, by an official or politician of the round.

    One row per answer: a second official's answer is added next to the first, never in
    its place, so what each organisation said stays on the record with its author.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("message.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)


class QuestionVote(TimestampMixin, db.Model):
    """A resident's upvote of a question: one each."""

    __table_args__ = (UniqueConstraint("message_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))


class Mute(TimestampMixin, db.Model):
    """A participant muted by the facilitator for one meeting."""

    __table_args__ = (UniqueConstraint("meeting_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    muted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )


class PollKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    NEEDS = "needs"  # "which of these needs matters most", built from the round's needs


class PollStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Poll(TimestampMixin, db.Model):
    """A quick poll (snabbomröstning) launched during a meeting."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default=PollKind.SINGLE)
    status: Mapped[str] = mapped_column(String(20), default=PollStatus.DRAFT)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    options: Mapped[list[PollOption]] = relationship(
        order_by="PollOption.position", cascade="all, delete-orphan"
    )


class PollOption(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(300))
    need_id: Mapped[int | None] = mapped_column(ForeignKey("need.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)


class PollAnswer(TimestampMixin, db.Model):
    """One participant's (or one ticket's) choice of an option."""

    __table_args__ = (UniqueConstraint("option_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[int] = mapped_column(ForeignKey("poll_option.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))


class PollBallot(TimestampMixin, db.Model):
    """That a participant answered a poll: one per participant (and so one per ticket code,
    as a ticket is redeemed by one participant). The unique key stops a double answer even
    when two requests race."""

    __table_args__ = (UniqueConstraint("poll_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"))
