"""A facilitator of one model area can neither see nor change another's: the grid.

Rounds (overview and workspace), moderation and audit entries, for the facilitator of
model area A against model area B; admins see both.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.areas.models import ModelArea, Organisation
from samskapande.audit.services import record
from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.models import Participant, Round
from samskapande.rounds.services import rounds_for_staff
from tests.admin.conftest import logged_in
from tests.conftest import submit


@pytest.fixture
def world(app, areas):
    """A need and an audit entry in each model area."""
    with app.app_context():
        for key in ("a", "b"):
            round_ = db.session.get(Round, areas[key]["round_id"])
            participant = Participant(round=round_, resume_code=f"CODE-{key.upper()}")
            need = Need(round=round_, participant=participant, text=f"Behov i {key}",
                        status=NeedStatus.VISIBLE)
            db.session.add(need)
            db.session.flush()
            record("need.approved", need, round_id=round_.id, reason=f"händelse {key}")
            areas[key]["need_id"] = need.id
        db.session.commit()
    return areas


def _workspace_urls(round_id: int, need_id: int) -> list[str]:
    base = f"/manage/rounds/{round_id}"
    return [base, f"{base}/edit", f"{base}/phase", f"{base}/needs", f"{base}/needs/{need_id}",
            f"{base}/print", f"{base}/themes"]


@pytest.mark.parametrize(("who", "area", "allowed"), [
    ("a", "a", True), ("a", "b", False), ("b", "b", True), ("b", "a", False),
    ("admin", "a", True), ("admin", "b", True),
])
def test_who_sees_and_changes_which_model_area(app, world, admin, who, area, allowed):
    client = logged_in(app, admin if who == "admin" else world[who]["facilitator"])
    target = world[area]
    overview = client.get("/staff/rounds").get_data(as_text=True)
    assert (target["round_code"] in overview) is allowed
    for url in _workspace_urls(target["round_id"], target["need_id"]):
        assert client.get(url).status_code == (200 if allowed else 403), url
    log = client.get("/audit").get_data(as_text=True)
    assert (f"händelse {area}" in log) is allowed
    base = f"/manage/rounds/{target['round_id']}/needs/{target['need_id']}"
    response = submit(client, "/audit", {"reason": "Olämpligt"}, action=f"{base}/hide")
    assert response.status_code == (302 if allowed else 403)
    with app.app_context():
        status = db.session.get(Need, target["need_id"]).status
    assert (status == NeedStatus.HIDDEN) is allowed


def test_a_facilitators_organisation_does_not_widen_their_rounds(app, world):
    with app.app_context():
        organisation = Organisation(name="Ånge kommun", kind="municipality")
        area = db.session.get(ModelArea, world["b"]["area_id"])
        area.organisations.append(organisation)
        facilitator = db.session.get(User, world["a"]["facilitator"]["id"])
        facilitator.organisation = organisation
        db.session.commit()
        codes = [r.code for r in rounds_for_staff(facilitator)]
    assert codes == [world["a"]["round_code"]]


def test_an_official_of_a_member_organisation_still_sees_its_rounds(app, world):
    from tests.conftest import create_staff

    official = create_staff(app, "official")
    with app.app_context():
        user = db.session.get(User, official["id"])
        area = db.session.get(ModelArea, world["b"]["area_id"])
        area.organisations.append(user.organisation)
        db.session.commit()
        assert [r.code for r in rounds_for_staff(user)] == [world["b"]["round_code"]]


def test_a_facilitator_without_model_areas_sees_no_events(app, world):
    with app.app_context():
        user = db.session.get(User, world["a"]["facilitator"]["id"])
        user.model_areas = []
        db.session.commit()
        assert db.session.scalar(select(User.id).where(User.id == user.id))
    client = logged_in(app, world["a"]["facilitator"])
    assert "No events match." in client.get("/audit").get_data(as_text=True)
