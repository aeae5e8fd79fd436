"""Health checks for a load balancer: is the process up, can it reach what it needs.

Both answer JSON without a session cookie or login, so a probe every few seconds costs
nothing and leaves no trace of anyone. `/readyz` says 503 as soon as the database (or,
when several processes share events, the Redis message queue) cannot be reached, so the
load balancer sends no visitors to a process that would only show errors.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from samskapande.extensions import db

bp = Blueprint("ops", __name__)

REDIS_TIMEOUT_SECONDS = 2
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


@bp.get("/healthz")
def healthz():
    """The process is up and answers requests."""
    return _answer({"status": "ok"}, 200)


@bp.get("/readyz")
def readyz():
    """The database answers `SELECT 1` and, if configured, the message queue answers PING."""
    checks = {"database": _database_ok()}
    queue = current_app.config.get("SOCKETIO_MESSAGE_QUEUE")
    # Redis is the queue this app documents; another kind (e.g. AMQP) is not checked here.
    if queue and queue.startswith(REDIS_SCHEMES):
        checks["message_queue"] = _message_queue_ok(queue)
    ready = all(checks.values())
    body = {"status": "ok" if ready else "unavailable",
            "checks": {name: "ok" if ok else "unavailable" for name, ok in checks.items()}}
    return _answer(body, 200 if ready else 503)


def _answer(body: dict, status: int):
    response = jsonify(body)
    response.status_code = status
    return response


def _database_ok() -> bool:
    # The request's end closes the transaction (a 503 rolls it back): nothing to undo here.
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure means "not ready"; the reason goes to the log
        current_app.logger.warning("readyz: the database cannot be reached", exc_info=True)
        return False


def _message_queue_ok(url: str) -> bool:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_SECONDS,
                                      socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        current_app.logger.warning("readyz: the message queue cannot be reached")
        return False
