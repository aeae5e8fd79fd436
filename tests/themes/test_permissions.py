"""The permission grid of the themes: role × every service that changes something.

Only those who may run the round (an administrator, a facilitator of its model area)
curate its themes; everyone else is refused by the service itself, before anything is
stored. Allowed calls are rolled back after each check: the services only flush, so the
next service starts from the same themes.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samskapande.accounts.models import User
from samskapande.areas.models import Goal, ModelArea
from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.rounds.models import Round
from samskapande.rounds.services import join_round
from samskapande.themes import services
from samskapande.themes.models import SuggestionRun, Theme, ThemeGoal, ThemeNeed
from tests.conftest import create_staff

ROLES = ("admin", "facilitator", "facilitator_elsewhere", "official", "politician",
         "participant", "nobody")
ALLOWED = {"admin", "facilitator"}


@pytest.fixture
def round_(app, ctx, demo):
    return db.session.get(Round, demo["round_id"])


def _user(app, role: str, **values) -> User:
    return db.session.get(User, create_staff(app, role, **values)["id"])


def actor_for(app, round_: Round, role: str):
    if role == "facilitator":
        return db.session.scalar(select(User).where(User.role == "facilitator"))
    if role == "facilitator_elsewhere":
        user = _user(app, "facilitator")
        area = ModelArea(name="Ånge – Ljungaverk", slug="ange")
        db.session.add(area)
        user.model_areas = [area]
        db.session.commit()
        return user
    if role in {"admin", "official", "politician"}:
        return _user(app, role)
    if role == "participant":
        return join_round(round_, "Gunnel", {})
    return None


def prepare(round_: Round, facilitator) -> dict[str, int]:
    """Three suggested themes, one with a goal, a need outside the scope, an empty theme
    that is accepted."""
    services.start_suggestions(round_, facilitator, k=3)
    first, second, third = services.themes_of(round_)
    goals = list(round_.model_area.goals)
    services.link_goal(first, goals[0], facilitator, "Närhet")
    outside = second.needs[-1].need
    services.mark_out_of_scope(outside, facilitator, "Utanför")
    empty = services.create_theme(round_, facilitator, "Tomt tema")
    services.accept(empty, facilitator)
    ids = {"first": first.id, "second": second.id, "third": third.id, "empty": empty.id,
           "goal": goals[0].id, "other_goal": goals[1].id, "outside": outside.id,
           "need": first.needs[0].need_id, "third_need": third.needs[0].need_id}
    db.session.commit()
    return ids


def calls(round_: Round, ids: dict[str, int]) -> dict:
    """Every service of the package that changes something, as a call with an actor."""
    def theme(name):
        return db.session.get(Theme, ids[name])

    def need(name):
        return db.session.get(Need, ids[name])

    def goal(name):
        return db.session.get(Goal, ids[name])

    return {
        "start_suggestions": lambda a: services.start_suggestions(round_, a, k=3),
        "questions_to_needs": lambda a: services.questions_to_needs(round_, a),
        "accept": lambda a: services.accept(theme("second"), a),
        "unaccept": lambda a: services.unaccept(theme("empty"), a),
        "rename": lambda a: services.rename(theme("first"), a, "Nytt namn", ""),
        "create_theme": lambda a: services.create_theme(round_, a, "Nytt tema"),
        "move_need": lambda a: services.move_need(need("need"), theme("second"), a),
        "merge": lambda a: services.merge(theme("first"), theme("second"), a),
        "split": lambda a: services.split(theme("first"), [ids["need"]], a, "Del"),
        "delete_theme": lambda a: services.delete_theme(theme("empty"), a),
        "mark_out_of_scope": lambda a: services.mark_out_of_scope(need("third_need"), a,
                                                                  "Utanför"),
        "bring_into_scope": lambda a: services.bring_into_scope(need("outside"), a),
        "link_goal": lambda a: services.link_goal(theme("second"), goal("other_goal"), a, ""),
        "unlink_goal": lambda a: services.unlink_goal(theme("first"), goal("goal"), a),
        "propose_goal": lambda a: services.propose_goal(round_, a, "Nytt mål", ""),
        "publish": lambda a: services.publish(round_, a),
        "unpublish": lambda a: services.unpublish(round_, a),
    }


def stored(round_: Round) -> tuple:
    """What the services could change, as the database has it."""
    db.session.flush()
    count = db.session.scalar
    return (
        count(select(func.count(AuditEvent.id))),
        count(select(func.count(SuggestionRun.id))),
        count(select(func.count(Goal.id))),
        tuple(db.session.execute(select(Theme.id, Theme.title, Theme.status)
                                 .order_by(Theme.id)).all()),
        tuple(db.session.execute(select(ThemeNeed.need_id, ThemeNeed.theme_id)
                                 .order_by(ThemeNeed.need_id)).all()),
        tuple(db.session.execute(select(ThemeGoal.theme_id, ThemeGoal.goal_id)
                                 .order_by(ThemeGoal.id)).all()),
        tuple(db.session.scalars(select(Need.out_of_scope_reason).order_by(Need.id))),
        db.session.get(Round, round_.id).themes_published_at,
    )


@pytest.mark.parametrize("role", ROLES)
def test_permission_grid(app, round_, role):
    facilitator = db.session.scalar(select(User).where(User.role == "facilitator"))
    ids = prepare(round_, facilitator)
    actor = actor_for(app, round_, role)
    for name, call in calls(round_, ids).items():
        before = stored(round_)
        if role in ALLOWED:
            call(actor)  # allowed: it runs (and is rolled back for the next one)
            assert stored(round_) != before or name == "questions_to_needs", name
        else:
            with pytest.raises(services.ThemeForbidden):
                call(actor)
            assert stored(round_) == before, name
            assert not (db.session.new or db.session.dirty or db.session.deleted), name
        db.session.rollback()


def test_a_refusal_is_a_theme_error_with_a_sentence(app, round_):
    official = _user(app, "official")
    with pytest.raises(services.ThemeError) as refused:
        services.publish(round_, official)
    assert str(refused.value.message)
