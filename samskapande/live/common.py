"""What the meeting services share: the refusal type, text checks, audit and event queueing."""

from __future__ import annotations

from flask_babel import gettext as _

from samskapande.audit.services import record
from samskapande.core.refusals import Refusal
from samskapande.core.text import has_control_characters, normalise
from samskapande.live import permissions
from samskapande.realtime import journal


class LiveError(Refusal):
    """A meeting action that is refused; `message` is a translated sentence for the person."""


def queue(meeting_id: int, stream: str, type_: str, op: str, **payload) -> None:
    """Journal an event in the current transaction; it is emitted after the commit."""
    journal.queue_event(meeting_id, stream, type_, op, **payload)


def audit(action: str, obj, meeting, user, **details) -> None:
    record(action, obj, actor=user, round_id=meeting.round_id,
           model_area_id=meeting.round.model_area_id, meeting=meeting.id, **details)


def clean(text: str | None, max_length: int, *, required: bool = True) -> str:
    """The text normalised, or a LiveError saying what is wrong with it."""
    text = normalise(text)
    if required and not text:
        raise LiveError(_("Write something first."))
    if len(text) > max_length:
        raise LiveError(_("At most %(max)d characters. Shorten the text a little.",
                          max=max_length))
    if has_control_characters(text):
        raise LiveError(_("The text contains invisible control characters. "
                          "Remove them and try again."))
    return text


def require_moderator(meeting, user) -> None:
    if not permissions.can_moderate(user, meeting):
        raise LiveError(_("Only the meeting's facilitator can do that."))
