"""Invitation links: single use, they expire, and a newer link replaces older ones."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from samskapande.accounts.models import Invitation, User
from samskapande.audit.models import AuditEvent
from samskapande.core.models import utcnow
from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from tests.admin.conftest import english
from tests.conftest import create_staff, csrf_token, log_in, submit

NEW_PASSWORD = "en lång lösenfras"


@pytest.fixture(autouse=True)
def _english(client):
    english(client)


@pytest.fixture
def invited(app):
    """A new facilitator account and the link an admin was shown for it."""
    from samskapande.admin.staff import invite_staff

    admin = create_staff(app, "admin")
    with app.app_context(), unit_of_work():
        actor = db.session.get(User, admin["id"])
        user, token = invite_staff("Ny.Person@Example.se", "facilitator", actor, name="Ny")
        return {"id": user.id, "email": user.email, "url": f"/invitation/{token}",
                "admin_id": admin["id"]}


def accept(client, url: str, name: str = "Nora Nyberg", password: str = NEW_PASSWORD):
    return submit(client, url, {"name": name, "new_password": password,
                                "confirm_password": password})


def test_the_invited_person_sets_name_and_password_and_can_log_in(app, client, invited):
    assert invited["email"] == "ny.person@example.se"
    assert log_in(client, invited["email"], "").status_code == 200  # no password yet
    page = client.get(invited["url"]).get_data(as_text=True)
    assert invited["email"] in page and 'value="Ny"' in page
    response = accept(client, invited["url"])
    assert response.status_code == 302
    assert "Nora Nyberg" in client.get("/account").get_data(as_text=True)
    other = app.test_client()
    assert log_in(other, invited["email"], NEW_PASSWORD).status_code == 302
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
        assert actions[-3:] == ["account.created", "account.invited",
                                "account.invitation_accepted"]
        assert "ny.person" not in str(list(db.session.scalars(select(AuditEvent.details))))


def test_a_link_works_only_once(app, client, invited):
    assert accept(client, invited["url"]).status_code == 302
    second = app.test_client()
    assert second.get(invited["url"]).status_code == 404
    response = second.post(invited["url"], data={
        "name": "Någon annan", "new_password": "ett annat lösenord",
        "confirm_password": "ett annat lösenord", "csrf_token": csrf_token(second, "/login")})
    assert response.status_code == 404
    assert log_in(app.test_client(), invited["email"], "ett annat lösenord").status_code == 200
    assert log_in(app.test_client(), invited["email"], NEW_PASSWORD).status_code == 302


def test_a_double_submit_uses_the_link_once(app, client, invited):
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get(invited["url"]).get_data(as_text=True)).group(1)
    data = {"name": "N", "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD,
            "csrf_token": token}
    assert client.post(invited["url"], data=data).status_code == 302
    assert client.post(invited["url"], data=data).status_code == 404


def test_an_expired_link_does_not_work(app, client, invited):
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = client.get(invited["url"])
    assert response.status_code == 404
    assert "Ask an administrator for a new link." in response.get_data(as_text=True)


def test_links_expire_after_the_configured_days(app, invited):
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        left = invitation.expires_at - utcnow()
        assert timedelta(days=6, hours=23) < left <= timedelta(days=7)


def test_a_reset_link_replaces_older_links_and_keeps_the_password_until_used(app, client,
                                                                              invited):
    from samskapande.admin.staff import reset_link

    assert accept(client, invited["url"]).status_code == 302
    with app.app_context(), unit_of_work():
        user = db.session.get(User, invited["id"])
        admin = db.session.get(User, invited["admin_id"])
        first = reset_link(user, admin)
        second = reset_link(user, admin)
    assert app.test_client().get(f"/invitation/{first}").status_code == 404
    assert log_in(app.test_client(), invited["email"], NEW_PASSWORD).status_code == 302
    fresh = app.test_client()
    assert accept(fresh, f"/invitation/{second}", password="nytt lösenord 2").status_code == 302
    assert log_in(app.test_client(), invited["email"], NEW_PASSWORD).status_code == 200
    assert log_in(app.test_client(), invited["email"], "nytt lösenord 2").status_code == 302


def test_only_a_hash_of_the_token_is_stored(app, invited):
    token = invited["url"].rsplit("/", 1)[1]
    with app.app_context():
        stored = db.session.scalar(select(Invitation.token_hash))
    assert token not in stored and len(stored) == 64


def test_a_deactivated_account_cannot_use_its_link(app, client, invited):
    with app.app_context():
        db.session.get(User, invited["id"]).active = False
        db.session.commit()
    assert client.get(invited["url"]).status_code == 404


@pytest.mark.parametrize("token", ["x", "a" * 300, "nul%00", "%E2%80%AE", "🙂"])
def test_odd_tokens_are_simply_not_found(client, token):
    assert client.get(f"/invitation/{token}").status_code == 404


@pytest.mark.parametrize(("name", "password", "confirm", "message"), [
    ("", NEW_PASSWORD, NEW_PASSWORD, "Write your name."),
    ("x" * 121, NEW_PASSWORD, NEW_PASSWORD, "At most 120 characters."),
    ("nul\x00", NEW_PASSWORD, NEW_PASSWORD, "invisible control characters"),
    ("Nora", "kort", "kort", "must be 10–200 characters long"),
    ("Nora", NEW_PASSWORD, "något annat", "not the same"),
])
def test_the_invitation_form_explains_bad_input_and_keeps_the_link(app, client, invited, name,
                                                                    password, confirm,
                                                                    message):
    response = submit(client, invited["url"], {"name": name, "new_password": password,
                                                "confirm_password": confirm})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert client.get(invited["url"]).status_code == 200


def test_names_in_any_script_are_kept(app, client, invited):
    assert accept(client, invited["url"], name="سارا 🙂 Öberg").status_code == 302
    with app.app_context():
        assert db.session.get(User, invited["id"]).name == "سارا 🙂 Öberg"
