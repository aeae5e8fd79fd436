"""Staff log in with e-mail and password, are throttled when guessing, and log out."""

from samskapande.accounts.models import User
from samskapande.extensions import db
from tests.conftest import PASSWORD, create_staff, log_in, submit


def test_staff_member_logs_in_and_sees_their_rounds(app, client):
    user = create_staff(app, "politician")
    response = log_in(client, user["email"].upper() + "  ")  # case and spaces do not matter
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff")
    page = client.get("/account").get_data(as_text=True)
    assert user["name"] in page and "Testkommunen" in page


def test_wrong_password_says_so_without_telling_which_part_was_wrong(app, client):
    user = create_staff(app, "facilitator")
    response = log_in(client, user["email"], "wrong password")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in page
    assert user["email"] in page  # what was typed is kept
    assert client.get("/account").status_code == 302  # still not logged in


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(app, client):
    create_staff(app, "facilitator", email="known@example.se")
    wrong_password = log_in(client, "known@example.se", "nope").get_data(as_text=True)
    unknown = log_in(client, "unknown@example.se", "nope").get_data(as_text=True)
    assert wrong_password.replace("known@", "") .count("error") == unknown.replace(
        "unknown@", "").count("error")


def test_repeated_failures_are_throttled_even_with_the_right_password(app, client):
    user = create_staff(app, "admin")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert log_in(client, user["email"], "guess").status_code == 200
    response = log_in(client, user["email"], PASSWORD)
    assert response.status_code == 429
    assert client.get("/account").status_code == 302


def test_throttling_of_one_account_leaves_others_alone(app, client):
    victim = create_staff(app, "admin")
    other = create_staff(app, "facilitator")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        log_in(client, victim["email"], "guess")
    assert log_in(client, other["email"]).status_code == 302


def _from(app, address: str):
    """A browser at another address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_a_stranger_cannot_lock_an_account_out(app):
    """Five and more wrong passwords from A do not stop the right one from B."""
    user = create_staff(app, "politician")  # politicians' addresses are public
    stranger = _from(app, "203.0.113.9")
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 3):
        log_in(stranger, user["email"], "guess")
    owner = _from(app, "198.51.100.20")
    assert log_in(owner, user["email"]).status_code == 302
    assert owner.get("/account").status_code == 200
    # The stranger's address stays throttled for that account, right password or not.
    assert log_in(stranger, user["email"], "another guess").status_code == 429
    assert log_in(stranger, user["email"]).status_code == 429


def test_guessing_from_many_addresses_gets_one_try_each_once_the_account_is_attacked(app):
    user = create_staff(app, "politician")
    limit = app.config["LOGIN_MAX_FAILURES"]
    for n in range(limit):
        assert log_in(_from(app, f"203.0.113.{n + 1}"), user["email"], "guess").status_code == 200
    # Each address that failed is now paused for this account, even with the right password,
    again = _from(app, "203.0.113.1")
    assert log_in(again, user["email"]).status_code == 429
    # a new address gets its one try,
    fresh = _from(app, "203.0.113.200")
    assert log_in(fresh, user["email"], "guess").status_code == 200
    assert log_in(fresh, user["email"], "guess").status_code == 429
    # and the right password from an address without failures still passes.
    assert log_in(_from(app, "198.51.100.20"), user["email"]).status_code == 302


def test_one_address_guessing_many_accounts_is_throttled(app):
    limit = app.config["LOGIN_MAX_FAILURES"] * 4
    guesser = _from(app, "203.0.113.9")
    for n in range(limit):
        assert log_in(guesser, f"nobody{n}@example.se", "guess").status_code == 200
    user = create_staff(app, "official")
    assert log_in(guesser, user["email"]).status_code == 429
    assert log_in(_from(app, "198.51.100.20"), user["email"]).status_code == 302


def test_a_deactivated_account_cannot_log_in(app, client):
    user = create_staff(app, "official")
    with app.app_context():
        db.session.get(User, user["id"]).active = False
        db.session.commit()
    assert log_in(client, user["email"]).status_code == 200
    assert client.get("/account").status_code == 302


def test_logout_needs_a_post_and_ends_the_session(app, client):
    user = create_staff(app, "facilitator")
    log_in(client, user["email"])
    assert client.get("/logout").status_code == 405
    response = submit(client, "/account", {}, action="/logout")
    assert response.status_code == 302
    assert client.get("/account").status_code == 302


def test_passwords_are_stored_as_scrypt_hashes(app):
    user = create_staff(app, "admin")
    with app.app_context():
        stored = db.session.get(User, user["id"]).password_hash
    assert stored.startswith("scrypt:") and PASSWORD not in stored


def test_change_password(app, client):
    user = create_staff(app, "politician")
    log_in(client, user["email"])
    new = "a much longer new password"
    response = submit(client, "/account/password", {
        "current_password": PASSWORD, "new_password": new, "confirm_password": new,
    })
    assert response.status_code == 302
    submit(client, "/account", {}, action="/logout")
    assert log_in(client, user["email"], PASSWORD).status_code == 200
    assert log_in(client, user["email"], new).status_code == 302


def test_change_password_explains_mistakes_and_keeps_the_old_one(app, client):
    user = create_staff(app, "politician")
    log_in(client, user["email"])
    response = submit(client, "/account/password", {
        "current_password": "wrong", "new_password": "short", "confirm_password": "other",
    })
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('class="error"') >= 2
    submit(client, "/account", {}, action="/logout")
    assert log_in(client, user["email"], PASSWORD).status_code == 302


def test_staff_pages_send_anonymous_visitors_to_login(client):
    for url in ("/account", "/account/password", "/staff/rounds"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
