"""One moderation queue per round: needs waiting for approval and meeting posts that are
held or hidden, filtered by kind and meeting.

The actions stay where they are (manage.services for needs, live.services for posts); this
module only reads, after the same permission check as theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from samskapande.core.lookup import MAX_ID
from samskapande.extensions import db
from samskapande.live.common import LiveError
from samskapande.live.models import Meeting, Message, MessageStatus
from samskapande.manage import services as manage
from samskapande.manage.permissions import can_manage_round
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.models import Round

KINDS = ("all", "needs", "posts")


@dataclass
class Queue:
    """What waits, after the filters: `needs` as (need, support), `held` and `hidden` posts."""

    kind: str
    meeting: Meeting | None
    needs: list[tuple[Need, int]] = field(default_factory=list)
    held: list[Message] = field(default_factory=list)
    hidden: list[Message] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.needs or self.held or self.hidden)


def chosen_kind(value: str | None) -> str:
    return value if value in KINDS else "all"


def meeting_of_round(round_: Round, meeting_id: int | None) -> Meeting | None:
    if not isinstance(meeting_id, int) or not 0 < meeting_id <= MAX_ID:
        return None
    meeting = db.session.get(Meeting, meeting_id)
    return meeting if meeting is not None and meeting.round_id == round_.id else None


def _waiting_needs(round_: Round, meeting: Meeting | None) -> list[tuple[Need, int]]:
    rows = manage.moderation_rows(round_, NeedStatus.PENDING)
    if meeting is None:
        return rows
    # With a meeting chosen, only the needs made from that meeting's questions.
    from_meeting = set(db.session.scalars(select(Message.id).where(
        Message.meeting_id == meeting.id)))
    return [(need, support) for need, support in rows if need.source_message_id in from_meeting]


def _posts(round_: Round, meeting: Meeting | None, status: str) -> list[Message]:
    query = (select(Message).join(Meeting, Meeting.id == Message.meeting_id)
             .where(Meeting.round_id == round_.id, Message.status == status))
    if meeting is not None:
        query = query.where(Message.meeting_id == meeting.id)
    order = Message.id if status == MessageStatus.PENDING else Message.id.desc()
    return list(db.session.scalars(query.order_by(order)))


def round_queue(round_: Round, actor, *, kind: str = "all",
                meeting: Meeting | None = None) -> Queue:
    """The round's moderation queue for whoever may manage the round."""
    if not can_manage_round(actor, round_):
        raise LiveError(_("Only the meeting's facilitator can do that."))
    kind = chosen_kind(kind)
    queue = Queue(kind=kind, meeting=meeting)
    if kind in ("all", "needs"):
        queue.needs = _waiting_needs(round_, meeting)
    if kind in ("all", "posts"):
        queue.held = _posts(round_, meeting, MessageStatus.PENDING)
        queue.hidden = _posts(round_, meeting, MessageStatus.HIDDEN)
    return queue

