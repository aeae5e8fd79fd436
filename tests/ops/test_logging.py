"""Request logs: one JSON line per request, with the route pattern and no personal data."""

from __future__ import annotations

import json
import logging

import pytest

from samskapande.ops.logging import REQUEST_LOGGER, JsonFormatter
from tests.conftest import PASSWORD, create_staff, log_in, submit


class Lines(logging.Handler):
    """Collects the formatted lines the request logger writes."""

    def __init__(self):
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def lines():
    handler = Lines()
    logger = logging.getLogger(REQUEST_LOGGER)
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def test_a_login_is_logged_without_the_email_or_ip(app, client, lines):
    staff = create_staff(app, "facilitator", email="gunilla.secret@example.se")
    response = log_in(client, staff["email"])
    assert response.status_code == 302
    entry = json.loads(lines[-1])
    assert entry["route"] == "/login" and entry["method"] == "POST"
    assert entry["status"] == 302 and entry["duration_ms"] >= 0
    assert entry["request_id"] == response.headers["X-Request-ID"]
    logged = "\n".join(lines)
    for secret in ("gunilla.secret", "example.se", PASSWORD, "127.0.0.1"):
        assert secret not in logged


def test_a_resume_code_join_logs_the_route_not_the_code(app, client, demo, lines):
    code = demo["round_code"]
    submit(client, f"/r/{code}", {"display_name": "Gunnel"}, action=f"/r/{code}/join")
    me = client.get(f"/r/{code}/me").get_data(as_text=True)
    from samskapande.extensions import db
    from samskapande.rounds.models import Participant
    with app.app_context():
        resume_code = db.session.scalars(
            db.select(Participant.resume_code).order_by(Participant.id.desc())).first()
    assert resume_code in me
    other = app.test_client()
    lines.clear()
    response = submit(other, "/resume", {"resume_code": resume_code},
                      headers={"User-Agent": "Secret-Browser/1.0"},
                      environ_base={"REMOTE_ADDR": "192.0.2.44"})
    assert response.status_code == 302
    other.get(response.headers["Location"])
    routes = [json.loads(line)["route"] for line in lines]
    assert "/resume" in routes and "/r/<code>/me" in routes
    logged = "\n".join(lines)
    for secret in (resume_code, resume_code.replace("-", ""), code, "Gunnel", "192.0.2.44",
                   "Secret-Browser"):
        assert secret not in logged


def test_a_request_id_from_the_proxy_is_kept_only_if_it_is_a_plain_token(client, lines):
    client.get("/healthz", headers={"X-Request-ID": "abc123-def456"})
    client.get("/healthz", headers={"X-Request-ID": "jane@example.se <script>"})
    first, second = (json.loads(line)["request_id"] for line in lines[-2:])
    assert first == "abc123-def456"
    assert "@" not in second and len(second) == 32


def test_an_unhandled_error_is_logged_with_the_route_not_the_address(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom/<token>")
    def boom(token):
        raise RuntimeError("kaboom")

    handler = Lines()
    app.logger.addHandler(handler)
    try:
        response = app.test_client().get("/boom/secret-invitation-token")
    finally:
        app.logger.removeHandler(handler)
    assert response.status_code == 500
    entry = next(json.loads(line) for line in handler.lines if '"level": "error"' in line)
    assert entry["route"] == "/boom/<token>" and entry["message"] == "unhandled exception"
    assert "RuntimeError: kaboom" in entry["exception"]
    assert not any("secret-invitation-token" in line for line in handler.lines)
