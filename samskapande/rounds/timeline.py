"""A round's steps as one timeline: what is done, what happens now, what comes next.

Phases already reached show the dates on which the round actually entered and left them
(`PhaseChange`); only phases not reached yet show the planned dates of the schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from samskapande.rounds import phases
from samskapande.rounds.models import Phase, Round

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
    for change, following in zip(changes, [*changes[1:], None], strict=True):
        dates[change.phase] = (change.changed_at,
                               following.changed_at if following is not None else None)
    if Phase.DRAFT not in dates and round_.created_at is not None:
        # Rounds created before phase changes were stored began as drafts all the same.
        first = changes[0].changed_at if changes else None
        dates[Phase.DRAFT] = (round_.created_at, first)
    return dates


def timeline(round_: Round, shown=phases.ALL_PHASES) -> list[Step]:
    """The `shown` phases in order, each done, now, next or later for this round."""
    order = list(phases.ALL_PHASES)
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
    order = list(phases.ALL_PHASES)
    position = order.index(Phase(round_.phase))
    return order[position + 1] if position + 1 < len(order) else None
