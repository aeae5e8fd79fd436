"""Fixtures for the facilitator's workspace: the demo facilitator, another model area."""

from __future__ import annotations

import pytest

from samskapande.areas.models import ModelArea
from samskapande.extensions import db
from samskapande.rounds.models import Round
from tests.browser.test_journeys import browser, browsing  # noqa: F401  (fixtures)
from tests.conftest import log_in

FACILITATOR_EMAIL = "facilitator@demo.samskapande.se"


@pytest.fixture
def facilitator_client(app, client, demo):
    """The demo facilitator, assigned to the demo model area, logged in."""
    assert log_in(client, FACILITATOR_EMAIL, "demo").status_code == 302
    return client


@pytest.fixture
def other_round(app, demo):
    """A round in a model area the demo facilitator is not assigned to."""
    with app.app_context():
        area = ModelArea(name="Ånge – Ljungaverk", slug="ange")
        round_ = Round(model_area=area, code="LJUNGA", title="Vård i Ljungaverk")
        db.session.add(round_)
        db.session.commit()
        return {"round_id": round_.id, "area_id": area.id, "round_code": round_.code}


def demo_area_id(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(ModelArea.id).where(ModelArea.slug != "ange"))


def manage_urls(round_id: int, need_id: int) -> list[str]:
    """Every GET page of a round's workspace."""
    base = f"/manage/rounds/{round_id}"
    return [base, f"{base}/edit", f"{base}/phase", f"{base}/phase/vote",
            f"{base}/phase/voting-open", f"{base}/needs", f"{base}/needs?status=pending",
            f"{base}/needs/{need_id}", f"{base}/print"]


# The roles of a permission grid: who may run the demo round, and who may not.
ROLES = ("admin", "facilitator", "facilitator_elsewhere", "official", "politician", "nobody")
MANAGERS = {"admin", "facilitator"}


def facilitator():
    """The demo facilitator (assigned to the demo round's model area), in this context."""
    from samskapande.accounts.models import User

    return db.session.scalar(db.select(User).where(User.email == FACILITATOR_EMAIL))


def people_by_role(app, round_id: int) -> dict:
    """One user of each role of ROLES (None for nobody), loaded in the current context.

    Officials and politicians are assigned to the round's model area too: they answer in
    the round, but do not run it.
    """
    from flask_login import AnonymousUserMixin

    from samskapande.accounts.models import User
    from tests.conftest import create_staff

    ids = {role: create_staff(app, role)["id"] for role in ("admin", "official", "politician")}
    ids["facilitator_elsewhere"] = create_staff(app, "facilitator")["id"]
    round_ = db.session.get(Round, round_id)
    everyone = {role: db.session.get(User, user_id) for role, user_id in ids.items()}
    for role in ("official", "politician"):
        everyone[role].model_areas.append(round_.model_area)
    everyone["facilitator_elsewhere"].model_areas.append(
        ModelArea(name="Någon annanstans", slug="annanstans"))
    everyone["facilitator"] = facilitator()
    everyone["nobody"] = AnonymousUserMixin()
    db.session.commit()
    return everyone
