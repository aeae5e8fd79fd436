"""Limits on what one person may send: size, rate, and the page's origin.

Rate: a token bucket per identity (a staff account or a participant) and kind of event,
kept in the memory of the server process. Socket events and the HTTP forms that write to a
meeting take from the same bucket (`refuse_if_too_fast`, keyed by `identity().key`), so
the plain forms are no way around the limit. A bucket holds `burst` tokens and gains `rate`
tokens per second; every event takes one, and an event that finds the bucket empty is
refused with a translated error (nothing else happens). With several processes each keeps
its own buckets; a browser's sockets stay with one process (sticky sessions or
websocket-only), so in practice the limit is per identity. The defaults are in `RATES`
and can be changed with the environment variables named there (docs/realtime.md).

Origin: a browser always sends `Origin` when it opens a WebSocket; the server accepts only
its own origin (scheme and host of the request, or those a trusted proxy forwards) and the
origins listed in SOCKETIO_ALLOWED_ORIGINS. Clients that send no Origin (not a browser, so
no cross-site request forgery) still need the session cookie to connect.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask_babel import gettext as _

from samskapande.core.refusals import Refusal

MAX_PAYLOAD_BYTES = 4096
MAX_TEXT_CHARS = 1000


@dataclass(frozen=True)
class Rate:
    burst: float
    per_second: float


def _rate(name: str, burst: float, per_second: float) -> Rate:
    return Rate(float(os.environ.get(f"LIVE_RATE_{name}_BURST", burst)),
                float(os.environ.get(f"LIVE_RATE_{name}_PER_SECOND", per_second)))


# kind -> (burst, tokens per second). "write": posts, votes, answers, moderation, poll answers.
# "join": joining (and re-joining after a reconnect or a gap) a meeting.
RATES = {
    "write": _rate("WRITE", 10, 1.0),
    "join": _rate("JOIN", 20, 2.0),
}


class TokenBuckets:
    """Token buckets keyed by (identity, kind); the least recently used are forgotten."""

    def __init__(self, rates: dict[str, Rate], max_keys: int = 100_000):
        self.rates = rates
        self.max_keys = max_keys
        self._buckets: OrderedDict[tuple[str, str], tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, identity: str, kind: str, now: float | None = None) -> bool:
        """Take one token; False when the bucket is empty (the event must be refused)."""
        rate = self.rates[kind]
        now = time.monotonic() if now is None else now
        key = (identity, kind)
        with self._lock:
            tokens, stamp = self._buckets.pop(key, (rate.burst, now))
            tokens = min(rate.burst, tokens + (now - stamp) * rate.per_second)
            allowed = tokens >= 1
            if allowed:
                tokens -= 1
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
            return allowed

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()


buckets = TokenBuckets(RATES)


def retry_after(kind: str) -> float:
    """Seconds until a refused sender has a token again (told to clients in the ack)."""
    return round(1 / RATES[kind].per_second, 2) if RATES[kind].per_second > 0 else 60.0


class TooFast(Refusal):
    """Sent faster than the sender's rate allows; `details["retry_after"]` says when to retry."""


def refuse_if_too_fast(key: str | None, kind: str = "write") -> None:
    """Take a token from the person's bucket, or raise TooFast (before anything changes).

    `key` is `core.identity.identity().key`; nobody (None) has no bucket, and whatever
    such a request asks for is refused by the service that would do it.
    """
    if key is not None and not buckets.take(key, kind):
        raise TooFast(_("You are sending too fast. Wait a moment and try again."),
                      retry_after=retry_after(kind))


def payload_too_large(data) -> bool:
    """Whether an event's data is more than MAX_PAYLOAD_BYTES as JSON (or not JSON at all)."""
    try:
        return len(json.dumps(data, ensure_ascii=False).encode()) > MAX_PAYLOAD_BYTES
    except (TypeError, ValueError):
        return True


def allowed_origins_from(value: str | None) -> set[str]:
    return {item.strip().rstrip("/") for item in (value or "").split(",") if item.strip()}


def origin_check(app):
    """A `cors_allowed_origins` callable for Socket.IO: same origin, or configured ones."""
    extra = allowed_origins_from(app.config.get("SOCKETIO_ALLOWED_ORIGINS")
                                 or os.environ.get("SOCKETIO_ALLOWED_ORIGINS"))
    trust_proxy = bool(app.config.get("PROXY_COUNT"))

    def allowed(origin: str | None, environ: dict) -> bool:
        if not origin:
            return True
        origin = origin.rstrip("/")
        if origin in extra:
            return True
        host = environ.get("HTTP_HOST", "")
        own = {f"{environ.get('wsgi.url_scheme', 'http')}://{host}"}
        if trust_proxy:
            scheme = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip()
            fhost = environ.get("HTTP_X_FORWARDED_HOST", "").split(",")[0].strip() or host
            if scheme:
                own.add(f"{scheme}://{fhost}")
        return origin in own

    return allowed
