"""The permission grid for needs: who moderates (role × action), who changes a need.

Moderation (approve, hide, merge) is for the round's facilitators and admins; editing and
withdrawing for the author while the round still lets them. A refused call raises a
`Refusal` and stores nothing.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samskapande.areas.models import Category, Goal, ModelArea
from samskapande.audit.models import AuditEvent
from samskapande.core.refusals import Refusal
from samskapande.extensions import db
from samskapande.needs import services
from samskapande.needs.models import Need, NeedStatus
from samskapande.needs.permissions import author_may_change
from samskapande.rounds.models import Round
from samskapande.rounds.services import join_round
from tests.manage.conftest import MANAGERS, ROLES, people_by_role
from tests.needs.helpers import demo_round

MODERATION = {
    "approve": (NeedStatus.HIDDEN, lambda need, other, user: services.approve_need(need, user),
                NeedStatus.VISIBLE),
    "hide": (NeedStatus.VISIBLE,
             lambda need, other, user: services.hide_need(need, user, "Personuppgifter"),
             NeedStatus.HIDDEN),
    "merge": (NeedStatus.VISIBLE,
              lambda need, other, user: services.merge_needs(need, other, user),
              NeedStatus.MERGED),
}


@pytest.fixture
def round_(rctx, demo):
    return demo_round()


def _two_needs(round_: Round, first_status: str) -> tuple[Need, Need]:
    need, other = db.session.scalars(select(Need).where(
        Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE)
        .order_by(Need.id).limit(2)).all()
    need.status = first_status
    db.session.commit()
    return need, other


def _audited() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id)))


@pytest.mark.parametrize("action", sorted(MODERATION))
@pytest.mark.parametrize("role", ROLES)
def test_moderation_grid(app, round_, role, action):
    before, act, after = MODERATION[action]
    user = people_by_role(app, round_.id)[role]
    need, other = _two_needs(round_, before)
    events = _audited()
    if role in MANAGERS:
        act(need, other, user)
        assert need.status == after and _audited() == events + 1
    else:
        with pytest.raises(Refusal):
            act(need, other, user)
        assert not (db.session.new or db.session.dirty or db.session.deleted)
        db.session.expire_all()
        assert db.session.get(Need, need.id).status == before and _audited() == events


AUTHOR_ACTIONS = {
    "edit": lambda need, who: services.edit_need(need, who, "Ny text om bussen"),
    "withdraw": lambda need, who: services.withdraw_need(need, who),
}


@pytest.mark.parametrize("action", sorted(AUTHOR_ACTIONS))
@pytest.mark.parametrize(("who", "allowed"), [("author", True), ("neighbour", False),
                                              ("elsewhere", False), ("author_voting", False)])
def test_only_the_author_changes_a_need_while_the_round_lets_them(
        round_, other_round_participant, action, who, allowed):
    author = join_round(round_, "Gunnel")
    need = services.submit_need(round_, author, "Bussen går för sällan")
    db.session.commit()
    person = {"author": author, "author_voting": author,
              "neighbour": join_round(round_, "Sven"),
              "elsewhere": other_round_participant}[who]
    if who == "author_voting":
        round_.voting_open = True
    db.session.commit()
    assert author_may_change(person, need) is allowed
    if allowed:
        AUTHOR_ACTIONS[action](need, person)
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Need, need.id).text != "Bussen går för sällan" or \
            db.session.get(Need, need.id).status == NeedStatus.WITHDRAWN
    else:
        with pytest.raises(Refusal):
            AUTHOR_ACTIONS[action](need, person)
        db.session.expire_all()
        stored = db.session.get(Need, need.id)
        assert (stored.text, stored.status) == ("Bussen går för sällan", NeedStatus.VISIBLE)


@pytest.fixture
def other_round_participant(round_):
    area = ModelArea(name="Ånge", slug="ange-behov")
    other = Round(model_area=area, code="ANGEBEHOV", title="Ånge", phase="collect")
    db.session.add(other)
    db.session.commit()
    return join_round(other, "Främling")


def test_a_participant_of_another_round_cannot_submit_here(round_, other_round_participant):
    count = db.session.scalar(select(func.count(Need.id)))
    with pytest.raises(services.NeedError):
        services.submit_need(round_, other_round_participant, "Fel omgång")
    assert db.session.scalar(select(func.count(Need.id))) == count


def _foreign_area() -> tuple[Category, Goal]:
    area = ModelArea(name="Långt bort", slug="langt-bort")
    category = Category(model_area=area, key="far", label="Långt bort")
    goal = Goal(model_area=area, title="Ett mål någon annanstans")
    db.session.add_all([area, category, goal])
    db.session.commit()
    return category, goal


def test_submit_refuses_a_category_or_goal_of_another_model_area(round_):
    resident = join_round(round_, "Gunnel")
    category, goal = _foreign_area()
    count = db.session.scalar(select(func.count(Need.id)))
    for choice in ({"category_id": category.id}, {"goal_id": goal.id}):
        with pytest.raises(services.NeedError):
            services.submit_need(round_, resident, "Ett behov", **choice)
    assert db.session.scalar(select(func.count(Need.id))) == count
    own = round_.model_area.categories[0]
    need = services.submit_need(round_, resident, "Ett behov", category_id=own.id)
    assert need.category_id == own.id


def test_edit_refuses_a_category_or_goal_of_another_model_area(round_):
    resident = join_round(round_, "Gunnel")
    need = services.submit_need(round_, resident, "Bussen går för sällan")
    db.session.commit()
    category, goal = _foreign_area()
    for choice in ({"category_id": category.id}, {"goal_id": goal.id}):
        with pytest.raises(services.NeedError):
            services.edit_need(need, resident, "Ändrad", **choice)
    db.session.expire_all()
    stored = db.session.get(Need, need.id)
    assert (stored.text, stored.category_id, stored.goal_id) == (
        "Bussen går för sällan", None, None)
