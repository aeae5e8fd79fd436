"""Socket.IO connection handling: who may connect, and which round rooms a connection joins.

Flask-Login's `login_required` does not apply to socket handlers, so every handler
checks identity itself. A connection is accepted only from a logged-in staff member
or a participant remembered by this browser's session (and, on a library terminal,
only while the visit has not been ended for inactivity). On connect the socket joins
the room of each round it may follow (`round:<id>`, where voting publishes support
counts), so a reconnecting client is back in its rooms without asking; meeting rooms are
joined by `meeting:join` (live.sockets).

This is feature code (it knows participants, staff rounds and terminals), so it lives here
and not in `realtime`, which is the infrastructure below every feature: rooms, the
journal, publishing after commit, limits and presence. The protocol is documented in
docs/realtime.md.
"""

from __future__ import annotations

from flask_login import current_user
from flask_socketio import join_room
from sqlalchemy import select

from samskapande.core.identity import identity
from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db, socketio
from samskapande.manage.permissions import can_manage_round
from samskapande.realtime.publish import round_room
from samskapande.rounds.models import Participant, Round
from samskapande.rounds.phases import is_public, public_rounds_condition
from samskapande.rounds.services import rounds_for_staff
from samskapande.terminal.services import is_terminal, visit_expired


def participant_round_ids() -> set[int]:
    """The rounds this browser takes part in, as participants that still exist."""
    ids = list(identity().participations.values())
    if not ids:
        return set()
    return set(db.session.scalars(
        select(Participant.round_id).join(Round, Round.id == Participant.round_id)
        .where(Participant.id.in_(ids), Participant.erased_at.is_(None),
               public_rounds_condition())
    ))


def staff_round_ids() -> set[int]:
    """The staff member's rounds; one in preparation only for those who manage it."""
    if identity().user_id is None:
        return set()
    return {round_.id for round_ in rounds_for_staff(current_user)
            if is_public(round_) or can_manage_round(current_user, round_)}


def rooms_for_connection() -> set[str] | None:
    """The rooms this connection joins, or None when it must be refused."""
    if is_terminal() and visit_expired():
        return None  # the visit is over; the next page load clears what is left of it
    who = identity()
    if not who.is_anyone:
        return None
    round_ids = participant_round_ids() | staff_round_ids()
    if not round_ids and who.user_id is None:
        return None  # remembered participations that no longer exist
    return {round_room(round_id) for round_id in round_ids}


@socketio.on("connect")
def on_connect(_auth=None):
    with unit_of_work():  # reads only; the frame keeps every socket event one transaction
        rooms = rooms_for_connection()
    if rooms is None:
        # Returning False refuses: the client is told the connection was rejected.
        return False
    for room in sorted(rooms):
        join_room(room)
    return True
