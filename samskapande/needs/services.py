"""Reading and changing needs; the views call these and tests call them directly."""

from __future__ import annotations

from sqlalchemy import func, select

from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from samskapande.voting.models import Vote


def visible_needs(round_) -> list[tuple[Need, int]]:
    """The round's public needs, newest first, each with its support (sum of votes)."""
    support = (
        select(Vote.need_id, func.coalesce(func.sum(Vote.dots), 0).label("support"))
        .group_by(Vote.need_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Need, func.coalesce(support.c.support, 0))
        .outerjoin(support, support.c.need_id == Need.id)
        .where(Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE)
        .order_by(Need.created_at.desc(), Need.id.desc())
    ).all()
    return [(need, int(count)) for need, count in rows]


def needs_of(participant) -> list[Need]:
    return list(
        db.session.scalars(
            select(Need).where(Need.participant_id == participant.id).order_by(Need.id)
        )
    )
