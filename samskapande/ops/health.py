"""Health checks for a load balancer: is the process up, can it serve, is anything degraded.

Both answer JSON without a session cookie or login, so a probe every few seconds costs
nothing and leaves no trace of anyone. `/readyz` says 503 only when the database cannot be
reached: such a process would only show errors. When several processes share events and
the Redis message queue is down (or this process's subscriber has not listened again
yet), the process still serves every page and form, and its meeting pages say "Delayed"
and catch up from the journal; so `/readyz` answers 200 with `"queue": "degraded"`, for
monitoring, and a load balancer keeps the process (README, "Health checks").
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from samskapande.extensions import db
from samskapande.realtime import queue_health

bp = Blueprint("ops", __name__)

REDIS_TIMEOUT_SECONDS = 2
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


@bp.get("/healthz")
def healthz():
    """The process is up and answers requests."""
    return _answer({"status": "ok"}, 200)


@bp.get("/readyz")
def readyz():
    """The database answers `SELECT 1`; the message queue, if configured, is checked too.

    The queue is "ok" when it answers PING and this process's last round trip through it
    (realtime.queue_health) came back; otherwise "degraded", which is not a reason to
    take the process out.
    """
    database = _database_ok()
    checks = {"database": "ok" if database else "unavailable"}
    body: dict = {}
    queue = current_app.config.get("SOCKETIO_MESSAGE_QUEUE")
    # Redis is the queue this app documents; another kind (e.g. AMQP) is not checked here.
    if queue and queue.startswith(REDIS_SCHEMES):
        queue_ok = _message_queue_ok(queue) and queue_health.state() == queue_health.OK
        checks["message_queue"] = body["queue"] = "ok" if queue_ok else "degraded"
    if not database:
        status = "unavailable"
    else:
        status = "ok" if all(value == "ok" for value in checks.values()) else "degraded"
    return _answer({"status": status, "checks": checks, **body}, 200 if database else 503)


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
