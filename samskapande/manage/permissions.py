"""Who may run a round: admins always, facilitators in the model areas they are assigned to."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from samskapande.accounts.models import Role
from samskapande.accounts.permissions import can_manage_area, can_manage_round, is_staff
from samskapande.areas.models import ModelArea
from samskapande.core.lookup import get_or_404
from samskapande.extensions import db
from samskapande.rounds.models import Round

__all__ = ["can_create_rounds", "can_manage_area", "can_manage_round", "manageable_areas",
           "managed_round_or_abort"]


def manageable_areas(user) -> list[ModelArea]:
    """The model areas in which the user may create rounds."""
    if not is_staff(user):
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
    round_ = get_or_404(Round, round_id)
    if not can_manage_round(current_user, round_):
        abort(403)
    return round_
