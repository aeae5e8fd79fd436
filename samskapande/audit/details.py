"""The details of audit events as a person reads them: names for ids, words for codes.

What an event stores stays as it was recorded (ids, codes, ISO dates); this module only
says it in words for the log page. The names behind the ids of one page are read in
one query per kind of thing, not one per event. The audit log sits below the features
whose actions it records, so it names their tables (as `ROUND` in services does)
instead of importing their packages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from sqlalchemy import column, select, table

from samskapande.audit.labels import action_label, detail_label, value_label
from samskapande.extensions import db

FIRST_WORDS = 60  # characters of a need's or a post's text that name it

_TABLES = {
    "organisation": table("organisation", column("id"), column("name")),
    "model_area": table("model_area", column("id"), column("name")),
    "goal": table("goal", column("id"), column("title")),
    "user": table("user_account", column("id"), column("name"), column("email")),
    "round": table("round", column("id"), column("title"), column("code")),
    "meeting": table("meeting", column("id"), column("title")),
    "theme": table("theme", column("id"), column("title")),
    "need": table("need", column("id"), column("text")),
    "message": table("message", column("id"), column("text")),
    "commitment": table("commitment", column("id"), column("text")),
    "poll": table("poll", column("id"), column("question")),
    "participant": table("participant", column("id"), column("display_name")),
    "response": table("response", column("id"), column("theme_id"), column("need_id")),
}

# The details that hold ids, and what they are ids of.
REFERENCES = {
    "organisation": "organisation", "organisation_id": "organisation",
    "organisations": "organisation", "areas": "model_area", "goal": "goal",
    "proposed_by": "user", "meeting": "meeting", "from_theme": "theme",
    "to_theme": "theme", "new_theme": "theme", "merged": "theme", "themes": "theme",
    "into": "need", "needs": "need", "message": "message", "commitment_id": "commitment",
    "response_id": "response", "actor_id": "user", "area_id": "model_area",
}

# What an event is about (its object_type, the model's class name) and its kind above.
OBJECTS = {
    "organisation": "organisation", "modelarea": "model_area", "goal": "goal",
    "user": "user", "round": "round", "meeting": "meeting", "theme": "theme",
    "need": "need", "message": "message", "commitment": "commitment", "poll": "poll",
    "participant": "participant", "response": "response",
}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass
class Detail:
    """One detail: its name and its value in words, or a group of details (`parts`)."""

    label: str
    value: str = ""
    parts: list[Detail] = field(default_factory=list)


def _ids(value) -> list[int]:
    values = value if isinstance(value, list) else [value]
    return [int(v) for v in values  # a filter keeps its ids as the text of the address
            if (isinstance(v, int) and not isinstance(v, bool))
            or (isinstance(v, str) and v.isascii() and v.isdigit())]


def _first_words(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= FIRST_WORDS else text[:FIRST_WORDS].rsplit(" ", 1)[0] + "…"


class Names:
    """The names of the things one page of events refers to, read in bulk."""

    def __init__(self):
        self._wanted: dict[str, set[int]] = defaultdict(set)
        self._rows: dict[str, dict[int, tuple]] = {}

    def want(self, kind: str, value) -> None:
        self._wanted[kind].update(_ids(value))

    def load(self) -> None:
        # responses first: they are named by the theme or need they answer
        responses = self._fetch("response")
        for _id, theme_id, need_id in responses.values():
            if theme_id is not None:
                self._wanted["theme"].add(theme_id)
            if need_id is not None:
                self._wanted["need"].add(need_id)
        for kind in list(self._wanted):
            self._fetch(kind)

    def _fetch(self, kind: str) -> dict[int, tuple]:
        if kind not in self._rows:
            ids = self._wanted.get(kind, set())
            found = {}
            if ids:
                tbl = _TABLES[kind]
                found = {row[0]: tuple(row) for row in db.session.execute(
                    select(*tbl.columns).where(tbl.c.id.in_(sorted(ids))))}
            self._rows[kind] = found
        return self._rows[kind]

    def name(self, kind: str, id_: int) -> str:
        row = self._rows.get(kind, {}).get(id_)
        if row is None:
            return _("#%(id)d (no longer there)", id=id_)
        if kind == "user":
            return row[1] or row[2]
        if kind == "round":
            return f"{row[1]} ({row[2]})"
        if kind in ("need", "message", "commitment"):
            return f"#{id_} «{_first_words(row[1])}»"
        if kind == "participant":
            return row[1] or _("Participant %(id)d", id=id_)
        if kind == "response":
            theme_id, need_id = row[1], row[2]
            return self.name("theme", theme_id) if theme_id is not None \
                else self.name("need", need_id)
        return row[1]


def _words(value, action: str, key: str, names: Names) -> str:
    """One stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key in REFERENCES and _ids(value):
        return ", ".join(names.name(REFERENCES[key], id_) for id_ in _ids(value))
    if isinstance(value, list):
        if key == "changed":  # the names of the details that changed
            return ", ".join(detail_label(str(item)) for item in value)
        return ", ".join(
            f"({_words(item, action, key, names)})" if isinstance(item, list)
            else _words(item, action, key, names) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{detail_label(k)}: {_words(v, action, k, names)}"
                         for k, v in value.items())
    if isinstance(value, str):
        if key == "action":  # the action a filter asked for
            return action_label(value)
        return value_label(action, key, value) or _date_words(value)
    return str(value)


