"""/healthz and /readyz: JSON for a load balancer, 503 when the database is gone, and the
message queue reported as degraded (200: the process can still serve) when it is gone."""

from __future__ import annotations

from tests.conftest import make_app


def test_healthz_answers_without_a_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers


def test_readyz_is_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "Set-Cookie" not in response.headers


def test_readyz_is_503_when_the_database_cannot_be_reached(tmp_path):
    # Nothing listens on port 1: the connection is refused at once.
    app = make_app("postgresql+psycopg://postgres@127.0.0.1:1/nowhere", tmp_path)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "unavailable"}
    assert app.test_client().get("/healthz").status_code == 200


def test_readyz_pings_the_message_queue_when_one_is_configured(app, client):
    app.config["SOCKETIO_MESSAGE_QUEUE"] = "redis://127.0.0.1:6379/0"
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "queue": "ok",
                                   "checks": {"database": "ok", "message_queue": "ok"}}


def test_a_gone_message_queue_is_degraded_not_a_reason_to_take_the_process_out(app, client):
    app.config["SOCKETIO_MESSAGE_QUEUE"] = "redis://127.0.0.1:1/0"
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "degraded", "queue": "degraded",
                                   "checks": {"database": "ok", "message_queue": "degraded"}}


def test_a_failed_round_trip_through_the_queue_is_degraded_too(app, client, monkeypatch):
    """Redis answers PING, but this process's subscriber has not handed a probe back."""
    from samskapande.realtime import queue_health

    app.config["SOCKETIO_MESSAGE_QUEUE"] = "redis://127.0.0.1:6379/0"
    monkeypatch.setitem(queue_health._state, "value", queue_health.DELAYED)
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json()["queue"] == "degraded"
