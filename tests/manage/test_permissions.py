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


# -- the services check the actor themselves ----------------------------------------------

def _manage_actions():
    """Each changing service of manage, with a check that it changed the round."""
    from samskapande.manage import services
    from samskapande.rounds.models import Ticket

    chosen: dict[str, int] = {}  # the needs an action works on, by name

    def settings(round_):
        changed = services.RoundSettings.of(round_)
        changed.title = "Ny titel"
        return changed

    def visible(round_, count=1):
        return db.session.scalars(db.select(Need).where(
            Need.round_id == round_.id, Need.status == "visible").order_by(Need.id)
            .limit(count)).all()

    def hidden_need(round_):
        need = visible(round_)[0]
        need.status = "hidden"
        db.session.commit()
        chosen["need"] = need.id
        return need

    def visible_need(round_):
        chosen["need"] = visible(round_)[0].id
        return db.session.get(Need, chosen["need"])

    def status(name="need"):
        return db.session.get(Need, chosen[name]).status

    def ticket_round(round_):
        round_.ticket_mode = True
        db.session.commit()
        return round_

    return {
        "create_round": (
            lambda r, u: services.create_round(r.model_area_id, services.RoundSettings(
                title="Ny omgång", code="NYOMG"), u),
            lambda r: db.session.scalar(db.select(Round).where(Round.code == "NYOMG"))
            is not None),
        "update_round": (lambda r, u: services.update_round(r, settings(r), u),
                         lambda r: r.title == "Ny titel"),
        "change_phase": (lambda r, u: services.change_phase(r, "vote", u),
                         lambda r: r.phase == "vote"),
        "open_voting": (lambda r, u: services.set_voting_open(r, True, u),
                        lambda r: r.voting_open),
        "tickets": (lambda r, u: services.generate_tickets(ticket_round(r), 3, u),
                    lambda r: db.session.scalar(db.select(db.func.count(Ticket.id))
                                                .where(Ticket.round_id == r.id)) == 3),
        "approve": (lambda r, u: services.approve(hidden_need(r), u),
                    lambda r: status() == "visible"),
        "hide": (lambda r, u: services.hide(visible_need(r), u, "Olämpligt"),
                 lambda r: status() == "hidden"),
        "merge": (lambda r, u: services.merge(visible_need(r), visible(r, 2)[1], u),
                  lambda r: status() == "merged"),
    }


@pytest.mark.parametrize("action", sorted(_manage_actions()))
@pytest.mark.parametrize("role", ["admin", "facilitator", "facilitator_elsewhere", "official",
                                  "politician", "nobody"])
def test_every_manage_service_checks_the_actor(app, demo, role, action):
    from samskapande.audit.models import AuditEvent
    from samskapande.core.refusals import Refusal
    from tests.manage.conftest import MANAGERS, people_by_role

    act, changed = _manage_actions()[action]
    with app.test_request_context():
        user = people_by_role(app, demo["round_id"])[role]
        round_ = db.session.get(Round, demo["round_id"])
        events = db.session.scalar(db.select(db.func.count(AuditEvent.id)))
        if role in MANAGERS:
            act(round_, user)
            assert changed(round_)
            assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) > events
        else:
            with pytest.raises(Refusal):
                act(round_, user)
            assert not (db.session.new or db.session.dirty or db.session.deleted)
            db.session.expire_all()
            assert not changed(db.session.get(Round, demo["round_id"]))
            assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == events
        db.session.rollback()
