"""Staff sessions end when staff say so: a copied session cookie stops working after
logout, a password change, "log out everywhere", an admin's new link and deactivation."""

from samskapande.accounts.models import User
from samskapande.extensions import db
from tests.conftest import PASSWORD, create_staff, log_in, submit

NEW = "a much longer new password"


def _copy(app, client):
    """A second browser holding a copy of the first one's cookies (a stolen cookie)."""
    other = app.test_client()
    for cookie in client._cookies.values():
        other.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return other


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def _logged_in_pair(app, role="politician"):
    user = create_staff(app, role)
    first = app.test_client()
    assert log_in(first, user["email"]).status_code == 302
    copy = _copy(app, first)
    assert _signed_in(copy)  # the copy works as long as the session is open
    return user, first, copy


def test_a_copied_cookie_stops_working_after_logout(app):
    _user, first, copy = _logged_in_pair(app)
    assert submit(first, "/account", {}, action="/logout").status_code == 302
    assert not _signed_in(first)
    response = copy.get("/account")
    assert response.status_code == 302 and "/login" in response.location


def test_a_copied_cookie_stops_working_after_a_password_change(app):
    user, first, copy = _logged_in_pair(app)
    response = submit(first, "/account/password", {
        "current_password": PASSWORD, "new_password": NEW, "confirm_password": NEW})
    assert response.status_code == 302
    assert not _signed_in(copy)
    # The browser that changed the password proved it knows it: it stays signed in,
    # with the new generation.
    assert _signed_in(first)
    assert log_in(app.test_client(), user["email"], NEW).status_code == 302


def test_log_out_everywhere_ends_every_session_this_one_too(app):
    user, first, copy = _logged_in_pair(app)
    elsewhere = app.test_client()
    assert log_in(elsewhere, user["email"]).status_code == 302
    page = first.get("/account/password").get_data(as_text=True)
    assert 'action="/account/logout-everywhere"' in page
    response = submit(first, "/account/password", {}, action="/account/logout-everywhere")
    assert response.status_code == 302 and "/login" in response.location
    for client in (first, copy, elsewhere):
        assert not _signed_in(client)
    assert log_in(first, user["email"]).status_code == 302  # a new login works again
    assert _signed_in(first) and not _signed_in(copy)


def test_log_out_everywhere_needs_a_post_and_a_session(app, client):
    assert client.get("/account/logout-everywhere").status_code == 405
    response = submit(client, "/login", {}, action="/account/logout-everywhere")
    assert response.status_code == 302 and "/login" in response.location


def test_an_admins_new_link_and_deactivation_end_open_sessions(app):
    admin = create_staff(app, "admin")
    admin_client = app.test_client()
    assert log_in(admin_client, admin["email"]).status_code == 302
    person, first, copy = _logged_in_pair(app, "facilitator")
    url = f"/admin/staff/{person['id']}"
    assert submit(admin_client, url, {"reason": ""}, action=f"{url}/link").status_code == 200
    assert not _signed_in(first) and not _signed_in(copy)

    assert log_in(first, person["email"]).status_code == 302  # the old password still works
    copy = _copy(app, first)
    submit(admin_client, url, {"reason": ""}, action=f"{url}/deactivate")
    submit(admin_client, url, {"reason": ""}, action=f"{url}/reactivate")
    # Reactivating does not bring back the sessions that were open before.
    assert not _signed_in(first) and not _signed_in(copy)


def test_a_session_from_before_generations_is_refused(app):
    """A cookie without a generation (or a tampered one) counts as older than any."""
    user, first, _copy_client = _logged_in_pair(app)
    with first.session_transaction() as session:
        session.pop("_staff_generation")
    assert not _signed_in(first)
    assert log_in(first, user["email"]).status_code == 302
    with first.session_transaction() as session:
        session["_staff_generation"] = "0"
    assert not _signed_in(first)


def test_logins_keep_the_generation(app):
    user, first, copy = _logged_in_pair(app)
    with app.app_context():
        generation = db.session.get(User, user["id"]).session_generation
    assert log_in(app.test_client(), user["email"]).status_code == 302
    with app.app_context():
        assert db.session.get(User, user["id"]).session_generation == generation
    assert _signed_in(first) and _signed_in(copy)  # a second login leaves the first alone


def test_an_open_socket_of_a_copied_cookie_is_anonymous_after_log_out_everywhere(app):
    from flask_login import current_user

    from samskapande.extensions import socketio as server_socketio

    _user, first, copy = _logged_in_pair(app, "facilitator")
    socket = server_socketio.test_client(app, flask_test_client=copy)
    assert socket.is_connected()
    seen = []

    @server_socketio.on("sess-whoami")
    def whoami():  # a handler as every handler would check identity
        seen.append(current_user.is_authenticated)

    try:
        socket.emit("sess-whoami")
        submit(first, "/account/password", {}, action="/account/logout-everywhere")
        socket.emit("sess-whoami")
        assert seen == [True, False]
        again = server_socketio.test_client(app, flask_test_client=copy)
        assert not again.is_connected()  # and it cannot connect anew
    finally:
        server_socketio.server.handlers["/"].pop("sess-whoami", None)
        socket.disconnect()
