"""Who may administer: admins only; facilitators see the audit log of their model areas."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from samskapande.accounts.models import Role


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "active", False))


def can_administer(user) -> bool:
    """May the user manage organisations, model areas, goals and staff accounts?"""
    return _is_staff(user) and user.role == Role.ADMIN


def can_view_audit(user) -> bool:
    """Admins see the whole audit log, facilitators the events of their model areas."""
    return _is_staff(user) and user.role in (Role.ADMIN, Role.FACILITATOR)


def audit_area_ids(user) -> set[int] | None:
    """The model areas whose events the user may see; None means all of them."""
    if not can_view_audit(user):
        return set()
    if user.role == Role.ADMIN:
        return None
    return {area.id for area in user.model_areas}


def admin_required(view):
    """Log in first (401 → login page), then 403 unless an active admin."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            from samskapande.extensions import login_manager
            return login_manager.unauthorized()
        if not can_administer(current_user):
            abort(403)
        return view(*args, **kwargs)
    return wrapper
