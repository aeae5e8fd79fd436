"""Small numbers protect people: how a count of people in a breadth category is published.

A village or an age band with one to four participants can point at a person, so every
public page, export and printed report shows such a count as "fewer than 5" (primary
suppression). Zero stays 0: it points at nobody.

A total shown beside the categories (all participants, a theme's supporters) would give
a withheld count back by subtraction, so the group is protected as a whole (secondary
suppression). A reader who knows this rule knows that "fewer than 5" is 1 to 4 and that
"hidden" is 0 or at least 5. While the total minus the counts still shown tells such a
reader the exact value of a small count, the smallest count still shown is hidden too (a
0 only when no other is left). One small count of 3 beside a hidden 5 (withheld sum 8)
may be 1 to 3; a small 1 beside a hidden 5 (sum 6) can only be 1, so one more is hidden.
If every count is withheld and one is still told, the total is withheld as well; a total
known from elsewhere (a theme's votes can tell its supporters) cannot be taken back, a
limit docs/open-data.md names.

Staff who run the round see the exact numbers, marked as not for publication; this
module only decides, the pages say who sees what. docs/open-data.md says the same.
"""

from __future__ import annotations

from dataclasses import dataclass

SMALL_NUMBER_THRESHOLD = 5  # counts of people from 1 to this minus one are not published

SHOWN = "shown"
SMALL = "small"  # 1..4: "fewer than 5"
HIDDEN = "hidden"  # hidden so that a small count cannot be worked out from the total


@dataclass(frozen=True)
class Count:
    """One published count: its exact value (for staff) and how the public sees it."""

    exact: int
    state: str = SHOWN

    @property
    def shown(self) -> bool:
        return self.state == SHOWN

    @property
    def public(self) -> int | None:
        """The number the public may read, None when it is withheld."""
        return self.exact if self.shown else None


def is_small(n: int) -> bool:
    return 0 < n < SMALL_NUMBER_THRESHOLD


def _can_add_up_to(total: int, small: int, hidden: int) -> bool:
    """Whether `small` cells of 1..4 and `hidden` cells of 0 or at least 5 (as a reader who
    knows this rule sees them) can add up to `total`."""
    if small <= total <= (SMALL_NUMBER_THRESHOLD - 1) * small:
        return True  # the hidden ones all 0
    return hidden > 0 and total >= small + SMALL_NUMBER_THRESHOLD


def _pinned(counts: list[int], states: list[str]) -> bool:
    """Whether the sum of the withheld cells (the total minus the shown ones) tells a
    reader the exact value of one of the small cells."""
    withheld = [i for i, s in enumerate(states) if s != SHOWN]
    total = sum(counts[i] for i in withheld)
    for i in withheld:
        if states[i] != SMALL:
            continue
        others = [states[j] for j in withheld if j != i]
        possible = [v for v in range(1, SMALL_NUMBER_THRESHOLD)
                    if _can_add_up_to(total - v, others.count(SMALL), others.count(HIDDEN))]
        if len(possible) <= 1:
            return True
    return False


def protect(counts: list[int], total: int | None = None) -> tuple[list[Count], Count | None]:
    """The public form of a group of counts that add up to `total` (shown beside them).

    Without a total only the small counts are withheld; with one, secondary suppression
    makes sure the total cannot give them back (see the module's docstring).
    """
    states = [SMALL if is_small(n) else SHOWN for n in counts]
    # A total is no count of one category (and often known elsewhere, as a theme's votes
    # tell its supporters): it is withheld only when nothing else can protect a cell.
    total_state = SHOWN
    if total is not None:
        while _pinned(counts, states):
            candidates = [i for i, s in enumerate(states) if s == SHOWN]
            if not candidates:
                total_state = HIDDEN
                break
            # the smallest count still shown, a 0 only when no other is left
            states[min(candidates, key=lambda i: (counts[i] == 0, counts[i], i))] = HIDDEN
    cells = [Count(n, s) for n, s in zip(counts, states, strict=True)]
    return cells, (Count(total, total_state) if total is not None else None)
