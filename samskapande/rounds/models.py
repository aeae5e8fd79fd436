"""A round in a place, its phases and dates, and its pseudonymous participants."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskapande.areas.models import ModelArea
from samskapande.core.models import TimestampMixin, UTCDateTime
from samskapande.extensions import db


class Phase(StrEnum):
    """The stages of a round, in order; one place (rounds.phases) says what each permits."""

    DRAFT = "draft"
    COLLECT = "collect"
    VOTE = "vote"
    MEET = "meet"
    SYNTHESISE = "synthesise"
    RESPOND = "respond"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class VotingMode(StrEnum):
    SUPPORT = "support"
    DOTS = "dots"


class ModerationMode(StrEnum):
    PRE = "pre"
    POST = "post"


class ErasurePolicy(StrEnum):
    ANONYMISE = "anonymise"
    DELETE = "delete"


class Round(TimestampMixin, db.Model):
    """One dialogue round (dialogomgång) in a place, joined with a short code."""

    id: Mapped[int] = mapped_column(primary_key=True)
    model_area_id: Mapped[int] = mapped_column(ForeignKey("model_area.id", ondelete="RESTRICT"))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[str] = mapped_column(String(20), default=Phase.DRAFT)
    voting_mode: Mapped[str] = mapped_column(String(20), default=VotingMode.SUPPORT)
    dots_per_participant: Mapped[int] = mapped_column(default=5)
    max_dots_per_need: Mapped[int] = mapped_column(default=2)
    moderation: Mapped[str] = mapped_column(String(20), default=ModerationMode.POST)
    results_live: Mapped[bool] = mapped_column(default=True)
    erasure_policy: Mapped[str] = mapped_column(String(20), default=ErasurePolicy.ANONYMISE)
    ticket_mode: Mapped[bool] = mapped_column(default=False)
    # Opened and closed by the facilitator; may overlap the collect phase.
    voting_open: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Support rounds: residents may support others' needs while needs are collected, before
    # voting opens (rounds.phases.support_while_collecting); dots wait for voting.
    support_while_collecting: Mapped[bool] = mapped_column(default=True, server_default=true())
    # When voting first opened: a switch that never opened is "not opened yet", not closed.
    voting_first_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    themes_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Retention (applied by `samskapande purge`), counted from when the round was closed.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    chat_retention_days: Mapped[int | None] = mapped_column()  # None: keep the chat
    participant_retention_days: Mapped[int | None] = mapped_column()  # names and e-mails
    delete_profile_answers_at_close: Mapped[bool] = mapped_column(default=False,
                                                                  server_default=false())

    model_area: Mapped[ModelArea] = relationship()
    schedule: Mapped[list[PhaseDates]] = relationship(
        back_populates="round", order_by="PhaseDates.starts_on", cascade="all, delete-orphan"
    )
    profile_questions: Mapped[list[ProfileQuestion]] = relationship(
        back_populates="round", order_by="ProfileQuestion.position", cascade="all, delete-orphan"
    )
    phase_changes: Mapped[list[PhaseChange]] = relationship(
        back_populates="round", order_by="(PhaseChange.changed_at, PhaseChange.id)",
        cascade="all, delete-orphan", passive_deletes=True,
    )


class PhaseChange(db.Model):
    """The moment a round entered a phase, and who moved it: the timeline's actual dates."""

    __tablename__ = "round_phase_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    round: Mapped[Round] = relationship(back_populates="phase_changes")


class PhaseDates(db.Model):
    """When a phase of a round is planned to start and end, shown to residents."""

    __table_args__ = (UniqueConstraint("round_id", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    phase: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    round: Mapped[Round] = relationship(back_populates="schedule")


class ProfileQuestion(db.Model):
    """An optional anonymous question (village, age band...) showing breadth of participation."""

    __table_args__ = (UniqueConstraint("round_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(200))
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)

    round: Mapped[Round] = relationship(back_populates="profile_questions")


class Participant(TimestampMixin, db.Model):
    """A resident taking part in one round: pseudonymous, no account, e-mail optional."""

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    resume_code: Mapped[str] = mapped_column(String(16), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(254))
    email_consent: Mapped[bool] = mapped_column(default=False)
    # Dots given in dot voting; raised only by a conditional UPDATE that keeps it within
    # the round's budget, which also serialises one participant's concurrent votes.
    dots_used: Mapped[int] = mapped_column(default=0, server_default="0")
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the visit before the current one ended: "new since your last visit" is what
    # happened after it (see rounds.services.note_visit).
    previous_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The language to write e-mail in: the one used when joining or giving the address.
    locale: Mapped[str] = mapped_column(String(5), default="sv", server_default="sv")
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    round: Mapped[Round] = relationship()
    profile_answers: Mapped[list[ProfileAnswer]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )


class ProfileAnswer(db.Model):
    __table_args__ = (UniqueConstraint("participant_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("profile_question.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(String(120))

    participant: Mapped[Participant] = relationship(back_populates="profile_answers")
    question: Mapped[ProfileQuestion] = relationship()


class Ticket(TimestampMixin, db.Model):
    """A printed one-time code for in-room votes that must be one person, one vote."""

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), unique=True
    )
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RetainedCounts(TimestampMixin, db.Model):
    """Counts of a round taken before purging the rows they were counted from.

    `kind` says what: "breadth" (profile question id -> answer -> people),
    "theme_breadth" (theme id -> question key -> answer -> supporters),
    "poll_results" (poll id -> option id -> answers). The report adds these to what is
    still stored, so deleting the personal rows leaves every published number unchanged.
    """

    __table_args__ = (UniqueConstraint("round_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
