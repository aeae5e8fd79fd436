"""What needs does when a participant is erased (core.signals.participant_erased):
their needs are deleted or kept without an author, as the round's erasure policy says.

Receivers run in no set order. The votes on deleted needs are voting's: needs announces
the deletion (core.signals.needs_deleting) before it deletes, and voting gives the dots
back then.
"""

from __future__ import annotations

from sqlalchemy import delete, select, update

from samskapande.core.signals import needs_deleting, participant_erased
from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.rounds.models import ErasurePolicy, Participant


def erase_needs(participant: Participant, **_signal) -> None:
    if participant.round.erasure_policy == ErasurePolicy.DELETE:
        own_needs = select(Need.id).where(Need.participant_id == participant.id)
        needs_deleting.send(participant.round, need_ids=own_needs)
        db.session.execute(
            update(Need).where(Need.merged_into_id.in_(own_needs)).values(merged_into_id=None),
            execution_options={"synchronize_session": False})
        db.session.execute(delete(Need).where(Need.id.in_(own_needs)),
                           execution_options={"synchronize_session": False})
    else:
        db.session.execute(
            update(Need).where(Need.participant_id == participant.id).values(participant_id=None),
            execution_options={"synchronize_session": False})


def connect_signals() -> None:
    participant_erased.connect(erase_needs)
