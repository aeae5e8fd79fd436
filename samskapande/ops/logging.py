"""Structured logs: one JSON object per line, one line per request, no personal data.

A request line names the route pattern (`/r/<code>/needs`), never the concrete path, so
round codes, resume codes and invitation tokens stay out of the logs; there is no IP
address, user agent, e-mail or query string either. What it has: method, route, status,
duration and a request id, which the response carries as `X-Request-ID` so an operator
can match a user's report to a line without knowing who the user is.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, request
from flask.logging import default_handler

REQUEST_LOGGER = "samskapande.requests"
# A request id from a proxy is kept only if it looks like one (no free text in the logs).
_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: time, level, logger, message and its fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _install_handler(logger: logging.Logger) -> None:
    """Write the logger's records as JSON to stderr, once however many apps are created."""
    if any(getattr(handler, "_samskapande", False) for handler in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler._samskapande = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def request_id() -> str:
    """This request's id: the proxy's X-Request-ID if it is a plain token, else a new one."""
    if "request_id" not in g:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if _REQUEST_ID_RE.match(given) else uuid.uuid4().hex
    return g.request_id


def request_fields(response) -> dict:
    """What the request line says: nothing that points to a person."""
    rule = request.url_rule.rule if request.url_rule is not None else None
    started = g.get("request_started", None)
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    return {
        "event": "request",
        "request_id": request_id(),
        "method": request.method,
        "route": rule or "(no route)",
        "endpoint": request.endpoint,
        "status": response.status_code,
        "duration_ms": duration,
    }


def init_logging(app: Flask) -> None:
    """Log every request as one JSON line; app log records become JSON too (not in tests,
    where pytest captures the records itself)."""
    logger = logging.getLogger(REQUEST_LOGGER)
    logger.setLevel(logging.INFO)
    if not app.testing:
        _install_handler(logger)
        logger.propagate = False
        app.logger.removeHandler(default_handler)
        _install_handler(app.logger)
        # The development server's access log has the client's IP and the concrete path.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)

    def log_exception(exc_info) -> None:
        # Flask's own message names the concrete path ("Exception on /invitation/<token>").
        app.logger.error("unhandled exception", exc_info=exc_info, extra={"fields": {
            "request_id": request_id(),
            "route": request.url_rule.rule if request.url_rule is not None else "(no route)",
            "method": request.method,
        }})

    app.log_exception = log_exception  # type: ignore[method-assign]

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        if request.endpoint == "static":
            return response
        response.headers.setdefault("X-Request-ID", request_id())
        logger.info("request", extra={"fields": request_fields(response)})
        return response
