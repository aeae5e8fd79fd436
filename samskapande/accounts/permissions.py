"""Who a staff user is allowed to be: the one staff predicate, and who runs a round.

Every package asks "is this an active, logged-in staff user" through `is_staff`, so an
account that is deactivated loses every right at once, wherever it is checked.
"""

from __future__ import annotations

from samskapande.accounts.models import Role


def is_staff(user) -> bool:
    """A logged-in, active staff account (anonymous visitors and residents are not)."""
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "active", False))


def can_manage_area(user, area_id: int) -> bool:
    """May the user set up and run rounds in this model area?"""
    if not is_staff(user):
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.FACILITATOR:
        return any(area.id == area_id for area in user.model_areas)
    return False  # officials and politicians answer; they do not run rounds


def can_manage_round(user, round_) -> bool:
    """May the user edit, moderate and print for this round?"""
    return round_ is not None and can_manage_area(user, round_.model_area_id)
