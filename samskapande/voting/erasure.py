"""What voting removes when a participant is erased (core.signals.participant_erased).

Their own votes go. When the round deletes an erased person's needs, needs says so
first (core.signals.needs_deleting): the votes others gave those needs go too, and
whoever gave them gets the dots back. Receivers run in no set order, so neither part
depends on another package's receiver having run.
"""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from samskapande.core.signals import needs_deleting, participant_erased
from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.rounds.models import Participant
from samskapande.voting.models import Vote


def erase_votes(participant: Participant, **_signal) -> None:
    db.session.execute(delete(Vote).where(Vote.participant_id == participant.id))


def refund_votes_on(_round, *, need_ids, **_signal) -> None:
    """Give back the dots others spent on these needs, and delete those votes.

    The needs' author is erased (their own dots go to nought with them), so only the
    votes of others are refunded.
    """
    refunds = db.session.execute(
        select(Vote.participant_id, func.sum(Vote.dots))
        .join(Need, Need.id == Vote.need_id)
        .where(Vote.need_id.in_(need_ids), Vote.participant_id != Need.participant_id)
        .group_by(Vote.participant_id)).all()
    for voter_id, dots in refunds:
        db.session.execute(
            update(Participant).where(Participant.id == voter_id)
            .values(dots_used=Participant.dots_used - dots),
            execution_options={"synchronize_session": False})
    db.session.execute(delete(Vote).where(Vote.need_id.in_(need_ids)))


def connect_signals() -> None:
    participant_erased.connect(erase_votes)
    needs_deleting.connect(refund_votes_on)
