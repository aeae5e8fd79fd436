"""How many people follow a meeting, in the room and remotely, across all server processes.

Every socket that joins a meeting gets a `LivePresence` row (sid, meeting, identity, where,
server process, seen_at). A person with two tabs counts once (distinct identities); the
projector counts no one. Each process refreshes `seen_at` of its own rows every
HEARTBEAT_SECONDS; rows not refreshed for EXPIRY_SECONDS belong to a process that died and
are deleted by whichever process notices first. A socket's rows are deleted when it
disconnects. After every change the counts are pushed to the meeting's room as a `live`
event without seq: `{"type": "presence", "op": "update", "meeting_id", "room", "remote"}`.
The same heartbeat re-checks who is connected: a deactivated staff account or an erased
participant is disconnected (their events are refused at once anyway).
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import timedelta

from sqlalchemy import delete, func, select, update

from samskapande.core.models import utcnow
from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db, socketio
from samskapande.realtime.journal import EVENT_NAME, meeting_room
from samskapande.realtime.models import LivePresence

log = logging.getLogger(__name__)

SERVER_ID = uuid.uuid4().hex[:16]  # this process
HEARTBEAT_SECONDS = 15
EXPIRY_SECONDS = 60
PUSH_DELAY = 1.0
WHERE = ("room", "remote", "projector")


def counts(meeting_id: int) -> dict:
    """{"type": "presence", …, "room": n, "remote": n}: distinct people, fresh rows only."""
    since = utcnow() - timedelta(seconds=EXPIRY_SECONDS)
    rows = db.session.execute(
        select(LivePresence.where, func.count(func.distinct(LivePresence.identity)))
        .where(LivePresence.meeting_id == meeting_id, LivePresence.seen_at >= since,
               LivePresence.where.in_(("room", "remote")))
        .group_by(LivePresence.where)
    ).all()
    found = dict(rows)
    return {"type": "presence", "op": "update", "meeting_id": meeting_id,
            "room": found.get("room", 0), "remote": found.get("remote", 0)}


def push(meeting_id: int) -> dict:
    evt = counts(meeting_id)
    if socketio.server is not None:
        socketio.emit(EVENT_NAME, evt, to=meeting_room(meeting_id))
    return evt


_scheduled: set[int] = set()
_in_flight = 0
_scheduled_lock = threading.Lock()


def push_soon(app, meeting_id: int) -> None:
    """Push the meeting's counts PUSH_DELAY seconds from now, once for all changes until
    then: a thousand people arriving make a handful of pushes, not a thousand."""
    global _in_flight
    with _scheduled_lock:
        if meeting_id in _scheduled:
            return
        _scheduled.add(meeting_id)
        _in_flight += 1
    socketio.start_background_task(_push_later, app, socketio.server, meeting_id)


def _push_later(app, server, meeting_id: int) -> None:
    global _in_flight
    try:
        socketio.sleep(PUSH_DELAY)
        with _scheduled_lock:
            _scheduled.discard(meeting_id)
        if socketio.server is not server:
            return  # the app was replaced (tests create many): nobody listens to it
        with app.app_context():
            push(meeting_id)
    except Exception:
        log.exception("could not push presence")
    finally:
        with _scheduled_lock:
            _in_flight -= 1


def pushes_pending() -> int:
    """Pushes scheduled or running in this process (tests wait for them to end)."""
    with _scheduled_lock:
        return _in_flight


def enter(sid: str, meeting_id: int, identity: str, where: str) -> bool:
    """Note (or update) the socket in the meeting; whether the counts may change.

    Flushes only: the socket event that calls it commits."""
    row = db.session.get(LivePresence, (sid, meeting_id))
    changed = row is None or row.where != where or row.identity != identity
    if row is None:
        row = LivePresence(sid=sid, meeting_id=meeting_id)
        db.session.add(row)
    row.identity, row.where, row.server, row.seen_at = identity, where, SERVER_ID, utcnow()
    db.session.flush()
    return changed


def leave(sid: str) -> list[int]:
    """Forget the socket everywhere; the meetings it was in (to push their new counts)."""
    meeting_ids = list(db.session.scalars(
        select(LivePresence.meeting_id).where(LivePresence.sid == sid)))
    if meeting_ids:
        db.session.execute(delete(LivePresence).where(LivePresence.sid == sid))
    return meeting_ids


def sweep() -> set[int]:
    """Refresh this process's rows and delete expired ones; the meetings that changed.

    The caller (the heartbeat, a process starting) commits."""
    now = utcnow()
    db.session.execute(update(LivePresence).where(LivePresence.server == SERVER_ID)
                       .values(seen_at=now))
    expired = LivePresence.seen_at < now - timedelta(seconds=EXPIRY_SECONDS)
    changed = set(db.session.scalars(select(LivePresence.meeting_id).where(expired)))
    if changed:
        db.session.execute(delete(LivePresence).where(expired))
    return changed


def own_rows() -> list[LivePresence]:
    return list(db.session.scalars(select(LivePresence).where(LivePresence.server == SERVER_ID)))


_started: set[int] = set()
_start_lock = threading.Lock()


def start_heartbeat(app, check) -> None:
    """Start this process's heartbeat for `app` once; `check(rows)` returns sids to drop."""
    with _start_lock:
        if id(app) in _started:
            return
        _started.add(id(app))
    # Started from a socket event whose own transaction may hold SQLite's write lock:
    # the first sweep therefore runs in the heartbeat's own task, not here.
    socketio.start_background_task(_heartbeat, app, socketio.server, check)


def _heartbeat(app, server, check) -> None:
    try:
        with app.app_context(), unit_of_work():
            sweep()  # what a process that died left behind, if it is old enough
    except Exception:
        log.exception("presence sweep at start failed")  # the next beat tries again
    while True:
        socketio.sleep(HEARTBEAT_SECONDS)
        if socketio.server is not server:  # the app was replaced (tests create many)
            with _start_lock:
                _started.discard(id(app))  # its id may be reused by a later app
            # Close what a last beat may have opened after the app's owner closed its
            # pool; left to the garbage collector, an open connection warns.
            with app.app_context():
                db.engine.dispose()
            return
        try:
            with app.app_context():
                with unit_of_work():
                    changed = sweep()
                for sid in check(own_rows()):
                    socketio.server.disconnect(sid)  # its disconnect handler updates counts
                for meeting_id in changed:
                    push_soon(app, meeting_id)
        except Exception:  # keep beating: a failed round is retried at the next one
            log.exception("presence heartbeat failed")  # unit_of_work rolled it back
