"""Setting up a round's dialogue meetings: the list, a new meeting, and changing one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from samskapande.audit.services import record
from samskapande.core.models import utcnow
from samskapande.core.text import has_control_characters, normalise
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
    starts_at = _local(starts_at)
    meeting = Meeting(round_id=round_.id, title=title, location=location or "",
                      description=description or "", starts_at=starts_at, moderation=moderation)
    db.session.add(meeting)
    db.session.flush()
    record("meeting.create", meeting, actor=user, round_id=round_.id,
           model_area_id=round_.model_area_id)
    return meeting


# -- changing a meeting ---------------------------------------------------------------------

TITLE_MAX = PLACE_MAX = 200
URL_MAX = 500
DESCRIPTION_MAX = 2000


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Stockholm"))


def _local(moment: datetime | None) -> datetime | None:
    """A time written in the form (local, without a zone) as an aware datetime."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=_zone())


def as_local(moment: datetime | None) -> datetime | None:
    """A stored time as the form shows it: local time, without a zone."""
    if moment is None:
        return None
    return moment.astimezone(_zone()).replace(tzinfo=None)


def online_url_problem(url: str) -> str | None:
    """Why a link cannot be the meeting's online link, or None: only http(s) addresses."""
    if not url:
        return None
    if len(url) > URL_MAX:
        return _("At most %(max)d characters. Shorten the text a little.", max=URL_MAX)
    parts = urlsplit(url)
    if (parts.scheme.lower() not in ("http", "https") or not parts.netloc
            or any(c.isspace() for c in url) or has_control_characters(url)):
        return _("Write a web address that starts with https:// or http://.")
    return None


class MeetingInvalid(LiveError):
    """A change of a meeting that cannot be saved; `details["field"]` names the field."""


@dataclass
class MeetingDetails:
    """What a facilitator can change of an existing meeting (times in local time)."""

    title: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    location: str = ""
    online_url: str = ""
    description: str = ""

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingDetails:
        return cls(title=meeting.title, starts_at=as_local(meeting.starts_at),
                   ends_at=as_local(meeting.ends_at), location=meeting.location or "",
                   online_url=meeting.online_url or "", description=meeting.description or "")


def _checked(details: MeetingDetails) -> MeetingDetails:
    def text(value, limit, field, *, required=False, single_line=True):
        value = normalise(value)
        if required and not value:
            raise MeetingInvalid(_("Write the meeting's title."), field=field)
        if len(value) > limit:
            raise MeetingInvalid(_("At most %(max)d characters. Shorten the text a little.",
                                   max=limit), field=field)
        if has_control_characters(value) or (single_line and "\n" in value):
            raise MeetingInvalid(_("The text contains invisible control characters. "
                                   "Remove them and try again."), field=field)
        return value

    checked = MeetingDetails(
        title=text(details.title, TITLE_MAX, "title", required=True),
        location=text(details.location, PLACE_MAX, "location"),
        online_url=normalise(details.online_url),
        description=text(details.description, DESCRIPTION_MAX, "description",
                         single_line=False),
        starts_at=_local(details.starts_at), ends_at=_local(details.ends_at))
    problem = online_url_problem(checked.online_url)
    if problem:
        raise MeetingInvalid(problem, field="online_url")
    if checked.ends_at is not None and checked.starts_at is None:
        raise MeetingInvalid(_("Write when the meeting starts, too."), field="starts_at")
    if checked.ends_at is not None and checked.ends_at <= checked.starts_at:
        raise MeetingInvalid(_("The meeting must end after it starts."), field="ends_at")
    return checked


# What residents are told changed, by the name kept in Meeting.changed_fields.
RESIDENT_FIELDS = {"title": ("title",), "time": ("starts_at", "ends_at"),
                   "place": ("location",), "online_url": ("online_url",)}


def _shown(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(_zone()).strftime("%Y-%m-%d %H:%M")
    return value or ""


def update_meeting(meeting: Meeting, actor, details: MeetingDetails) -> list[str]:
    """Change an existing meeting, by whoever may manage its round (as for a new one).

    Returns the names of the fields that changed; nothing changed (a form sent twice) is
    no change, no audit entry. A change residents rely on (title, time, place, link) marks
    the meeting changed, so the round page and My page say what is new.
    """
    if not can_manage_round(actor, meeting.round):
        raise LiveError(_("Only the meeting's facilitator can do that."))
    checked = _checked(details)
    changes = {}
    for name in ("title", "starts_at", "ends_at", "location", "online_url", "description"):
        old, new = getattr(meeting, name), getattr(checked, name)
        if (old or None) != (new or None):
            changes[name] = (old, new)
    if not changes:
        return []
    for name, (_old, new) in changes.items():
        setattr(meeting, name, new)
    noticed = [key for key, names in RESIDENT_FIELDS.items()
               if any(name in changes for name in names)]
    if noticed:
        meeting.changed_at = utcnow()
        meeting.changed_fields = ",".join(noticed)
    db.session.flush()
    record("meeting.update", meeting, actor=actor, round_id=meeting.round_id,
           model_area_id=meeting.round.model_area_id, meeting=meeting.id,
           changes={name: {"old": _shown(old), "new": _shown(new)}
                    for name, (old, new) in changes.items()})
    return list(changes)
