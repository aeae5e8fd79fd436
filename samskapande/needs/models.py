"""A need a resident says they have, and what became of it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskapande.areas.models import Category, Goal, Organisation
from samskapande.core.models import TimestampMixin, UTCDateTime
from samskapande.extensions import db
from samskapande.rounds.models import Participant, Round

NEED_MAX_LENGTH = 1000


class NeedStatus(StrEnum):
    PENDING = "pending"  # waiting for pre-moderation
    VISIBLE = "visible"
    HIDDEN = "hidden"  # hidden by a facilitator, with a reason the author sees
    MERGED = "merged"  # a duplicate of merged_into
    # A duplicate merged while it was pending or hidden: its text was never public and
    # stays unpublished (only its author and the facilitators see it).
    MERGED_HIDDEN = "merged_hidden"
    WITHDRAWN = "withdrawn"


class Need(TimestampMixin, db.Model):
    __table_args__ = (Index("ix_need_round_status", "round_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    # Null once the author has erased their participation and the round keeps the text.
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id", ondelete="SET NULL"))
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default=NeedStatus.VISIBLE)
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("need.id", ondelete="SET NULL"))
    out_of_scope_reason: Mapped[str | None] = mapped_column(Text)
    # The live question this need was made from, if a facilitator turned one into a need.
    source_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("message.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Stemmed words of the text (see core.swedish), for search that understands word forms.
    search_terms: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A random key carried by the form, so a double click or a resent form stores one need.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    round: Mapped[Round] = relationship()
    participant: Mapped[Participant | None] = relationship()
    category: Mapped[Category | None] = relationship()
    goal: Mapped[Goal | None] = relationship()
    merged_into: Mapped[Need | None] = relationship(remote_side=[id])


class NeedReferral(db.Model):
    """A facilitator referred the need to an organisation of the round's model area (e.g.
    the other principal), with a reason the residents read on the need. One per need."""

    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"),
                                         primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    referred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    referred_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))

    need: Mapped[Need] = relationship()
    organisation: Mapped[Organisation] = relationship()
