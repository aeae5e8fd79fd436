"""What each phase of a round permits, decided in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from samskapande.rounds.models import Phase, Round, VotingMode

PHASE_LABELS = {
    Phase.DRAFT: _l("In preparation"),
    Phase.COLLECT: _l("Collecting needs"),
    # Not "voting": the phase, the voting switch and a meeting's quick poll have
    # three different names, so that nobody mistakes one for another.
    Phase.VOTE: _l("Prioritising"),
    Phase.MEET: _l("Dialogue meetings"),
    Phase.SYNTHESISE: _l("Summarising into themes"),
    Phase.RESPOND: _l("Politicians respond"),
    Phase.FOLLOW_UP: _l("Follow-up"),
    Phase.CLOSED: _l("Closed"),
}

# The phase in which voting opens by itself, for sentences that say when it opens.
VOTING_PHASE_LABEL = PHASE_LABELS[Phase.VOTE]

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


def support_while_collecting(round_) -> bool:
    """A support round that lets residents support others' needs from the first day.

    Only while needs are collected and only with one-click support: dots are a budget to
    share out once every need is in, so dot voting waits until voting opens.
    """
    return (round_.phase == Phase.COLLECT and round_.voting_mode == VotingMode.SUPPORT
            and bool(round_.support_while_collecting))


def can_vote(round_) -> bool:
    return (round_.voting_open and is_running(round_)) or support_while_collecting(round_)


def voting_opens_later(round_) -> bool:
    """Needs are collected and votes wait for voting to open (the need pages say when)."""
    return round_.phase == Phase.COLLECT and not can_vote(round_)


def planned_voting_start(round_) -> date | None:
    """The planned first day of the voting phase, if the schedule has one."""
    for step in round_.schedule:
        if step.phase == Phase.VOTE:
            return step.starts_on
    return None


def can_change_own_need(round_) -> bool:
    """Authors may edit or withdraw their needs until voting opens."""
    return round_.phase == Phase.COLLECT and not round_.voting_open


def results_visible(round_) -> bool:
    """Support counts show live, or once voting has closed, as the round says.

    Support given while needs are collected is voting too: counts the round hides until
    voting closes stay hidden then.
    """
    return round_.results_live or not (round_.voting_open or support_while_collecting(round_))


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


def voting_with_phase(current: str, target: str, voting_open: bool) -> bool | None:
    """What moving from `current` to `target` does to voting, unless the facilitator says no.

    Entering the voting phase opens voting and leaving it closes it; a round that leaves
    the running phases (back to preparation, or closed) closes it too. None: no change.
    """
    if target == current:
        return None
    if target == Phase.VOTE and not voting_open:
        return True
    if voting_open and (current == Phase.VOTE or target not in JOINABLE):
        return False
    return None


def voting_change_optional(target: str) -> bool:
    """May the facilitator keep voting as it is when moving to `target`?

    Not when the round leaves the running phases: voting cannot stay open there.
    """
    return target in JOINABLE


# -- names of the voting switch --------------------------------------------------------------

# The switch is named after the way of voting, never after the phase ("Stödröstning",
# "Prickröstning" in Swedish), in whole sentences so that each language can word them.
_SUPPORT_TEXTS = {
    "title": _l("Support voting"),
    "is_open": _l("Support voting is open."),
    "is_closed": _l("Support voting is closed."),
    "not_opened": _l("Support voting has not opened yet."),
    "ask_open": _l("Open support voting?"),
    "ask_close": _l("Close support voting?"),
    "link_open": _l("Open support voting…"),
    "link_close": _l("Close support voting…"),
    "yes_open": _l("Yes, open support voting"),
    "yes_close": _l("Yes, close support voting"),
    "opens_with_phase": _l("Support voting opens with this phase."),
    "closes_with_phase": _l("Support voting closes with this move."),
    "keep_closed": _l("Keep support voting closed"),
    "keep_open": _l("Keep support voting open"),
    "stays_closed": _l("Support voting stays closed, as you chose."),
    "stays_open": _l("Support voting stays open, as you chose."),
}
_DOTS_TEXTS = {
    "title": _l("Dot voting"),
    "is_open": _l("Dot voting is open."),
    "is_closed": _l("Dot voting is closed."),
    "not_opened": _l("Dot voting has not opened yet."),
    "ask_open": _l("Open dot voting?"),
    "ask_close": _l("Close dot voting?"),
    "link_open": _l("Open dot voting…"),
    "link_close": _l("Close dot voting…"),
    "yes_open": _l("Yes, open dot voting"),
    "yes_close": _l("Yes, close dot voting"),
    "opens_with_phase": _l("Dot voting opens with this phase."),
    "closes_with_phase": _l("Dot voting closes with this move."),
    "keep_closed": _l("Keep dot voting closed"),
    "keep_open": _l("Keep dot voting open"),
    "stays_closed": _l("Dot voting stays closed, as you chose."),
    "stays_open": _l("Dot voting stays open, as you chose."),
}
VOTING_TEXTS = {VotingMode.SUPPORT: _SUPPORT_TEXTS, VotingMode.DOTS: _DOTS_TEXTS}


def voting_text(round_, key: str = "title") -> str:
    """A sentence about the voting switch, in the words of this round's way of voting."""
    return str(VOTING_TEXTS.get(round_.voting_mode, _SUPPORT_TEXTS)[key])


