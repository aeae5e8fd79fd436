"""One recorded action of a staff member (or a resident, where it matters).

Audit events are written once and never changed: the ORM refuses updates and deletes
(below), and the migration adds database triggers that refuse them too. The only
change the database lets through is a foreign key being set to NULL when the
participant, round or model area it points to is deleted (erasure must still work).
"""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from samskapande.core.models import TimestampMixin
from samskapande.extensions import db


class AuditEventImmutable(RuntimeError):
    """An audit event was about to be changed or deleted, which is never allowed."""


class AuditEvent(TimestampMixin, db.Model):
    __table_args__ = (
        Index("ix_audit_event_object", "object_type", "object_id"),
        Index("ix_audit_event_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), index=True
    )
    actor_participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column()
    model_area_id: Mapped[int | None] = mapped_column(
        ForeignKey("model_area.id", ondelete="SET NULL"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("round.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(mapper, connection, target):
    raise AuditEventImmutable("audit events cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise AuditEventImmutable("audit events cannot be deleted")
