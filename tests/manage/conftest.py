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
