"""Who may run a round: admins always, facilitators in the model areas they are assigned to."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from samskapande.accounts.models import Role
from samskapande.areas.models import ModelArea
from samskapande.extensions import db
from samskapande.rounds.models import Round


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "active", False))


def can_manage_area(user, area_id: int) -> bool:
    """May the user set up and run rounds in this model area?"""
    if not _is_staff(user):
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.FACILITATOR:
        return any(area.id == area_id for area in user.model_areas)
    return False  # officials and politicians answer; they do not run rounds


def can_manage_round(user, round_) -> bool:
    """May the user edit, moderate and print for this round?"""
    return round_ is not None and can_manage_area(user, round_.model_area_id)


def manageable_areas(user) -> list[ModelArea]:
    """The model areas in which the user may create rounds."""
    if not _is_staff(user):
        return []
    if user.role == Role.ADMIN:
        return list(db.session.scalars(select(ModelArea).order_by(ModelArea.name)))
    if user.role == Role.FACILITATOR:
        return sorted(user.model_areas, key=lambda area: area.name)
    return []


def can_create_rounds(user) -> bool:
    return bool(manageable_areas(user))


def managed_round_or_abort(round_id: int) -> Round:
    """The round the current user may manage: 404 if there is none, 403 if not theirs."""
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        abort(404)
    if not can_manage_round(current_user, round_):
        abort(403)
    return round_
