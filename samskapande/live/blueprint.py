"""The `live` blueprint and what its view modules share: lookups, URLs, payloads.

A leaf below live.views (the meeting page), live.staff_views (the facilitator's pages),
live.setup_views (the meetings list) and live.state_views (the JSON a client joins
with): each imports this module and registers its
routes on `bp`, and none imports another, so no import circle joins them.
"""

from __future__ import annotations

from flask import Blueprint, url_for
from flask_login import current_user
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.core.i18n import clock
from samskapande.core.identity import identity
from samskapande.core.lookup import get_or_404
from samskapande.extensions import db
from samskapande.live import permissions, services
from samskapande.live.models import Meeting, Message, Poll
from samskapande.live.payloads import answers_of, speaker_parts
from samskapande.realtime import limits
from samskapande.realtime.presence import counts as presence_counts
from samskapande.rounds.lookup import round_or_404
from samskapande.rounds.models import Participant
from samskapande.rounds.services import current_participant

bp = Blueprint("live", __name__)


@bp.context_processor
def live_helpers():
    return {"speaker_parts": speaker_parts}


def meeting_or_404(code: str, meeting_id: int) -> Meeting:
    """The meeting with this id in the round with this code (another round's is a 404)."""
    round_ = round_or_404(code)
    return get_or_404(Meeting, meeting_id, round_id=round_.id)


def message_or_404(meeting: Meeting, message_id: int) -> Message:
    return get_or_404(Message, message_id, meeting_id=meeting.id)


def poll_or_404(meeting: Meeting, poll_id: int) -> Poll:
    return get_or_404(Poll, poll_id, meeting_id=meeting.id)


def too_fast() -> str | None:
    """The refusal when this person writes faster than the live rate allows, else None.

    A form that writes to a meeting counts against the same per-person limit as the
    socket events (realtime.limits), so 40 posts in a second over HTTP are refused just
    as over the socket. Called before the form is read: a refused request changes nothing.
    """
    try:
        limits.refuse_if_too_fast(identity().key)
    except limits.TooFast as error:
        return str(error)
    return None


def viewer(meeting: Meeting):
    """(staff user or None, participant or None) of the current request: the meeting page
    and the JSON state read the person the same way."""
    user = current_user if permissions.is_meeting_staff(current_user, meeting) else None
    return user, current_participant(meeting.round)


def meeting_url(meeting: Meeting, **kwargs) -> str:
    return url_for("live.meeting", code=meeting.round.code, meeting_id=meeting.id, **kwargs)


def payloads(messages) -> list[dict]:
    """Public payloads of many posts, with their authors and answers loaded in a few
    queries, not a few for each post."""
    messages = list(messages)
    participant_ids = {m.participant_id for m in messages if m.participant_id}
    answers = answers_of(m.id for m in messages)
    user_ids = {i for m in messages for i in (m.user_id, m.directed_user_id) if i}
    user_ids |= {a.user_id for given in answers.values() for a in given if a.user_id}
    # Into the session's identity map (held by `loaded`), where the payloads look them up.
    loaded = [*db.session.scalars(select(Participant).where(Participant.id.in_(participant_ids))),
              *db.session.scalars(select(User).where(User.id.in_(user_ids)))]
    votes = services.vote_counts(m.id for m in messages)
    result = [{**services.message_payload(m, votes.get(m.id, 0), answers.get(m.id, [])),
               "time": clock(m.created_at)} for m in messages]
    del loaded
    return result


def presence(meeting: Meeting) -> dict:
    """How many are connected, in the room and remote (realtime.presence)."""
    return presence_counts(meeting.id)
