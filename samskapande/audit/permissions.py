"""Who reads the audit log: admins all of it, facilitators the events of their model areas."""

from __future__ import annotations

from samskapande.accounts.models import Role
from samskapande.accounts.permissions import is_staff


def can_view_audit(user) -> bool:
    """Admins see the whole audit log, facilitators the events of their model areas."""
    return is_staff(user) and user.role in (Role.ADMIN, Role.FACILITATOR)


def audit_area_ids(user) -> set[int] | None:
    """The model areas whose events the user may see; None means all of them."""
    if not can_view_audit(user):
        return set()
    if user.role == Role.ADMIN:
        return None
    return {area.id for area in user.model_areas}
