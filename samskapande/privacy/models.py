"""The installation's privacy settings, accessibility reports, and counts kept after purging."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from samskapande.core.models import TimestampMixin, UTCDateTime
from samskapande.extensions import db


class PrivacySettings(db.Model):
    """What the privacy notice and the accessibility statement say about this installation.

    One row at most. An empty value falls back to the environment's default (see config),
    so an installation can be set up from its deployment and refined by an admin later.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    controller_name: Mapped[str] = mapped_column(String(200), default="")
    controller_contact: Mapped[str] = mapped_column(Text, default="")
    dpo_contact: Mapped[str] = mapped_column(Text, default="")
    retention_text: Mapped[str] = mapped_column(Text, default="")
    accessibility_known_issues: Mapped[str] = mapped_column(Text, default="")
    accessibility_assessed_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ReportStatus:
    NEW = "new"
    HANDLED = "handled"


class AccessibilityReport(TimestampMixin, db.Model):
    """A visitor's report of an accessibility problem; the law requires a way to send one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    page: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.NEW)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
