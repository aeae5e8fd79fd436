"""Every real-time event the server sends, declared once: its type, op, fields and their types.

The table `EVENTS` is the one description of the protocol's payloads (Zulip's
`event_types.py`, in a smaller form): the tests check every event the app queues or
publishes against its entry (`check_event`), that every entry is emitted by some test, and
that the event tables of docs/realtime.md list exactly these entries.

A field's type is written as a small schema: a Python type (`int`, `str`, `bool`), `None`
for null, a tuple of alternatives (`(str, None)`), a one-element list for a list of items
(`[OPTION]`) or a dict for an object with exactly those keys. Plain data only, so this
module imports nothing of the features whose events it describes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# -- the shapes inside events ---------------------------------------------------------------

AUTHOR = {"role": str, "name": (str, None), "title": str, "organisation": str, "party": str}

ANSWER = {"id": int, "text": str, "author": AUTHOR, "created_at": str}

MESSAGE = {
    "id": int, "kind": str, "text": str, "created_at": (str, None), "author": AUTHOR,
    "directed_to": (str, None), "votes": int, "pinned": bool, "spotlight": bool,
    "answered": bool, "answers": [ANSWER], "status": str,
}

MEETING = {"chat_open": bool, "slow_mode_seconds": int, "moderation": str}

POLL = {
    "id": int, "question": str, "kind": str, "status": str,
    "options": [{"id": int, "label": str, "count": int}], "total": int,
}

# Every journaled event also carries these (realtime.journal.envelope).
ENVELOPE = {"meeting_id": int, "stream": str, "seq": int, "type": str, "op": str}


@dataclass(frozen=True)
class EventType:
    """One kind of event: where it goes and what its payload holds (besides type and op)."""

    name: str  # the Socket.IO event name: "live" (meetings) or "event" (rounds)
    stream: str | None  # "public"/"staff" for journaled meeting events; None otherwise
    type: str
    op: str
    fields: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str | None, str, str]:
        return (self.name, self.stream, self.type, self.op)


def _live(stream: str, type_: str, op: str, **fields) -> EventType:
    return EventType("live", stream, type_, op, fields)


EVENTS: tuple[EventType, ...] = (
    # Journaled meeting events (realtime.journal), emitted under `live` after commit.
    _live("public", "message", "add", message=MESSAGE),
    _live("public", "message", "update", message=MESSAGE),
    _live("public", "message", "remove", message_id=int),
    _live("public", "meeting", "update", meeting=MEETING),
    _live("public", "poll", "open", poll=POLL),
    _live("public", "poll", "update", poll=POLL),
    _live("public", "poll", "close", poll=POLL),
    _live("staff", "message", "held", message=MESSAGE),
    _live("staff", "message", "hidden", message=MESSAGE, reason=str),
    _live("staff", "message", "approved", message_id=int),
    _live("staff", "mute", "add", participant_id=int, label=str),
    _live("staff", "mute", "remove", participant_id=int, label=str),
    # Not journaled: presence counts, under `live`, without seq.
    EventType("live", None, "presence", "update",
              {"meeting_id": int, "room": int, "remote": int}),
    # Not journaled: this process's message queue state (realtime.queue_health), under
    # `live`, to the process's own clients only; "delayed" or "ok" (then clients resync).
    EventType("live", None, "queue", "update", {"state": str}),
    # Round rooms (realtime.publish), under `event`: voting and merging needs.
    EventType("event", None, "need", "support", {"need_id": int, "support": int}),
)

BY_KEY = {event.key: event for event in EVENTS}


class EventShapeError(ValueError):
    """An event that does not match its declaration."""


def declaration_of(name: str, event: dict) -> EventType:
    """The declaration an emitted event claims to follow (by name, stream, type and op)."""
    key = (name, event.get("stream") if "seq" in event else None, event.get("type"),
           event.get("op"))
    try:
        return BY_KEY[key]
    except KeyError:
        raise EventShapeError(f"undeclared event {key!r}") from None


def check_event(name: str, event: dict) -> EventType:
    """Raise EventShapeError unless `event` (as emitted under `name`) matches its declaration."""
    declared = declaration_of(name, event)
    schema = dict(declared.fields)
    if declared.stream is not None:
        schema.update(ENVELOPE)
    else:
        schema.update({"type": str, "op": str})
    _check(event, schema, declared.type + "/" + declared.op)
    return declared


def _check(value, schema, path: str) -> None:
    if isinstance(schema, tuple):
        errors = []
        for alternative in schema:
            try:
                _check(value, alternative, path)
                return
            except EventShapeError as error:
                errors.append(str(error))
        raise EventShapeError(" or ".join(errors))
    if schema is None:
        if value is not None:
            raise EventShapeError(f"{path}: expected null, got {value!r}")
    elif isinstance(schema, dict):
        if not isinstance(value, dict):
            raise EventShapeError(f"{path}: expected an object, got {value!r}")
        if set(value) != set(schema):
            raise EventShapeError(f"{path}: keys {sorted(value)} instead of {sorted(schema)}")
        for key, item in schema.items():
            _check(value[key], item, f"{path}.{key}")
    elif isinstance(schema, list):
        if not isinstance(value, list):
            raise EventShapeError(f"{path}: expected a list, got {value!r}")
        for index, item in enumerate(value):
            _check(item, schema[0], f"{path}[{index}]")
    elif schema is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise EventShapeError(f"{path}: expected an integer, got {value!r}")
    elif not isinstance(value, schema):
        raise EventShapeError(f"{path}: expected {schema.__name__}, got {value!r}")
