"""Themes a round's needs are grouped into, and the goals each theme serves."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from samskapande.areas.models import Goal
from samskapande.core.models import TimestampMixin, UTCDateTime
from samskapande.extensions import db
from samskapande.needs.models import Need


class ThemeStatus(StrEnum):
    SUGGESTED = "suggested"  # proposed by the engine, not yet looked at
    CHANGED = "changed"  # renamed, or its needs moved, by a person: not yet accepted
    ACCEPTED = "accepted"  # accepted by a facilitator: the themes that are published


# New suggestions replace only the themes nobody has touched.
KEPT_BY_SUGGESTIONS = (ThemeStatus.CHANGED, ThemeStatus.ACCEPTED)


class Theme(TimestampMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default=ThemeStatus.SUGGESTED)
    position: Mapped[int] = mapped_column(default=0)
    # The title is still the one the engine suggested: publishing such a theme asks first.
    title_by_machine: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Among the themes residents see while the round's themes are published: set when the
    # facilitator publishes, so that a theme accepted later waits for the next publishing.
    published: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The three needs the engine found most typical (ids), shown first.
    representative_ids: Mapped[list[int]] = mapped_column(JSON, default=list,
                                                          server_default="[]")

    needs: Mapped[list[ThemeNeed]] = relationship(
        back_populates="theme", cascade="all, delete-orphan"
    )
    goals: Mapped[list[ThemeGoal]] = relationship(
        back_populates="theme", cascade="all, delete-orphan"
    )


class ThemeNeed(db.Model):
    """A need placed in a theme; a need is in at most one theme."""

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"), unique=True)

    theme: Mapped[Theme] = relationship(back_populates="needs")
    need: Mapped[Need] = relationship()


class ThemeGoal(db.Model):
    """The link from a theme to a goal of the målbild, with why it serves it."""

    __table_args__ = (UniqueConstraint("theme_id", "goal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"))
    rationale: Mapped[str] = mapped_column(Text, default="")

    theme: Mapped[Theme] = relationship(back_populates="goals")
    goal: Mapped[Goal] = relationship()


class RunStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


STALE = "stale"  # the error of a run whose worker died


class SuggestionRun(TimestampMixin, db.Model):
    """One run of the theme suggestions for a round, with its progress for the page."""

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"),
                                          index=True)
    started_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    k_requested: Mapped[int | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.RUNNING)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    themes_created: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)  # "stale", or the engine's error
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Written every few seconds while a background worker computes: when it stops coming,
    # the worker is gone.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def lost(self) -> bool:
        """The run stopped because its worker died, not because the engine failed."""
        return self.status == RunStatus.FAILED and self.error == STALE
