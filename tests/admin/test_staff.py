"""Admins invite staff, set their role and model areas, and deactivate them (never delete)."""

from __future__ import annotations

import re

import pytest
from flask_login import current_user
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.extensions import socketio as server_socketio
from tests.admin.conftest import english, logged_in
from tests.conftest import log_in, submit

LINK_RE = re.compile(r'id="invitation-link">(http://[^<]+/invitation/[^<]+)<')


def test_admin_invites_a_facilitator_and_sees_the_link_to_copy(app, admin_client, areas):
    response = submit(admin_client, "/admin/staff/invite", {
        "email": "fia@solleftea.se", "name": "Fia", "role": "facilitator",
        "title": "Samtalsledare", "organisation": "", "areas": [areas["a"]["area_id"]]})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Samskapande sends no e-mail" in page
    link = LINK_RE.search(page).group(1)
    invitee = english(app.test_client())
    response = submit(invitee, link.removeprefix("http://localhost"), {
        "name": "Fia Fors", "new_password": "ett bra lösenord", "confirm_password":
        "ett bra lösenord"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "fia@solleftea.se"))
        assert [a.id for a in user.model_areas] == [areas["a"]["area_id"]]
        assert (user.name, user.title, user.role) == ("Fia Fors", "Samtalsledare", "facilitator")
    assert "Vård i Näsåker" in invitee.get("/staff/rounds").get_data(as_text=True)


def test_an_address_is_invited_once(app, admin_client, areas):
    email = areas["a"]["facilitator"]["email"].upper()
    response = submit(admin_client, "/admin/staff/invite",
                      {"email": email, "role": "facilitator", "organisation": ""})
    assert response.status_code == 400
    assert "There is already an account with that e-mail address." in \
        response.get_data(as_text=True)


def test_officials_and_politicians_need_an_organisation(admin_client):
    response = submit(admin_client, "/admin/staff/invite",
                      {"email": "p@kommun.se", "role": "politician", "organisation": ""})
    assert response.status_code == 400
    assert "Choose the organisation the person answers for." in response.get_data(as_text=True)


def test_role_title_party_and_areas_change_and_are_audited(app, admin_client, areas):
    person = areas["a"]["facilitator"]
    with app.app_context():
        from samskapande.areas.models import Organisation
        organisation = Organisation(name="Sollefteå kommun", kind="municipality")
        db.session.add(organisation)
        db.session.commit()
        org_id = organisation.id
    url = f"/admin/staff/{person['id']}"
    response = submit(admin_client, url, {
        "name": "Fia A", "role": "politician", "title": "Ordförande",
        "organisation": str(org_id), "party": "S", "areas": [areas["b"]["area_id"]],
        "reason": "Nytt uppdrag"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, person["id"])
        assert (user.role, user.party, user.organisation_id) == ("politician", "S", org_id)
        assert user.model_areas == []  # only facilitators are assigned to model areas
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "account.updated"))
        assert event.reason == "Nytt uppdrag" and event.object_id == person["id"]
        assert event.details["before"]["role"] == "facilitator"
        assert person["email"] not in str(event.details)


def test_an_admin_authorises_an_official_to_sign_responses(app, admin_client, areas):
    person = areas["a"]["facilitator"]
    with app.app_context():
        from samskapande.areas.models import Organisation
        organisation = Organisation(name="Region Västernorrland", kind="region")
        db.session.add(organisation)
        db.session.commit()
        org_id = organisation.id
    url = f"/admin/staff/{person['id']}"
    values = {"name": "Fia A", "title": "Verksamhetschef", "organisation": str(org_id)}
    assert submit(admin_client, url, {**values, "role": "official", "may_sign": "y"}
                  ).status_code == 302
    with app.app_context():
        assert db.session.get(User, person["id"]).may_sign is True
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "account.updated")).all()[-1]
        assert "may_sign" in event.details["changed"]
    # A politician signs by office; the authorisation is an official's only.
    assert submit(admin_client, url, {**values, "role": "politician", "may_sign": "y"}
                  ).status_code == 302
    with app.app_context():
        assert db.session.get(User, person["id"]).may_sign is False


def test_the_staff_list_filters_by_role_and_model_area(admin_client, areas):
    page = admin_client.get(f"/admin/staff?area={areas['a']['area_id']}").get_data(as_text=True)
    assert "Fia A" in page and "Fia B" not in page
    page = admin_client.get("/admin/staff?role=admin").get_data(as_text=True)
    assert "Anna Admin" in page and "Fia A" not in page
    assert admin_client.get("/admin/staff?role=<script>&area=x").status_code == 200


