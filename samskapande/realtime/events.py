"""Socket.IO connection handling: who may connect, and which rooms a connection joins.

Flask-Login's `login_required` does not apply to socket handlers, so every handler
checks identity itself. A connection is accepted only from a logged-in staff member
or a participant remembered by this browser's session (and, on a library terminal,
only while the visit has not been ended for inactivity). On connect the socket joins
the room of each round it may follow, so a reconnecting client is back in its rooms
without asking. The protocol is documented in docs/realtime.md.
"""

from __future__ import annotations

from flask import session
from flask_login import current_user
from flask_socketio import join_room
from sqlalchemy import select

from samskapande.core.identity import SESSION_KEY
from samskapande.extensions import db, socketio
from samskapande.realtime.publish import round_room
from samskapande.rounds.models import Participant
from samskapande.rounds.services import rounds_for_staff
from samskapande.terminal.services import is_terminal, visit_expired


def _remembered_participant_ids() -> list[int]:
    known = session.get(SESSION_KEY) or {}
    ids = []
    for value in known.values():
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids


def participant_round_ids() -> set[int]:
    """The rounds this browser takes part in, as participants that still exist."""
    ids = _remembered_participant_ids()
    if not ids:
        return set()
    return set(db.session.scalars(
        select(Participant.round_id).where(Participant.id.in_(ids),
                                           Participant.erased_at.is_(None))
    ))


def staff_round_ids() -> set[int]:
    if not current_user.is_authenticated:
        return set()
    return {round_.id for round_ in rounds_for_staff(current_user)}


def connection_identity() -> str | None:
    """'user:<id>' or 'participant:<id>' for the connecting browser, or None."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    known = session.get(SESSION_KEY) or {}
    if known:
        return "participant:" + ",".join(str(pid) for pid in sorted(known.values()))
    return None


def rooms_for_connection() -> set[str] | None:
    """The rooms this connection joins, or None when it must be refused."""
    if is_terminal() and visit_expired():
        return None  # the visit is over; the next page load clears what is left of it
    if connection_identity() is None:
        return None
    round_ids = participant_round_ids() | staff_round_ids()
    if not round_ids and not current_user.is_authenticated:
        return None  # remembered participations that no longer exist
    return {round_room(round_id) for round_id in round_ids}


@socketio.on("connect")
def on_connect(_auth=None):
    rooms = rooms_for_connection()
    if rooms is None:
        # Returning False refuses: the client is told the connection was rejected.
        return False
    for room in sorted(rooms):
        join_room(room)
    return True
