"""Who is asking, read from the session once per request or socket event.

The signed session cookie holds the participations this browser remembers (round id ->
participant id, under `SESSION_KEY`) and Flask-Login's staff user id. Only this module
knows that format: `identity()` reads it once (cached on `g`, which Flask-SocketIO gives
every event anew) and everything else, HTTP views and socket handlers alike, uses its
result. Whether a remembered participant still exists is the rounds package's question
(`rounds.services.current_participant`); this module knows no models.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import g, session
from flask_login import current_user

SESSION_KEY = "participants"  # round id -> participant id, in the signed session cookie
_CACHE = "samskapande_identity"


@dataclass(frozen=True)
class Identity:
    """The staff user id (or None) and the participations remembered by this browser."""

    user_id: int | None = None
    participations: dict[int, int] = field(default_factory=dict)  # round id -> participant id

    def participant_id(self, round_id: int) -> int | None:
        return self.participations.get(round_id)

    @property
    def is_anyone(self) -> bool:
        return self.user_id is not None or bool(self.participations)

    @property
    def key(self) -> str | None:
        """One key per person, for rate limits: 'user:<id>' or 'participant:<ids>'."""
        if self.user_id is not None:
            return f"user:{self.user_id}"
        if self.participations:
            return "participant:" + ",".join(str(p) for p in sorted(self.participations.values()))
        return None


def _read_participations() -> dict[int, int]:
    known = session.get(SESSION_KEY)
    if not isinstance(known, dict):
        return {}
    participations = {}
    for round_id, participant_id in known.items():
        try:
            participations[int(round_id)] = int(participant_id)
        except (TypeError, ValueError):
            continue  # a cookie from an older version, or tampered with: ignore the entry
    return participations


def identity() -> Identity:
    """The person behind this request or socket event (read from the session once)."""
    cached = g.get(_CACHE)
    if cached is None:
        user_id = current_user.get_id() if current_user.is_authenticated else None
        cached = Identity(user_id=int(user_id) if user_id is not None else None,
                          participations=_read_participations())
        setattr(g, _CACHE, cached)
    return cached


def _write(participations: dict[int, int]) -> None:
    session[SESSION_KEY] = {str(r): p for r, p in participations.items()}
    g.pop(_CACHE, None)


def remember_participation(round_id: int, participant_id: int) -> None:
    """Remember on this device that the visitor takes part in the round as that participant."""
    _write({**_read_participations(), round_id: participant_id})


def forget_participation(round_id: int) -> None:
    participations = _read_participations()
    if participations.pop(round_id, None) is not None:
        _write(participations)


def forget_identity() -> None:
    """Forget every participation and the cached identity (the visit ends)."""
    session.pop(SESSION_KEY, None)
    g.pop(_CACHE, None)
