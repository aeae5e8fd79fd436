"""Operations of two steps commit together or not at all.

`split` creates a theme (flushed for its id), then moves needs into it; `merge` moves
the needs of one theme into another, then copies its goal links and removes it. A
failure in the second step, inside the caller's unit of work, leaves nothing of the first.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samskapande.audit.models import AuditEvent
from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.rounds.models import Round
from samskapande.themes import services
from samskapande.themes.models import Theme, ThemeNeed


class Injected(RuntimeError):
    """The failure a test puts into the second step."""


@pytest.fixture
def suggested(round_, maria):
    with unit_of_work():
        services.start_suggestions(round_, maria, k=3)
    return services.themes_of(round_)


def snapshot() -> tuple:
    return (
        tuple(db.session.execute(select(Theme.id, Theme.title, Theme.status)
                                 .order_by(Theme.id)).all()),
        tuple(db.session.execute(select(ThemeNeed.need_id, ThemeNeed.theme_id)
                                 .order_by(ThemeNeed.need_id)).all()),
        db.session.scalar(select(func.count(AuditEvent.id))),
    )


def test_split_failing_when_the_needs_move_keeps_no_new_theme(suggested, maria, monkeypatch):
    theme = max(suggested, key=lambda t: len(t.needs))
    chosen = [link.need_id for link in theme.needs][:2]
    before = snapshot()
    created = []

    def fail(source, target, need_ids=None):
        created.append(target.id)  # the first step happened: the new theme has its id
        raise Injected

    monkeypatch.setattr(services, "_move_links", fail)
    with pytest.raises(Injected), unit_of_work():
        services.split(theme, chosen, maria, "Ny del")
    assert created and db.session.get(Theme, created[0]) is None
    assert db.session.scalar(select(Theme).where(Theme.title == "Ny del")) is None
    assert snapshot() == before


def test_merge_failing_after_the_needs_moved_moves_none(suggested, maria, monkeypatch):
    into, other = suggested[:2]
    other_id = other.id
    before = snapshot()
    moved = []

    def fail(source, target):
        moved.extend(db.session.scalars(select(ThemeNeed.need_id)
                                        .where(ThemeNeed.theme_id == target.id)))
        raise Injected

    monkeypatch.setattr(services, "_copy_goal_links", fail)
    with pytest.raises(Injected), unit_of_work():
        services.merge(into, other, maria)
    assert moved  # the first step happened: the needs were in `into`
    assert db.session.get(Theme, other_id) is not None
    assert snapshot() == before


def test_split_and_merge_in_one_unit_commit_together(suggested, maria):
    first, second, third = suggested
    need_id = first.needs[0].need_id
    with unit_of_work():
        new = services.split(first, [need_id], maria, "Ny del")
        services.merge(new, second, maria)
    db.session.expire_all()
    placed = dict(db.session.execute(select(ThemeNeed.need_id, ThemeNeed.theme_id)).all())
    assert placed[need_id] == new.id
    assert db.session.get(Theme, second.id) is None
    assert services.check_invariant(db.session.get(Round, first.round_id)) == []
