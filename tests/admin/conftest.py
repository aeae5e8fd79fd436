"""Fixtures for administration and the audit log: an admin, two model areas, their people."""

from __future__ import annotations

import pytest

from samskapande.accounts.models import User
from samskapande.areas.models import ModelArea
from samskapande.extensions import db
from samskapande.rounds.models import Round
from tests.browser.test_journeys import browser, browsing  # noqa: F401  (fixtures)
from tests.conftest import create_staff, log_in


@pytest.fixture
def admin(app):
    return create_staff(app, "admin", name="Anna Admin")


def english(client):
    """Read pages in English, so tests can look for the message ids."""
    assert client.get("/language/en").status_code == 302
    return client


@pytest.fixture
def admin_client(app, client, admin):
    english(client)
    assert log_in(client, admin["email"]).status_code == 302
    client.user = admin
    return client


@pytest.fixture
def areas(app):
    """Two model areas, each with a round and a facilitator assigned to it alone."""
    people = {}
    with app.app_context():
        for key, name, code in (("a", "Näsåker", "NASAKER"), ("b", "Ljungaverk", "LJUNGA")):
            area = ModelArea(name=name, slug=key + "-area")
            round_ = Round(model_area=area, code=code, title=f"Vård i {name}")
            db.session.add(round_)
            db.session.commit()
            people[key] = {"area_id": area.id, "round_id": round_.id, "round_code": code}
    for key in ("a", "b"):
        facilitator = create_staff(app, "facilitator", name=f"Fia {key.upper()}")
        with app.app_context():
            user = db.session.get(User, facilitator["id"])
            user.model_areas = [db.session.get(ModelArea, people[key]["area_id"])]
            db.session.commit()
        people[key]["facilitator"] = facilitator
    return people


def logged_in(app, user: dict):
    client = english(app.test_client())
    assert log_in(client, user["email"]).status_code == 302
    return client
