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


def is_running(round_) -> bool:
    """Between preparation and closing: residents can join, write, support and meet."""
    return round_.phase in JOINABLE


def can_join(round_) -> bool:
    return round_.phase in JOINABLE


def can_submit_need(round_) -> bool:
    return round_.phase == Phase.COLLECT


def can_vote(round_) -> bool:
    return round_.voting_open and is_running(round_)


def can_change_own_need(round_) -> bool:
    """Authors may edit or withdraw their needs until voting opens."""
    return round_.phase == Phase.COLLECT and not round_.voting_open


def results_visible(round_) -> bool:
    """Support counts show live, or once voting has closed, as the round says."""
    return round_.results_live or not round_.voting_open


# -- responses, privacy, core views ---------------------------------------------------------

# Phases in which politicians and officials answer (and sign, and report on commitments).
RESPONDING = {Phase.RESPOND, Phase.FOLLOW_UP}


def can_respond(round_) -> bool:
    """Responses are drafted and signed while politicians respond and during follow-up."""
    return round_.phase in RESPONDING


def is_public(round_) -> bool:
    """Residents see a round once it has left preparation."""
    return round_.phase != Phase.DRAFT


def public_rounds_condition():
    """`is_public` as an SQL condition on Round, for listing the rounds residents see."""
    return Round.phase != Phase.DRAFT


def is_closed(round_) -> bool:
    """Closed for good: the retention periods count from the closing."""
    return round_.phase == Phase.CLOSED


def closed_rounds_condition():
    """`is_closed` as an SQL condition on Round (retention purges closed rounds only)."""
    return Round.phase == Phase.CLOSED


# -- live (dialogue meetings) --------------------------------------------------------------

def can_follow_meetings(round_) -> bool:
    """Residents follow a round's meetings once the round is no longer in preparation."""
    return is_public(round_)


def can_write_in_meetings(round_) -> bool:
    """Posting in a meeting (residents and staff alike): not in preparation, not once closed."""
    return is_running(round_)


# -- manage: the facilitator's phase questions ----------------------------------------------

# Every phase, in the order a round goes through them (for the facilitator's phase page).
ALL_PHASES = tuple(Phase)
# The phases a round can plan dates for (a draft and a closed round have none).
SCHEDULED_PHASES = (Phase.COLLECT, Phase.VOTE, Phase.MEET, Phase.SYNTHESISE, Phase.RESPOND,
                    Phase.FOLLOW_UP)


def is_phase(value) -> bool:
    """Is `value` the name of one of the phases (a form or an address may send anything)?"""
    return value in set(Phase)


def is_scheduled_phase(value) -> bool:
    """Can a round plan dates for this phase?"""
    return value in SCHEDULED_PHASES


def closes_round(phase) -> bool:
    """Does moving to `phase` close the round (retention periods count from then)?"""
    return phase == Phase.CLOSED


def can_open_voting(round_) -> bool:
    """Voting opens only while the round is running: not in draft, not once closed."""
    return is_running(round_)
