"""What erasing a participant removes from live meetings: their name in the event journal."""

from __future__ import annotations

from sqlalchemy import select

from samskapande.extensions import db
from samskapande.live.models import Message
from samskapande.realtime.models import LiveEvent


def forget_author_names(message_ids: set[int]) -> int:
    """Remove the author's name from the stored events of these messages (erasure).

    The messages themselves carry no name (it is read from the participant, who is
    erased), but the journal kept a copy in each event's payload for replay. The journal
    (realtime) knows no meeting content, so this lives with the messages.
    """
    if not message_ids:
        return 0
    meetings = select(Message.meeting_id).where(Message.id.in_(message_ids))
    changed = 0
    for row in db.session.scalars(select(LiveEvent).where(
            LiveEvent.meeting_id.in_(meetings), LiveEvent.type == "message")):
        message = (row.payload or {}).get("message")
        if not isinstance(message, dict) or message.get("id") not in message_ids:
            continue
        author = dict(message.get("author") or {})
        if author.get("name") is None:
            continue
        author["name"] = None
        row.payload = {**row.payload, "message": {**message, "author": author}}
        changed += 1
    return changed
