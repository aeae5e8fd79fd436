"""Socket handlers of a meeting's facilitator: quick polls (the moderation mode is an action of
`meeting:moderate`, in live.sockets).

The same actions as the facilitator's forms (live.staff_views), with the same rules: the
services (live.polls, live.services) decide, and these handlers only check the shape of
what was sent and turn a refusal into an ack, in the frame of live.sockets.handler (size,
rate, sender, one unit of work per event). Imported with live.sockets for registration.
"""

from __future__ import annotations

from flask_babel import gettext as _

from samskapande.extensions import db
from samskapande.live import services
from samskapande.live.models import Poll
from samskapande.live.sockets import Refused, _id, _meeting, _text, handler, who


def _list_of(data: dict, key: str, kind: type) -> list | None:
    """A list of `kind` (bools are not ints), None when absent; anything else is unreadable."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(
            isinstance(item, kind) and not isinstance(item, bool) for item in value):
        raise Refused(_("The request could not be read."))
    return value


def _poll(data: dict) -> Poll:
    """The poll, of the meeting named too if `meeting_id` is sent (as the form's address)."""
    poll = db.session.get(Poll, _id(data, "poll_id"))
    meeting_id = _id(data, "meeting_id") if data.get("meeting_id") is not None else None
    if poll is None or meeting_id not in (None, poll.meeting_id):
        raise Refused(_("The poll was not found."))
    return poll


@handler("poll:create")
def on_poll_create(data):
    meeting = _meeting(_id(data, "meeting_id"))
    user, _participant = who(meeting)
    kind = data.get("kind")
    if not isinstance(kind, str):
        raise Refused(_("The request could not be read."))
    poll = services.create_poll(meeting, user, question=_text(data, "question"), kind=kind,
                                options=_list_of(data, "options", str),
                                need_ids=_list_of(data, "need_ids", int))
    return {"poll": services.poll_payload(poll)}


@handler("poll:open")
def on_poll_open(data):
    poll = _poll(data)
    user, _participant = who(_meeting(poll.meeting_id))
    services.open_poll(poll, user)
    return {"poll_id": poll.id}


@handler("poll:close")
def on_poll_close(data):
    poll = _poll(data)
    user, _participant = who(_meeting(poll.meeting_id))
    services.close_poll(poll, user)
    return {"poll_id": poll.id}
