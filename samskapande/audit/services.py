"""Recording audit events, and reading them back for the people allowed to see them.

`record()` adds an event to the caller's transaction, so it is committed together with
the change itself (or not at all). Reading is scoped: admins see every event,
facilitators those of their model areas (by model area, or by a round in one of them).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from sqlalchemy import column, false, func, or_, select, table
from sqlalchemy.orm import aliased

from samskapande.audit.details import Readable, readable
from samskapande.audit.models import AuditEvent
from samskapande.audit.permissions import audit_area_ids, can_view_audit
from samskapande.core.refusals import Refusal
from samskapande.extensions import db

# The audit log sits below the features whose actions it records, so it names the round
# table (which its round_id refers to) without importing the rounds package.
ROUND = table("round", column("id"), column("code"), column("model_area_id"))

PAGE_SIZE = 50


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


@dataclass
class AuditFilter:
    """What the reader asked for; None means no limit."""

    action: str | None = None
    actor_id: int | None = None
    area_id: int | None = None
    since: date | None = None
    until: date | None = None


@dataclass
class Entry:
    """One event with the names a reader needs: actor, round code, model area, and (on
    the log's page) what it is about and its details in words."""

    event: AuditEvent
    actor_name: str | None
    round_code: str | None
    area_name: str | None
    readable: Readable | None = None


def _local_midnight_utc(day: date) -> datetime:
    """Midnight at the start of `day` where the readers are (dates in filters are local)."""
    zone = get_timezone()
    return datetime.combine(day, time(), tzinfo=ZoneInfo(getattr(zone, "zone", str(zone))))


def _conditions(area_ids: set[int] | None, wanted: AuditFilter) -> list:
    conditions = []
    round_ = ROUND.alias()
    round_area = (select(round_.c.model_area_id).where(round_.c.id == AuditEvent.round_id)
                  .correlate(AuditEvent).scalar_subquery())
    if area_ids is not None:  # a facilitator: their model areas only
        if not area_ids:
            return [false()]
        conditions.append(or_(AuditEvent.model_area_id.in_(area_ids),
                              round_area.in_(area_ids)))
    if wanted.action:
        conditions.append(AuditEvent.action == wanted.action)
    if wanted.actor_id:
        conditions.append(AuditEvent.actor_user_id == wanted.actor_id)
    if wanted.area_id:
        conditions.append(or_(AuditEvent.model_area_id == wanted.area_id,
                              round_area == wanted.area_id))
    if wanted.since:
        conditions.append(AuditEvent.created_at >= _local_midnight_utc(wanted.since))
    if wanted.until:
        conditions.append(
            AuditEvent.created_at < _local_midnight_utc(wanted.until + timedelta(days=1)))
    return conditions


def _entries_query(conditions: list):
    from samskapande.accounts.models import User
    from samskapande.areas.models import ModelArea

    actor = aliased(User)
    return (
        select(AuditEvent, actor.name, ROUND.c.code, ModelArea.name)
        .outerjoin(actor, actor.id == AuditEvent.actor_user_id)
        .outerjoin(ROUND, ROUND.c.id == AuditEvent.round_id)
        .outerjoin(ModelArea, ModelArea.id == func.coalesce(AuditEvent.model_area_id,
                                                            ROUND.c.model_area_id))
        .where(*conditions)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )


def count(area_ids: set[int] | None, wanted: AuditFilter) -> int:
    return db.session.scalar(
        select(func.count(AuditEvent.id)).where(*_conditions(area_ids, wanted))) or 0


def entries(area_ids: set[int] | None, wanted: AuditFilter, page: int = 1,
            page_size: int = PAGE_SIZE) -> list[Entry]:
    """One page of the events the reader may see, newest first."""
    query = _entries_query(_conditions(area_ids, wanted))
    query = query.limit(page_size).offset((max(page, 1) - 1) * page_size)
    found = [Entry(*row) for row in db.session.execute(query)]
    words = readable(entry.event for entry in found)
    for entry in found:
        entry.readable = words[entry.event.id]
    return found


def all_entries(area_ids: set[int] | None, wanted: AuditFilter):
    for row in db.session.execute(_entries_query(_conditions(area_ids, wanted))):
        yield Entry(*row)


def known_actions(area_ids: set[int] | None) -> list[str]:
    query = select(AuditEvent.action).distinct().where(*_conditions(area_ids, AuditFilter()))
    return sorted(db.session.scalars(query))


def known_actors(area_ids: set[int] | None) -> list[tuple[int, str]]:
    from samskapande.accounts.models import User

    ids = select(AuditEvent.actor_user_id).where(*_conditions(area_ids, AuditFilter()))
    query = select(User.id, User.name, User.email).where(User.id.in_(ids)).order_by(User.name)
    return [(id_, name or email) for id_, name, email in db.session.execute(query)]


CSV_COLUMNS = ["id", "time_utc", "action", "actor_user_id", "actor_name",
               "actor_participant_id", "object_type", "object_id", "model_area", "round",
               "reason", "details"]


def _safe(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(area_ids: set[int] | None, wanted: AuditFilter, actor) -> str:
    """The filtered events as CSV; the export itself is recorded, in the caller's
    transaction (the download commits it, and an export that fails leaves no trace)."""
    import json

    if not can_view_audit(actor):
        raise Refusal(_l("You do not have access to this page"))
    allowed = audit_area_ids(actor)  # never more than the reader may see, whatever was asked
    if allowed is not None:
        area_ids = allowed if area_ids is None else area_ids & allowed
    record("audit.exported", actor, actor=actor,
           model_area_id=wanted.area_id,
           filter={k: (str(v) if v is not None else None) for k, v in vars(wanted).items()})
    db.session.flush()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in all_entries(area_ids, wanted):
        event = entry.event
        writer.writerow([_safe(v) for v in (
            event.id, event.created_at.isoformat(timespec="seconds"), event.action,
            event.actor_user_id, entry.actor_name, event.actor_participant_id,
            event.object_type, event.object_id, entry.area_name, entry.round_code,
            event.reason, json.dumps(event.details, ensure_ascii=False, sort_keys=True))])
    return "\ufeff" + out.getvalue()
