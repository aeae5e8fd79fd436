"""What each phase of a round permits, decided in one place."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samskapande.rounds.models import Phase, Round

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


# -- residents (the start page) ------------------------------------------------------------

def shown_on_start_page():
    """The SQL condition for the rounds listed on the start page: every round out of draft."""
    return Round.phase != Phase.DRAFT
