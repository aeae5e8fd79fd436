"""Counts kept after purging, added to what is still stored wherever a number is shown.

Purging deletes personal rows (profile answers, poll answers) but the round's published
numbers must not change; before deleting, the purge adds the counts to a RetainedCounts
row, and the readers here add them back. Additive, so purging twice counts nothing twice.
"""

from __future__ import annotations

from sqlalchemy import select

from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.rounds.models import RetainedCounts

BREADTH = "breadth"  # profile question id -> answer -> people
THEME_BREADTH = "theme_breadth"  # theme id -> question key -> answer -> supporters
POLL_RESULTS = "poll_results"  # poll id -> option id -> answers


def retained(round_id: int, kind: str) -> dict:
    row = db.session.scalar(select(RetainedCounts).where(RetainedCounts.round_id == round_id,
                                                         RetainedCounts.kind == kind))
    return row.data if row is not None else {}


def merge_counts(into: dict, extra: dict) -> dict:
    """Add nested counts: {"a": {"x": 1}} + {"a": {"x": 2, "y": 1}} = {"a": {"x": 3, "y": 1}}."""
    result = dict(into)
    for key, value in extra.items():
        key = str(key)
        if isinstance(value, dict):
            result[key] = merge_counts(result.get(key, {}), value)
        else:
            result[key] = result.get(key, 0) + value
    return result


def keep_counts(round_id: int, kind: str, counts: dict) -> None:
    """Add `counts` to what is kept for the round (in the caller's transaction)."""
    if not counts:
        return
    row = db.session.scalar(select(RetainedCounts).where(RetainedCounts.round_id == round_id,
                                                         RetainedCounts.kind == kind))
    if row is None:
        row = RetainedCounts(round_id=round_id, kind=kind, data={})
        db.session.add(row)
    row.data = merge_counts(row.data or {}, counts)  # a new object, so the change is saved
    row.updated_at = utcnow()


def add_retained_breadth(round_id: int, per_question: dict[int, dict[str, int]]) -> None:
    """Add kept profile-answer counts to the report's counts per question id (in place)."""
    for question_id, counts in retained(round_id, BREADTH).items():
        target = per_question.get(int(question_id))
        if target is not None:
            for value, n in counts.items():
                target[value] = target.get(value, 0) + n


def add_retained_theme_breadth(round_id: int, supports: dict) -> None:
    """Add kept supporter counts per answer to each theme's ThemeSupport.breadth (in place)."""
    for theme_id, breadth in retained(round_id, THEME_BREADTH).items():
        support = supports.get(int(theme_id))
        if support is not None:
            support.breadth = merge_counts(support.breadth, breadth)
