"""Socket.IO connection handling.

Flask-Login's `login_required` does not apply to socket handlers, so every handler
checks identity itself. A connection is accepted only from a logged-in staff member
or a participant remembered by this browser's session.
"""

from __future__ import annotations

from flask import session
from flask_login import current_user

from samskapande.extensions import socketio
from samskapande.rounds.services import SESSION_KEY


def connection_identity() -> str | None:
    """'user:<id>' or 'participant:<id>' for the connecting browser, or None."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    known = session.get(SESSION_KEY) or {}
    if known:
        return "participant:" + ",".join(str(pid) for pid in sorted(known.values()))
    return None


@socketio.on("connect")
def on_connect(_auth=None):
    # Returning False refuses: the client is told the connection was rejected.
    return connection_identity() is not None
