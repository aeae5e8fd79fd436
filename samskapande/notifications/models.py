"""The outbox: every notification mail is stored before it is sent, so none is lost.

A mail is rendered (in the participant's language) and stored in the transaction of the
change it tells about, then sent by a background thread once that transaction has
committed; `samskapande send-mail` sends whatever is left (SMTP down, process restarted)
and can run from cron.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from samskapande.core.models import TimestampMixin, UTCDateTime
from samskapande.extensions import db


class OutboxMail(TimestampMixin, db.Model):
    """One plain-text mail to one participant or one staff account, waiting or sent."""

    __table_args__ = (
        CheckConstraint("(participant_id IS NULL) <> (user_id IS NULL)", name="one_recipient"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Erasing a participation deletes the mails still waiting for them.
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    # A staff member's hand-off mail (notifications.staff); goes with the account.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # A resident's one-click unsubscribe link; for staff, the account page's mail settings.
    unsubscribe_url: Mapped[str] = mapped_column(String(500))
    attempts: Mapped[int] = mapped_column(default=0)
    # Set while a sender works on it, so the thread and cron do not both send it.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # The kind of error only (e.g. "SMTPConnectError"): never an address.
    last_error: Mapped[str | None] = mapped_column(String(120))


class CommitmentReminder(db.Model):
    """A reminder mailed about a commitment (notifications.reminders): at most one per
    commitment, reason and key — the due date for "soon" and "due", the date of the last
    update for "quiet", so that a quiet commitment is reminded again 90 days later."""

    __table_args__ = (UniqueConstraint("commitment_id", "reason", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(20))
    period_key: Mapped[str] = mapped_column(String(20))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
