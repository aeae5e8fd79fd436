"""Recording audit events; the caller's transaction commits them with the change itself."""

from __future__ import annotations

from samskapande.audit.models import AuditEvent
from samskapande.extensions import db


def record(action: str, obj, *, actor=None, participant=None, reason: str = "",
           round_id: int | None = None, model_area_id: int | None = None,
           **details) -> AuditEvent:
    """Add an audit event for `action` on `obj` to the session (not committed here)."""
    event = AuditEvent(
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=getattr(obj, "id", None),
        actor_user_id=getattr(actor, "id", None),
        actor_participant_id=getattr(participant, "id", None),
        reason=reason,
        round_id=round_id,
        model_area_id=model_area_id,
        details=details,
    )
    db.session.add(event)
    return event
