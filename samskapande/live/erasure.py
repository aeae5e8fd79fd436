"""What the journal's copies of posts must forget: an erased participant's name
(core.signals.participant_erased) and a hidden post's text.

Their meeting posts stay, without a name: a message carries none of its own (it is read
from the erased participant), but the journal kept a copy in each event for replay, and
that copy is cleared here. A post a facilitator hides replays as its removal. The journal
(realtime) knows no meeting content, so this lives with the messages.
"""

from __future__ import annotations

from sqlalchemy import select

from samskapande.core.signals import participant_erased
from samskapande.extensions import db
from samskapande.live.models import Message
from samskapande.realtime.models import LiveEvent


def _copies(meeting_ids, message_ids: set[int], *streams: str):
    """The journal's events that carry a copy of one of these messages, with the copy."""
    query = select(LiveEvent).where(LiveEvent.meeting_id.in_(meeting_ids),
                                    LiveEvent.type == "message")
    if streams:
        query = query.where(LiveEvent.stream.in_(streams))
    for row in db.session.scalars(query):
        copy = (row.payload or {}).get("message")
        if isinstance(copy, dict) and copy.get("id") in message_ids:
            yield row, copy


def replay_as_removed(message: Message) -> int:
    """The public stream's events that carry `message` become its removal, at the same
    numbers: a client replaying from before the hiding is told to remove it, never
    shown its text. The staff stream keeps it (facilitators see hidden posts)."""
    changed = 0
    for row, _copy in _copies([message.meeting_id], {message.id}, "public"):
        row.op, row.payload = "remove", {"message_id": message.id}
        changed += 1
    return changed


def forget_author_names(message_ids: set[int]) -> int:
    """Remove the author's name from the stored events of these messages."""
    if not message_ids:
        return 0
    meetings = select(Message.meeting_id).where(Message.id.in_(message_ids))
    changed = 0
    for row, copy in _copies(meetings, message_ids):
        author = dict(copy.get("author") or {})
        if author.get("name") is None:
            continue
        author["name"] = None
        row.payload = {**row.payload, "message": {**copy, "author": author}}
        changed += 1
    return changed


def forget_names_in_journal(participant, **_signal) -> None:
    own_messages = set(db.session.scalars(
        select(Message.id).where(Message.participant_id == participant.id)))
    forget_author_names(own_messages)


def connect_signals() -> None:
    participant_erased.connect(forget_names_in_journal)
