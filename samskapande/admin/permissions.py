"""Who may administer: admins only (who reads the audit log: audit.permissions)."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from samskapande.accounts.models import Role
from samskapande.accounts.permissions import is_staff


def can_administer(user) -> bool:
    """May the user manage organisations, model areas, goals and staff accounts?"""
    return is_staff(user) and user.role == Role.ADMIN


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
