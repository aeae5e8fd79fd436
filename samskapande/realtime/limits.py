"""Limits on what one person may send: size, rate, and the page's origin.

Rate: at most `burst` events of a kind per identity (a staff account or a participant) in
any window of `window_seconds(rate)` seconds, counted by the `limits` library in one
storage that all server processes share when there is one: `RATE_LIMIT_STORAGE_URL`, else
the Redis of `SOCKETIO_MESSAGE_QUEUE`, else the memory of the process (`storage_url`).
Socket events and the HTTP forms that write to a meeting count together
(`refuse_if_too_fast`, keyed by `identity().key`), so the plain forms are no way around the
limit, and neither is a second process behind the load balancer. An event over the limit
is refused with a translated error that says when to try again (nothing else happens).

The defaults in `RATES` are given as a burst and a rate per second (environment variables
named there, docs/realtime.md), as they were for the token buckets this replaces. A
bucket let a sender who spent the burst go on with one event per 1/rate seconds; the
moving window lets them go on only once the oldest event of the window has aged out (up to
burst/rate seconds: 10 s for `write`). The average is the same, a flood is stopped just as
soon, and nobody in a meeting posts ten times in ten seconds by hand; in return the shared
storage needs one atomic call per event (a refused one asks once more, for retry_after),
no refill clock that every process must agree on, and its keys expire by themselves.

If the shared storage fails (Redis down), this process warns once and counts in its own
memory for `RETRY_SHARED_SECONDS` before it asks the storage again: a per-process limit
for the time of the outage, rather than refusing everyone or failing the event. Short
socket timeouts and a single retry keep the one event that finds Redis gone from waiting
long. Keys hold only the identity key ("participant:12") and the kind, under
`RATE_LIMIT_KEY_PREFIX`.

Origin: a browser always sends `Origin` when it opens a WebSocket; the server accepts only
its own origin (scheme and host of the request, or those a trusted proxy forwards) and the
origins listed in SOCKETIO_ALLOWED_ORIGINS. Clients that send no Origin (not a browser, so
no cross-site request forgery) still need the session cookie to connect.
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
import time
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from limits import RateLimitItem, RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from samskapande.core.refusals import Refusal

log = logging.getLogger(__name__)

MAX_PAYLOAD_BYTES = 4096
MAX_TEXT_CHARS = 1000
EXTENSION = "samskapande.rate_limits"
RETRY_SHARED_SECONDS = 30.0  # after a storage failure, count in memory this long
NO_REFILL_SECONDS = 24 * 3600  # the window of a rate of 0 per second


@dataclass(frozen=True)
class Rate:
    burst: float
    per_second: float


def _rate(name: str, burst: float, per_second: float) -> Rate:
    return Rate(float(os.environ.get(f"LIVE_RATE_{name}_BURST", burst)),
                float(os.environ.get(f"LIVE_RATE_{name}_PER_SECOND", per_second)))


# kind -> (burst, events per second on average). "write": posts, votes, answers, moderation,
# poll answers. "join": joining (and re-joining after a reconnect or a gap) a meeting.
RATES = {
    "write": _rate("WRITE", 10, 1.0),
    "join": _rate("JOIN", 20, 2.0),
}


def window_seconds(rate: Rate) -> int:
    """The window in which `rate.burst` events are allowed: burst/rate, whole seconds."""
    if rate.per_second <= 0:
        return NO_REFILL_SECONDS
    return max(1, round(rate.burst / rate.per_second))


def rate_item(kind: str) -> RateLimitItem:
    """The `limits` item of a kind, read from RATES at each call (tests change them)."""
    rate = RATES[kind]
    return RateLimitItemPerSecond(int(rate.burst), window_seconds(rate), namespace=kind)


# -- where the counts are kept --------------------------------------------------------------

def storage_url(config) -> str:
    """RATE_LIMIT_STORAGE_URL, else the Redis of the Socket.IO queue, else memory://."""
    if config.get("RATE_LIMIT_STORAGE_URL"):
        return config["RATE_LIMIT_STORAGE_URL"]
    queue = config.get("SOCKETIO_MESSAGE_QUEUE") or ""
    if queue.startswith(("redis://", "rediss://")):
        return queue
    if queue.startswith("unix://"):  # python-socketio's name for Redis on a socket file
        return "redis+unix://" + queue.removeprefix("unix://")
    return "memory://"


