"""Bursts of joins from one address followed by support for one need, for the facilitator.

A meeting in one room looks like this too, so the workspace shows a short note, never an
address: how many joined within how many seconds, and how many of them supported the same
need. It reads the throttle table (accounts.throttle), which keeps the addresses for its
retention period only; nothing more is stored for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from samskapande.accounts.throttle import join_bursts
from samskapande.extensions import db
from samskapande.rounds.models import Participant, Round
from samskapande.voting.models import Vote

# A note is shown when at least this many of a burst's participants supported one need.
LEAST_SUPPORTING = 10
# The join is counted a moment before the participant is stored.
SLACK = timedelta(seconds=5)


@dataclass(frozen=True)
class Burst:
    joined: int
    seconds: int
    supported_one_need: int


def bursts_with_support(round_: Round) -> list[Burst]:
    notes = []
    for first, last, joins in join_bursts(round_.id):
        joined = select(Participant.id).where(
            Participant.round_id == round_.id,
            Participant.created_at >= first, Participant.created_at <= last + SLACK)
        most = db.session.scalar(
            select(func.count(Vote.participant_id.distinct()).label("n"))
            .where(Vote.round_id == round_.id, Vote.participant_id.in_(joined))
            .group_by(Vote.need_id).order_by(func.count(Vote.participant_id.distinct()).desc())
            .limit(1)) or 0
        if most >= LEAST_SUPPORTING:
            notes.append(Burst(joined=joins, seconds=max(1, round((last - first).total_seconds())),
                               supported_one_need=most))
    return notes
