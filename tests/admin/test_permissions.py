"""The permission grid of administration: every changing service checks its actor itself.

Only an active admin may change organisations, model areas, the målbild and staff
accounts; everyone else is refused before anything is stored.
"""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from samskapande.accounts.models import User
from samskapande.admin import services, staff
from samskapande.areas.models import Goal, GoalStatus, ModelArea, Organisation
from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.rounds.models import Round
from tests.conftest import create_staff


@pytest.fixture
def house(app, ctx):
    """Two model areas (one with a round, an organisation and two goals) and a person."""
    organisation = Organisation(name="Sollefteå kommun", kind="municipality")
    area = ModelArea(name="Näsåker", slug="nasaker", organisations=[organisation])
    other = ModelArea(name="Ramsele", slug="ramsele")
    db.session.add_all([Round(model_area=area, code="NASAKER", title="Vård"), other])
    db.session.add_all([
        Goal(model_area=area, title="Vård nära", position=1, status=GoalStatus.ADOPTED),
        Goal(model_area=area, title="Buss", position=2, status=GoalStatus.PROPOSED)])
    db.session.commit()
    people = {role: create_staff(app, role)["id"]
              for role in ("admin", "official", "politician")}
    people["facilitator"] = create_staff(app, "facilitator")["id"]
    people["facilitator_elsewhere"] = create_staff(app, "facilitator")["id"]
    people["deactivated_admin"] = create_staff(app, "admin", active=False)["id"]
    people["target"] = create_staff(app, "official")["id"]
    db.session.get(User, people["facilitator"]).model_areas = [area]
    db.session.get(User, people["facilitator_elsewhere"]).model_areas = [other]
    db.session.commit()
    return people


def actor(house, name):
    return AnonymousUserMixin() if name == "nobody" else db.session.get(User, house[name])


def _area() -> ModelArea:
    return db.session.scalar(select(ModelArea).where(ModelArea.slug == "nasaker"))


def _goal(status) -> Goal:
    return db.session.scalar(select(Goal).where(Goal.status == status))


def _target(house) -> User:
    return db.session.get(User, house["target"])


ACTIONS = {
    "create_organisation": lambda h, a: services.create_organisation("Region", "region", a),
    "update_organisation": lambda h, a: services.update_organisation(
        db.session.scalar(select(Organisation)), "Kommunen", "municipality", a),
    "create_area": lambda h, a: services.create_area("Junsele", "junsele", "", [], a),
    "update_area": lambda h, a: services.update_area(_area(), "Näsåker by", "nasaker", "",
                                                     [], a),
    "add_goal": lambda h, a: services.add_goal(_area(), "Trygghet", "", a),
    "update_goal": lambda h, a: services.update_goal(_goal(GoalStatus.ADOPTED), "Vård", "x", a),
    "move_goal": lambda h, a: services.move_goal(_goal(GoalStatus.ADOPTED), "down", a),
    "adopt_goal": lambda h, a: services.adopt_goal(_goal(GoalStatus.PROPOSED), a),
    "reject_goal": lambda h, a: services.reject_goal(_goal(GoalStatus.PROPOSED), a),
    "invite_staff": lambda h, a: staff.invite_staff("ny@example.se", "official", a),
    "reset_link": lambda h, a: staff.reset_link(_target(h), a),
    "update_staff": lambda h, a: staff.update_staff(
        _target(h), a, name="Ny", role="official", title="", organisation_id=None,
        party=None, area_ids=[]),
    "set_active": lambda h, a: staff.set_active(_target(h), False, a),
}
ROLES = {"admin": True, "facilitator": False, "facilitator_elsewhere": False,
         "official": False, "politician": False, "deactivated_admin": False, "nobody": False}


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(("role", "allowed"), ROLES.items())
def test_only_an_admin_may_change_the_installation(house, action, role, allowed):
    before = audit_count()
    if allowed:
        ACTIONS[action](house, actor(house, role))
        db.session.flush()
        assert audit_count() > before
        return
    with pytest.raises(services.Invalid):
        ACTIONS[action](house, actor(house, role))
    assert not (db.session.new or db.session.dirty or db.session.deleted)
    assert audit_count() == before  # a refused call stores nothing
