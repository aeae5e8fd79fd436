"""A participant's support for a need: one click, or some of their dots."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samskapande.core.models import TimestampMixin
from samskapande.extensions import db


class Vote(TimestampMixin, db.Model):
    __table_args__ = (
        UniqueConstraint("need_id", "participant_id"),
        CheckConstraint("dots >= 1", name="dots_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    dots: Mapped[int] = mapped_column(default=1)
