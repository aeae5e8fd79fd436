"""What notifications remove when a participant is erased (core.signals.participant_erased)."""

from __future__ import annotations

from sqlalchemy import delete

from samskapande.core.signals import participant_erased
from samskapande.extensions import db
from samskapande.notifications.models import OutboxMail


def erase_mails(participant, **_signal) -> None:
    """The mails to them, sent or waiting, hold their address: they go."""
    db.session.execute(delete(OutboxMail).where(OutboxMail.participant_id == participant.id))


def connect_signals() -> None:
    participant_erased.connect(erase_mails)