def _redis_storage(url: str, key_prefix: str) -> Storage:
    """redis://, rediss://, redis+unix://… (config.py refuses other schemes at start)."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # Half a second and one retry (for a connection Redis closed when it restarted), not
    # redis-py's three with back-off: when Redis is gone, the one event that finds out
    # waits a second at most, and the events after it count in memory (RateLimits).
    return storage_from_string(url, key_prefix=key_prefix, wrap_exceptions=True,
                               socket_connect_timeout=0.5, socket_timeout=0.5,
                               retry=Retry(NoBackoff(), 1))


class QuietMemoryStorage(MemoryStorage):
    """The `limits` memory storage without its sweeper.

    `MemoryStorage` walks every key of every person every 10 ms to drop old entries: with a
    thousand residents in a meeting that is most of a core, and under gevent every socket of
    the process waits for it (bench/live_burst.py: poll acks p99 60 ms -> 1,000 ms). Here a
    key keeps only the newest `limit` entries (older ones cannot decide anything in a
    moving window), trimmed when it is counted, and the keys of people gone quiet are swept
    at most once a minute, by the event that comes then.
    """

    STORAGE_SCHEME = ["samskapande+memory"]
    SWEEP_SECONDS = 60.0

    def __init__(self):
        super().__init__()
        self._sweep_at = time.monotonic() + self.SWEEP_SECONDS

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the 10 ms sweeper
        if time.monotonic() >= self._sweep_at:
            self._sweep_at = time.monotonic() + self.SWEEP_SECONDS
            self._MemoryStorage__expire_events()
            for key in [key for key, events in self.events.items() if not events]:
                self.events.pop(key, None)  # the library leaves the empty lists behind

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        acquired = super().acquire_entry(key, limit, expiry, amount)
        with self.locks[key]:
            del self.events.get(key, [])[limit:]
        return acquired


class RateLimits:
    """One app's counts: in the shared storage while it answers, else in this process."""

    def __init__(self, url: str, key_prefix: str):
        self.local = MovingWindowRateLimiter(QuietMemoryStorage())
        self.shared = (self.local if url.startswith("memory://")
                       else MovingWindowRateLimiter(_redis_storage(url, key_prefix)))
        self._failing = False  # the shared storage failed and has not answered since
        self._ask_shared_at = 0.0  # until then the shared storage is not asked
        self._lock = threading.Lock()

    def hit(self, item: RateLimitItem, identity: str) -> tuple[bool, int]:
        """Count one event; (allowed, whole seconds until one more would be)."""
        limiter = self._limiter()
        try:
            outcome = _hit(limiter, item, identity)
        except StorageError as error:
            self._shared_failed(error)
            return _hit(self.local, item, identity)
        if self._failing and limiter is self.shared:
            self._shared_answers()
        return outcome

    def reset(self) -> None:
        """Forget every count of this app (in a shared storage: those under its prefix)."""
        self.local.storage.reset()
        if self.shared is not self.local:
            self.shared.storage.reset()

    def _limiter(self) -> MovingWindowRateLimiter:
        if self.shared is self.local or time.monotonic() < self._ask_shared_at:
            return self.local
        return self.shared

    def _shared_failed(self, error: StorageError) -> None:
        with self._lock:
            if not self._failing:
                log.warning("Rate limits: the shared storage failed (%s); counting in this "
                            "process until it answers (asked again every %.0f s)",
                            error.storage_error, RETRY_SHARED_SECONDS)
            self._failing = True
            self._ask_shared_at = time.monotonic() + RETRY_SHARED_SECONDS

    def _shared_answers(self) -> None:
        with self._lock:
            if self._failing:
                self._failing = False
                log.info("Rate limits: the shared storage answers again")


def _hit(limiter: MovingWindowRateLimiter, item: RateLimitItem,
         identity: str) -> tuple[bool, int]:
    if limiter.hit(item, identity):
        return True, 0
    reset_at = limiter.get_window_stats(item, identity).reset_time
    return False, max(1, math.ceil(reset_at - time.time()))


def init_rate_limits(app) -> None:
    """Give the app its own counts, so two apps (or test apps) never share by accident."""
    app.extensions[EXTENSION] = RateLimits(storage_url(app.config),
                                           app.config["RATE_LIMIT_KEY_PREFIX"])


def rate_limits(app=None) -> RateLimits:
    return (app or current_app).extensions[EXTENSION]


class TooFast(Refusal):
    """Sent faster than the sender's rate allows; `details["retry_after"]` says when to retry."""


def refuse_if_too_fast(key: str | None, kind: str = "write") -> None:
    """Count one event of the person's, or raise TooFast (before anything changes).

    `key` is `core.identity.identity().key`; nobody (None) is not counted, and whatever
    such a request asks for is refused by the service that would do it.
    """
    if key is None:
        return
    allowed, wait = rate_limits().hit(rate_item(kind), key)
    if not allowed:
        raise TooFast(_("You are sending too fast. Wait a moment and try again."),
                      retry_after=wait)


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
