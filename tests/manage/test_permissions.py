"""Who may run a round: admins always, facilitators in their own model areas, nobody else."""

from __future__ import annotations

import pytest

from samskapande.accounts.models import User
from samskapande.areas.models import ModelArea
from samskapande.extensions import db
from samskapande.manage.permissions import can_create_rounds, can_manage_round
from samskapande.needs.models import Need
from samskapande.rounds.models import Round
from tests.conftest import create_staff, log_in, submit
from tests.manage.conftest import manage_urls

# role, assigned to the round's model area?, may manage?
GRID = [
    ("admin", False, True),
    ("admin", True, True),
    ("facilitator", True, True),
    ("facilitator", False, False),
    ("official", True, False),
    ("official", False, False),
    ("politician", True, False),
    ("politician", False, False),
]


def _staff(app, role: str, own_area: bool, demo_round_id: int) -> dict:
    user = create_staff(app, role)
    with app.app_context():
        account = db.session.get(User, user["id"])
        demo_area = db.session.get(Round, demo_round_id).model_area
        elsewhere = ModelArea(name="Elsewhere", slug=f"elsewhere-{user['id']}")
        account.model_areas.append(demo_area if own_area else elsewhere)
        db.session.commit()
    return user


@pytest.mark.parametrize(("role", "own_area", "allowed"), GRID)
def test_can_manage_round_grid(app, demo, role, own_area, allowed):
    user = _staff(app, role, own_area, demo["round_id"])
    with app.app_context():
        account = db.session.get(User, user["id"])
        round_ = db.session.get(Round, demo["round_id"])
        assert can_manage_round(account, round_) is allowed
        assert can_create_rounds(account) is (role == "admin" or role == "facilitator")


def test_nobody_logged_out_and_no_round_is_managed(app, demo):
    from flask_login import AnonymousUserMixin

    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        assert can_manage_round(AnonymousUserMixin(), round_) is False
        admin = db.session.get(User, create_staff(app, "admin")["id"])
        assert can_manage_round(admin, None) is False


def test_inactive_admin_manages_nothing(app, demo):
    user = create_staff(app, "admin", active=False)
    with app.app_context():
        account = db.session.get(User, user["id"])
        assert can_manage_round(account, db.session.get(Round, demo["round_id"])) is False


@pytest.mark.parametrize(("role", "own_area", "allowed"), GRID)
def test_every_workspace_page_checks_the_permission(app, client, demo, role, own_area, allowed):
    user = _staff(app, role, own_area, demo["round_id"])
    assert log_in(client, user["email"]).status_code == 302
    with app.app_context():
        need_id = db.session.scalar(db.select(Need.id).where(Need.round_id == demo["round_id"]))
    for url in manage_urls(demo["round_id"], need_id):
        assert client.get(url).status_code == (200 if allowed else 403), url


@pytest.mark.parametrize("role", ["official", "politician"])
def test_officials_and_politicians_cannot_change_anything(app, client, demo, role):
    user = _staff(app, role, True, demo["round_id"])
    assert log_in(client, user["email"]).status_code == 302
    rid = demo["round_id"]
    with app.app_context():
        need_id = db.session.scalar(db.select(Need.id).where(Need.round_id == rid))
    token_page = "/account"  # a page of theirs with a CSRF token
    for action in [f"/manage/rounds/{rid}/phase/vote", f"/manage/rounds/{rid}/phase/voting-open",
                   f"/manage/rounds/{rid}/needs/{need_id}/approve",
                   f"/manage/rounds/{rid}/needs/{need_id}/hide",
                   f"/manage/rounds/{rid}/needs/{need_id}/merge",
                   f"/manage/rounds/{rid}/tickets", f"/manage/rounds/{rid}/edit"]:
        response = submit(client, token_page, {"reason": "x", "into": need_id, "count": 3},
                          action=action)
        assert response.status_code == 403, action
    assert client.get("/manage/rounds/new").status_code == 403
    with app.app_context():
        round_ = db.session.get(Round, rid)
        assert (round_.phase, round_.voting_open) == ("collect", False)


def test_logged_out_visitors_are_sent_to_the_login(client, demo):
    response = client.get(f"/manage/rounds/{demo['round_id']}")
    assert response.status_code == 302 and "/login" in response.location
    assert client.get("/manage/rounds/new").status_code == 302


def test_a_facilitator_cannot_create_a_round_in_another_area(app, facilitator_client,
                                                            other_round):
    response = submit(facilitator_client, "/manage/rounds/new", {
        "model_area": str(other_round["area_id"]), "title": "Fel område", "code": "FELOMR",
        "voting_mode": "support", "moderation": "post", "results": "live",
        "erasure_policy": "anonymise",
    })
    assert response.status_code == 400  # not one of the choices offered
    with app.app_context():
        assert db.session.scalar(db.select(Round).where(Round.code == "FELOMR")) is None


def test_unknown_round_and_need_are_404(facilitator_client, demo):
    assert facilitator_client.get("/manage/rounds/99999").status_code == 404
    assert facilitator_client.get(
        f"/manage/rounds/{demo['round_id']}/needs/99999").status_code == 404
    assert facilitator_client.get(
        f"/manage/rounds/{demo['round_id']}/phase/nonsense").status_code == 404


def test_a_need_of_another_round_is_404(app, facilitator_client, demo, other_round):
    with app.app_context():
        need_id = db.session.scalar(db.select(Need.id).where(Need.round_id == demo["round_id"]))
    url = f"/manage/rounds/{demo['round_id']}/needs/{need_id}"
    assert facilitator_client.get(url).status_code == 200
    # as admin, the other round's workspace with the demo round's need: not found
    admin = create_staff(facilitator_client.application, "admin")
    client = facilitator_client.application.test_client()
    assert log_in(client, admin["email"]).status_code == 302
    assert client.get(
        f"/manage/rounds/{other_round['round_id']}/needs/{need_id}").status_code == 404
