"""Setting up a round's dialogue meetings: the list, and a new meeting."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from samskapande.audit.services import record
from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.live.common import LiveError
from samskapande.live.models import Meeting
from samskapande.manage.permissions import can_manage_round
from samskapande.rounds.models import Round


def meetings_of(round_: Round) -> list[Meeting]:
    return list(db.session.scalars(
        select(Meeting).where(Meeting.round_id == round_.id)
        .order_by(Meeting.starts_at, Meeting.id)))


def create_meeting(round_: Round, user, *, title: str, location: str = "",
                   description: str = "", starts_at: datetime | None = None,
                   moderation: str) -> Meeting:
    """A new meeting, by whoever may manage the round; the same title again within a minute
    is a double click: one meeting. `starts_at` is local time (the app's time zone)."""
    if not can_manage_round(user, round_):
        raise LiveError(_("Only the meeting's facilitator can do that."))
    recent = db.session.scalar(select(Meeting).where(
        Meeting.round_id == round_.id, Meeting.title == title,
        Meeting.created_at >= utcnow() - timedelta(seconds=60)))
    if recent is not None:
        return recent
    if starts_at is not None:
        zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Stockholm"))
        starts_at = starts_at.replace(tzinfo=zone)
    meeting = Meeting(round_id=round_.id, title=title, location=location or "",
                      description=description or "", starts_at=starts_at, moderation=moderation)
    db.session.add(meeting)
    db.session.flush()
    record("meeting.create", meeting, actor=user, round_id=round_.id,
           model_area_id=round_.model_area_id)
    return meeting
