"""What politicians and officials answer, what they promise, and how it went."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskapande.core.models import TimestampMixin, UTCDateTime
from samskapande.extensions import db


class Stance(StrEnum):
    YES = "yes"  # Ja, vi gör det
    PARTLY = "partly"  # Delvis
    INVESTIGATING = "investigating"  # Vi utreder
    NOT_NOW = "not_now"  # Nej, inte nu


class ResponseStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class Response(TimestampMixin, db.Model):
    """A public answer to a theme or to one need; joint when it names several organisations."""

    __table_args__ = (
        CheckConstraint("(theme_id IS NULL) <> (need_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    need_id: Mapped[int | None] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    stance: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=ResponseStatus.DRAFT)
    version: Mapped[int] = mapped_column(default=1)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisations: Mapped[list[ResponseOrganisation]] = relationship(
        cascade="all, delete-orphan"
    )
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class ResponseOrganisation(db.Model):
    """An organisation a response speaks for, and who signed for it (if anyone yet)."""

    __table_args__ = (UniqueConstraint("response_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    signed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT")
    )
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ResponseVersion(TimestampMixin, db.Model):
    """A published text of a response as it stood; the history is public."""

    __table_args__ = (UniqueConstraint("response_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column()
    stance: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    edited_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))


class CommitmentStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_DONE = "not_done"  # not carried out, with the reason


class Commitment(TimestampMixin, db.Model):
    """Something promised in a response (åtagande): what, by whom, by when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=CommitmentStatus.PLANNED)
    status_reason: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="commitments")
    updates: Mapped[list[CommitmentUpdate]] = relationship(
        order_by="CommitmentUpdate.created_at", cascade="all, delete-orphan"
    )


class CommitmentUpdate(TimestampMixin, db.Model):
    """A dated report of progress on a commitment (uppföljning)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