def test_a_deactivated_account_cannot_log_in(app, admin_client, areas):
    person = areas["b"]["facilitator"]
    url = f"/admin/staff/{person['id']}"
    response = submit(admin_client, url, {"reason": "Slutat"}, action=f"{url}/deactivate")
    assert response.status_code == 302
    assert log_in(app.test_client(), person["email"]).status_code == 200
    assert "Deactivated" in admin_client.get(url).get_data(as_text=True)
    submit(admin_client, url, {}, action=f"{url}/reactivate")
    assert log_in(app.test_client(), person["email"]).status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.object_id == person["id"], AuditEvent.object_type == "user"))
        assert list(actions) == ["account.deactivated", "account.reactivated"]
        assert db.session.get(User, person["id"]) is not None


def test_an_open_session_loses_its_rights_at_the_next_request(app, admin_client, areas):
    person = areas["a"]["facilitator"]
    facilitator = logged_in(app, person)
    workspace = f"/manage/rounds/{areas['a']['round_id']}"
    assert facilitator.get(workspace).status_code == 200
    url = f"/admin/staff/{person['id']}"
    submit(admin_client, url, {"reason": ""}, action=f"{url}/deactivate")
    response = facilitator.get(workspace)
    assert response.status_code == 302 and "/login" in response.location
    with app.test_request_context():
        from samskapande.accounts.services import load_user
        assert load_user(str(person["id"])) is None


def test_an_open_socket_of_a_deactivated_account_is_anonymous(app, admin_client, areas):
    person = areas["a"]["facilitator"]
    facilitator = logged_in(app, person)
    socket = server_socketio.test_client(app, flask_test_client=facilitator)
    assert socket.is_connected()
    url = f"/admin/staff/{person['id']}"
    submit(admin_client, url, {}, action=f"{url}/deactivate")
    seen = {}

    @server_socketio.on("h7a-whoami")
    def whoami():  # a handler as every handler would check identity
        seen["authenticated"] = current_user.is_authenticated

    try:
        socket.emit("h7a-whoami")
        assert seen == {"authenticated": False}
        again = server_socketio.test_client(app, flask_test_client=facilitator)
        assert not again.is_connected()  # and it cannot connect anew
    finally:
        server_socketio.server.handlers["/"].pop("h7a-whoami", None)
        socket.disconnect()


def test_admins_cannot_lock_themselves_out(app, admin_client, admin):
    url = f"/admin/staff/{admin['id']}"
    response = submit(admin_client, url, {}, action=f"{url}/deactivate")
    assert response.status_code == 302
    assert "You cannot deactivate your own account." in \
        admin_client.get(url).get_data(as_text=True)
    response = submit(admin_client, url, {"name": "Anna", "role": "facilitator",
                                          "organisation": ""})
    assert response.status_code == 400
    assert "You cannot change your own role." in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, admin["id"])
        assert user.active and user.role == "admin"


def test_a_new_link_for_an_existing_account(app, admin_client, areas):
    person = areas["a"]["facilitator"]
    url = f"/admin/staff/{person['id']}"
    first = LINK_RE.search(submit(admin_client, url, {}, action=f"{url}/link")
                           .get_data(as_text=True)).group(1)
    second = LINK_RE.search(submit(admin_client, url, {}, action=f"{url}/link")
                            .get_data(as_text=True)).group(1)
    visitor = app.test_client()
    assert visitor.get(first.removeprefix("http://localhost")).status_code == 404
    assert visitor.get(second.removeprefix("http://localhost")).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.action).where(
            AuditEvent.object_id == person["id"]).order_by(AuditEvent.id.desc())) \
            == "account.reset_link_created"


@pytest.mark.parametrize("change", ["deactivate", "reactivate", "link"])
def test_account_buttons_need_a_fresh_form(app, admin_client, areas, change):
    url = f"/admin/staff/{areas['a']['facilitator']['id']}"
    response = admin_client.post(f"{url}/{change}", data={"csrf_token": "stale"})
    assert response.status_code == 400
    assert "Samskapande" in response.get_data(as_text=True)  # the site's own error page
    with app.app_context():
        assert db.session.get(User, areas["a"]["facilitator"]["id"]).active
