"""What live does when a participant is erased (core.signals.participant_erased).

Their meeting posts stay, without a name: a message carries none of its own (it is read
from the erased participant), but the journal kept a copy in each event for replay, and
that copy is cleared here.
"""

from __future__ import annotations

from sqlalchemy import select

from samskapande.core.signals import participant_erased
from samskapande.extensions import db
from samskapande.live.models import Message
from samskapande.realtime.journal import forget_author_names


def forget_names_in_journal(participant, **_signal) -> None:
    own_messages = set(db.session.scalars(
        select(Message.id).where(Message.participant_id == participant.id)))
    forget_author_names(own_messages)


def connect_signals() -> None:
    participant_erased.connect(forget_names_in_journal)
