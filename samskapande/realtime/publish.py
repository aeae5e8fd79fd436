"""Publishing events to Socket.IO rooms, only after the change is committed.

Every event has a `type` and an `op`; its payload is documented in docs/realtime.md.
"""

from __future__ import annotations

from samskapande.extensions import db, socketio


def round_room(round_id: int) -> str:
    return f"round:{round_id}"


def publish(room: str, type_: str, op: str, **payload) -> None:
    """Emit an event to a room; refuses to run with uncommitted changes in the session."""
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("publish after commit: the session has unsaved changes")
    socketio.emit("event", {"type": type_, "op": op, **payload}, to=room)
