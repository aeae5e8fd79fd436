"""What each phase of a round permits, decided in one place."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samskapande.rounds.models import Phase

PHASE_LABELS = {
    Phase.DRAFT: _l("In preparation"),
    Phase.COLLECT: _l("Collecting needs"),
    Phase.VOTE: _l("Voting"),
    Phase.MEET: _l("Dialogue meetings"),
    Phase.SYNTHESISE: _l("Summarising into themes"),
    Phase.RESPOND: _l("Politicians respond"),
    Phase.FOLLOW_UP: _l("Follow-up"),
    Phase.CLOSED: _l("Closed"),
}

# Phases in which residents can still join a round.
JOINABLE = {Phase.COLLECT, Phase.VOTE, Phase.MEET, Phase.SYNTHESISE, Phase.RESPOND,
            Phase.FOLLOW_UP}


def phase_label(phase: str) -> str:
    return str(PHASE_LABELS.get(Phase(phase), phase))


def can_join(round_) -> bool:
    return round_.phase in JOINABLE


def can_submit_need(round_) -> bool:
    return round_.phase == Phase.COLLECT


def can_vote(round_) -> bool:
    return round_.voting_open and round_.phase not in {Phase.DRAFT, Phase.CLOSED}


def can_change_own_need(round_) -> bool:
    """Authors may edit or withdraw their needs until voting opens."""
    return round_.phase == Phase.COLLECT and not round_.voting_open


def results_visible(round_) -> bool:
    """Support counts show live, or once voting has closed, as the round says."""
    return round_.results_live or not round_.voting_open


# -- live (dialogue meetings) --------------------------------------------------------------

def can_follow_meetings(round_) -> bool:
    """Residents follow a round's meetings once the round is no longer in preparation."""
    return round_.phase != Phase.DRAFT


def can_write_in_meetings(round_) -> bool:
    """Posting in a meeting (residents and staff alike): not in preparation, not once closed."""
    return round_.phase not in {Phase.DRAFT, Phase.CLOSED}
