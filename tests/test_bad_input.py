"""Every form takes a corpus of bad input: a clear error or the text kept safely, never 5xx.

The needs and the facilitator's forms have their own corpus tests beside them; these are
the forms of joining, continuing, logging in and the start page.
"""

import pytest
from werkzeug.datastructures import MultiDict

from tests.conftest import PASSWORD, create_staff, csrf_token, log_in

SCRIPT = "<script>alert(1)</script>"
CORPUS = [
    SCRIPT,
    "x" * 10_000,
    "nul\x00tecken",
    "klocka\x07\x1b[31m",
    "\u202eevil\u202c",
    "noll\u200bbredd\u200d",
    "🙂🌲👵🏻",
    "سارا",
    "'; DROP TABLE participant; --",
    "",
    "   ",
]


def assert_handled(response, value):
    assert response.status_code < 500
    page = response.get_data(as_text=True)
    assert SCRIPT not in page, "markup from the form came back unescaped"
    if response.status_code in (200, 400, 404) and value.strip() and len(value) < 200:
        # Shown again for correction, or stored and shown: either way escaped.
        assert "<html" in page


@pytest.mark.parametrize("value", CORPUS)
def test_join_form(app, client, demo, value):
    token = csrf_token(client, "/r/NASAKER")
    response = client.post("/r/NASAKER/join", data={
        "csrf_token": token, "display_name": value, "profile_village": value,
    })
    assert_handled(response, value)
    if response.status_code == 302:
        assert_handled(client.get("/r/NASAKER/me"), value)


@pytest.mark.parametrize("value", CORPUS)
def test_resume_form(client, demo, value):
    token = csrf_token(client, "/resume")
    assert_handled(client.post("/resume", data={"csrf_token": token, "resume_code": value}),
                   value)


@pytest.mark.parametrize("value", CORPUS)
def test_login_form(app, client, value):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "email": value,
                                           "password": value})
    assert_handled(response, value)
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize("value", CORPUS)
def test_change_password_form(app, client, value):
    user = create_staff(app, "official")
    log_in(client, user["email"])
    token = csrf_token(client, "/account/password")
    response = client.post("/account/password", data={
        "csrf_token": token, "current_password": PASSWORD, "new_password": value,
        "confirm_password": value,
    })
    assert_handled(response, value)


@pytest.mark.parametrize("value", CORPUS)
def test_code_form_on_the_start_page(client, demo, value):
    assert_handled(client.get("/join", query_string={"code": value}), value)


@pytest.mark.parametrize("path", ["/r/NASAKER/join", "/resume", "/login"])
def test_missing_fields_and_wrong_types(client, demo, path):
    form_page = {"/r/NASAKER/join": "/r/NASAKER"}.get(path, path)
    token = csrf_token(client, form_page)
    assert client.post(path, data={"csrf_token": token}).status_code < 500
    doubled = MultiDict([("csrf_token", token), ("display_name", "a"), ("display_name", "b"),
                         ("email", "x"), ("email", "y"), ("resume_code", "1")])
    assert client.post(path, data=doubled).status_code < 500
    assert client.post(path, data='{"csrf_token": 1}',
                       content_type="application/json").status_code < 500


@pytest.mark.parametrize("path", ["/areas/x%00y", "/r/NAS%00AKER", "/r/NAS%00AKER/report",
                                  "/r/NASAKER/needs/new%00", "/language/s%00v",
                                  "/areas/%E2%80%AEevil"])
def test_odd_characters_in_addresses_are_not_found(client, demo, path):
    assert client.get(path).status_code in (301, 302, 404)
