"""What rounds does when a participant is erased (core.signals.participant_erased).

The participant row stays (erased) so nothing dangles; its profile answers, name and
e-mail go, and its personal code is replaced so that it no longer works.
"""

from __future__ import annotations

from sqlalchemy import delete

from samskapande.core.models import utcnow
from samskapande.core.signals import participant_erased
from samskapande.extensions import db
from samskapande.rounds.models import Participant, ProfileAnswer
from samskapande.rounds.services import new_resume_code


def erase_participant_row(participant: Participant, **_signal) -> None:
    db.session.execute(delete(ProfileAnswer).where(ProfileAnswer.participant_id == participant.id))
    participant.dots_used = 0
    participant.display_name = None
    participant.email = None
    participant.email_consent = False
    participant.erased_at = utcnow()
    participant.resume_code = new_resume_code()  # the old code must stop working


def connect_signals() -> None:
    participant_erased.connect(erase_participant_row)
