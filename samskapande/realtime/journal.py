"""The event journal of live meetings: numbered, stored, and emitted only after commit.

A service that changes a meeting calls `queue_event(...)` inside its transaction. That
takes the stream's next sequence number, stores a `LiveEvent` row, and remembers the event
on the session. When the session commits, the remembered events are emitted to the
stream's room under the Socket.IO event name `live`; when it rolls back they are dropped,
so no client ever sees a change that did not happen.

Numbers come from a per-(meeting, stream) counter row that is updated in the same
transaction. The update locks the row (PostgreSQL) or the database (SQLite) until commit,
so a second writer of the same meeting waits, and the numbers commit in order with no
gaps: a client that receives seq n can be sure 1..n-1 are already readable. A client that
sees a gap (an emit of a concurrent writer arrived first, or it was away) asks for
`events_since` its last number. The protocol is described in docs/realtime.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import delete, event, select, update
from sqlalchemy.orm import Session

from samskapande.extensions import db, socketio
from samskapande.realtime.models import LiveEvent, LiveStream

log = logging.getLogger(__name__)

STREAMS = ("public", "staff")
EVENT_NAME = "live"
_PENDING = "samskapande.live_events"


def meeting_room(meeting_id: int) -> str:
    """Residents, staff and projectors of a meeting: receives the `public` stream."""
    return f"meeting:{meeting_id}"


def meeting_staff_room(meeting_id: int) -> str:
    """Staff who may moderate or answer in a meeting: receives the `staff` stream."""
    return f"meeting:{meeting_id}:staff"


def room_for(meeting_id: int, stream: str) -> str:
    return meeting_staff_room(meeting_id) if stream == "staff" else meeting_room(meeting_id)


def envelope(meeting_id: int, stream: str, seq: int, type_: str, op: str,
             payload: dict) -> dict:
    return {**payload, "meeting_id": meeting_id, "stream": stream, "seq": seq,
            "type": type_, "op": op}


def _next_seq(session: Session, meeting_id: int, stream: str) -> int:
    table = LiveStream.__table__
    bump = (update(table)
            .where(table.c.meeting_id == meeting_id, table.c.stream == stream)
            .values(last_seq=table.c.last_seq + 1)
            .returning(table.c.last_seq))
    seq = session.execute(bump).scalar()
    if seq is None:  # the stream's first event: create its counter, then take 1
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        session.execute(insert(table).values(meeting_id=meeting_id, stream=stream, last_seq=0)
                        .on_conflict_do_nothing())
        seq = session.execute(bump).scalar_one()
    return seq


def queue_event(meeting_id: int, stream: str, type_: str, op: str, **payload) -> None:
    """Journal an event in the caller's transaction; it is emitted after the commit."""
    queue_state(meeting_id, stream, type_, lambda: (op, payload))


def queue_state(meeting_id: int, stream: str, type_: str,
                read: Callable[[], tuple[str, dict]]) -> None:
    """Journal the event `read()` returns as `(op, payload)`, read once it has its number.

    Taking the number locks the stream's counter until commit, so of two states of the
    same thing the one with the higher number was read later: it is never older.
    """
    if stream not in STREAMS:
        raise ValueError(f"unknown stream {stream!r}")
    session = db.session()
    seq = _next_seq(session, meeting_id, stream)
    op, payload = read()
    session.add(LiveEvent(meeting_id=meeting_id, stream=stream, seq=seq, type=type_, op=op,
                          payload=payload))
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_PENDING, []).append(
        (transaction, envelope(meeting_id, stream, seq, type_, op, payload))
    )


def events_since(meeting_id: int, stream: str, after_seq: int, limit: int = 500) -> list[dict]:
    """The stream's events numbered above `after_seq`, oldest first, at most `limit`."""
    rows = db.session.scalars(
        select(LiveEvent)
        .where(LiveEvent.meeting_id == meeting_id, LiveEvent.stream == stream,
               LiveEvent.seq > after_seq)
        .order_by(LiveEvent.seq)
        .limit(limit)
    )
    return [envelope(row.meeting_id, row.stream, row.seq, row.type, row.op, row.payload)
            for row in rows]


def forget_meeting(meeting_id: int) -> int:
    """Delete a meeting's stored events (its chat is purged); the numbering goes on.

    Clients that reconnect afterwards find nothing to replay, which is what is left.
    """
    result = db.session.execute(delete(LiveEvent).where(LiveEvent.meeting_id == meeting_id),
                                execution_options={"synchronize_session": False})
    return result.rowcount or 0


def last_seq(meeting_id: int, stream: str) -> int:
    """The number of the stream's newest committed event (0 before the first)."""
    return db.session.scalar(
        select(LiveStream.last_seq).where(LiveStream.meeting_id == meeting_id,
                                          LiveStream.stream == stream)
    ) or 0


def emit_event(evt: dict) -> None:
    """Send one journaled event to its stream's room (in every process, through Redis)."""
    if socketio.server is None:
        return  # an app without a Socket.IO server (nothing can be listening)
    socketio.emit(EVENT_NAME, evt, to=room_for(evt["meeting_id"], evt["stream"]))


@event.listens_for(Session, "after_commit")
def _emit_after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    for _transaction, evt in pending or ():
        try:
            emit_event(evt)
        except Exception:  # the change is committed; clients catch up through events_since
            log.exception("could not emit live event %s/%s", evt["stream"], evt["seq"])


@event.listens_for(Session, "after_soft_rollback")
def _drop_after_rollback(session: Session, previous_transaction) -> None:
    """Forget the events of the transaction that rolled back (and of its savepoints)."""
    pending = session.info.get(_PENDING)
    if not pending:
        return
    if previous_transaction.nested:
        def inside(transaction) -> bool:
            while transaction is not None:
                if transaction is previous_transaction:
                    return True
                transaction = transaction.parent
            return False
        session.info[_PENDING] = [item for item in pending if not inside(item[0])]
    else:
        session.info.pop(_PENDING, None)
