"""Bursts of joins from one address followed by support are shown to the facilitator
(issue 20, item 9c): a count on the workspace page, never an address."""

from __future__ import annotations

from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from tests.conftest import create_staff, csrf_token, log_in
from tests.needs.helpers import demo_round, demo_round_id, set_round

SCRIPT = "192.0.2.66"


def join_and_support(app, ip: str, need_id: int) -> None:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    token = csrf_token(client, "/r/NASAKER")
    assert client.post("/r/NASAKER/join",
                       data={"display_name": "", "csrf_token": token}).status_code == 302
    token = csrf_token(client, f"/r/NASAKER/needs/{need_id}")
    assert client.post(f"/r/NASAKER/needs/{need_id}/support",
                       data={"csrf_token": token}).status_code in (302, 303)


def workspace(app) -> str:
    user = create_staff(app, "facilitator")
    with app.app_context():
        staff = db.session.get(User, user["id"])
        staff.model_areas.append(demo_round().model_area)
        db.session.commit()
    client = app.test_client()
    assert log_in(client, user["email"]).status_code == 302
    response = client.get(f"/manage/rounds/{demo_round_id(app)}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def a_need(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Need.id).where(
            Need.round_id == demo_round().id, Need.status == NeedStatus.VISIBLE))


def test_a_burst_of_joins_that_support_one_need_is_noted_without_the_address(app, demo):
    set_round(app, voting_open=True)
    need_id = a_need(app)
    for _ in range(20):
        join_and_support(app, SCRIPT, need_id)
    page = workspace(app)
    assert 'id="join-burst-1"' in page
    assert "20 deltagare gick med från ett och samma nätverk" in page
    assert "20 av dem stödde samma behov" in page
    assert SCRIPT not in page


def test_joins_from_many_addresses_are_not_a_burst(app, demo):
    set_round(app, voting_open=True)
    need_id = a_need(app)
    for n in range(20):
        join_and_support(app, f"198.51.100.{n + 1}", need_id)
    assert "join-burst" not in workspace(app)