def voting_state(round_) -> str:
    """"open", "closed" (it was open before) or "not_opened" (it never opened)."""
    if round_.voting_open:
        return "open"
    return "closed" if round_.voting_first_opened_at is not None else "not_opened"


# -- the timeline: done, now, next ------------------------------------------------------------
# A round's steps in order. Phases already reached show the dates on which the round
# actually entered and left them (`PhaseChange`); only phases not reached yet show the
# planned dates of the schedule.

DONE, NOW, NEXT, LATER = "done", "now", "next", "later"


@dataclass
class Step:
    phase: str
    state: str  # DONE, NOW, NEXT or LATER
    entered_at: datetime | None = None  # when the round last entered the phase
    left_at: datetime | None = None  # when it left it again (None while in it)
    planned_start: date | None = None  # the schedule's dates, only for steps not reached
    planned_end: date | None = None

    @property
    def reached(self) -> bool:
        return self.state in (DONE, NOW)

    @property
    def skipped(self) -> bool:
        """Passed without the round ever entering it (the facilitator moved past it)."""
        return self.state == DONE and self.entered_at is None


def _actual_dates(round_: Round) -> dict[str, tuple[datetime, datetime | None]]:
    """Phase -> (entered, left) of the last time the round was in it."""
    changes = sorted(round_.phase_changes, key=lambda c: (c.changed_at, c.id or 0))
    dates: dict[str, tuple[datetime, datetime | None]] = {}
    for position, change in enumerate(changes):
        following = changes[position + 1] if position + 1 < len(changes) else None
        dates[change.phase] = (change.changed_at,
                               following.changed_at if following is not None else None)
    if Phase.DRAFT not in dates and round_.created_at is not None:
        # Rounds created before phase changes were stored began as drafts all the same.
        first = changes[0].changed_at if changes else None
        dates[Phase.DRAFT] = (round_.created_at, first)
    return dates


def timeline(round_: Round, shown=ALL_PHASES) -> list[Step]:
    """The `shown` phases in order, each done, now, next or later for this round."""
    order = list(ALL_PHASES)
    current = order.index(Phase(round_.phase))
    actual = _actual_dates(round_)
    planned = {step.phase: step for step in round_.schedule}
    steps = []
    for phase in shown:
        position = order.index(phase)
        if position < current:
            state = DONE
        elif position == current:
            state = NOW
        elif position == current + 1:
            state = NEXT
        else:
            state = LATER
        step = Step(phase=phase, state=state)
        if step.reached and phase in actual:
            step.entered_at, step.left_at = actual[phase]
            if state == NOW:
                step.left_at = None
        elif not step.reached and phase in planned:
            step.planned_start = planned[phase].starts_on
            step.planned_end = planned[phase].ends_on
        steps.append(step)
    return steps


def next_phase(round_: Round) -> str | None:
    """The phase after the current one, in the usual order (None once closed)."""
    order = list(ALL_PHASES)
    position = order.index(Phase(round_.phase))
    return order[position + 1] if position + 1 < len(order) else None