def _date_words(text: str) -> str:
    try:
        if _DATE.match(text):
            return format_date(date.fromisoformat(text))
        if _DATETIME.match(text):
            return format_datetime(datetime.fromisoformat(text), "short")
    except ValueError:
        pass
    return text


def _details(action: str, details: dict, names: Names) -> list[Detail]:
    details = dict(details or {})
    before, after = details.get("before"), details.get("after")
    pairs = {}
    if isinstance(before, dict) and isinstance(after, dict):  # an edit: what became what
        del details["before"], details["after"]
        details.pop("changed", None)
        pairs = {k: (before.get(k), after.get(k)) for k in {**before, **after}}
    if "before" in details and "after" in details and not isinstance(before, dict | list):
        pairs["change"] = (details.pop("before"), details.pop("after"))  # e.g. a phase
    changes = details.get("changes")
    if isinstance(changes, dict) and all(
            isinstance(v, list) and len(v) == 2 for v in changes.values()):
        del details["changes"]
        pairs |= {k: tuple(v) for k, v in changes.items()}
    shown = [Detail(detail_label(key), f"{_words(old, action, key, names)} → "
                                       f"{_words(new, action, key, names)}")
             for key, (old, new) in pairs.items()]
    for key, value in details.items():
        if isinstance(value, dict) and value:
            shown.append(Detail(detail_label(key), parts=[
                Detail(detail_label(k), _words(v, action, k, names)) for k, v in value.items()]))
        else:
            shown.append(Detail(detail_label(key), _words(value, action, key, names)))
    return sorted(shown, key=lambda d: d.label.casefold())


def _wanted(value, key: str, names: Names) -> None:
    if key in REFERENCES:
        names.want(REFERENCES[key], value)
    if isinstance(value, dict):
        for k, v in value.items():
            _wanted(v, k, names)
    elif isinstance(value, list) and key not in REFERENCES:
        for item in value:
            if isinstance(item, dict | list):
                _wanted(item, key, names)


@dataclass
class Readable:
    """An event's object and details in words."""

    subject: str | None
    details: list[Detail]


def readable(events: Iterable) -> dict[int, Readable]:
    """The object and details of each event in words, by event id."""
    events = list(events)
    names = Names()
    for event in events:
        kind = OBJECTS.get(event.object_type)
        if kind and event.object_id is not None:
            names.want(kind, event.object_id)
        for key, value in (event.details or {}).items():
            _wanted(value, key, names)
    names.load()
    found = {}
    for event in events:
        kind = OBJECTS.get(event.object_type)
        subject = names.name(kind, event.object_id) \
            if kind and event.object_id is not None else None
        shown = dict(event.details or {})
        if kind == "response" and shown.get("response_id") == event.object_id:
            del shown["response_id"]  # the response is what the event is about, said above
        found[event.id] = Readable(subject, _details(event.action, shown, names))
    return found
