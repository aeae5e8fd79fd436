"""Is the message queue carrying events between processes? A round trip every few seconds.

With `SOCKETIO_MESSAGE_QUEUE=redis://…` an event reaches the clients of this process at
once (python-socketio emits locally first) and those of the other processes only through
Redis. While Redis is down they get nothing live, and when it returns a process's
subscriber may still wait out its back-off (up to a minute) before it listens again. A
PING says neither, so this module checks the whole way: every `CHECK_SECONDS` it publishes
a probe on the queue's channel, addressed to this very process, and waits up to
`PROBE_TIMEOUT_SECONDS` for its own subscriber to hand it back.

The result is this process's queue state, "ok" or "delayed". When it changes, the process
tells its own clients, locally (not through the queue that may be down), with the
unjournaled event `live` `{"type": "queue", "op": "update", "state": …}`. While delayed,
clients show "Delayed" and fetch what they miss from the journal by joining again every
few seconds; on "ok" they join once more (a resync), so no quiet meeting stays incomplete.
`meeting:join` answers with the state too, and `/readyz` reports "degraded" (docs/realtime.md).
"""

from __future__ import annotations

import json
import logging
import os
import threading

from samskapande.extensions import socketio

log = logging.getLogger(__name__)

OK, DELAYED = "ok", "delayed"
EVENT_NAME = "live"
CHECK_SECONDS = float(os.environ.get("LIVE_QUEUE_CHECK_SECONDS", 3))
PROBE_TIMEOUT_SECONDS = min(2.0, CHECK_SECONDS)
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")

_state = {"value": OK}
_lock = threading.Lock()
_started: set[int] = set()


def state() -> str:
    """This process's queue state: "delayed" after a failed round trip, otherwise "ok"."""
    return _state["value"]


def event(value: str) -> dict:
    return {"type": "queue", "op": "update", "state": value}


def announce(value: str) -> None:
    """Tell this process's own clients the queue state (locally: the queue may be down)."""
    if socketio.server is not None:
        socketio.emit(EVENT_NAME, event(value), ignore_queue=True)


def record(ok: bool) -> bool:
    """Set the state from a round trip's outcome; True (and clients told) when it changed."""
    value = OK if ok else DELAYED
    with _lock:
        changed = _state["value"] != value
        _state["value"] = value
    if changed:
        if ok:
            log.warning("the message queue carries events again: clients resync")
        else:
            log.warning("the message queue does not carry events: clients are told 'delayed'")
        announce(value)
    return changed


def monitored_queue(app) -> str | None:
    """The Redis URL to watch, when this app shares events through one."""
    url = app.config.get("SOCKETIO_MESSAGE_QUEUE")
    manager = getattr(socketio.server, "manager", None)
    if not url or not url.startswith(REDIS_SCHEMES) or not hasattr(manager, "host_id"):
        return None
    return url


def start(app) -> None:
    """Start this process's queue monitor once (from the first meeting join)."""
    url = monitored_queue(app)
    if url is None:
        return
    with _lock:
        if id(app) in _started:
            return
        _started.add(id(app))
    socketio.start_background_task(_monitor, app, socketio.server, url)


def round_trip(manager, client, timeout: float = PROBE_TIMEOUT_SECONDS) -> bool:
    """Publish a probe that only this process's subscriber answers; True if it came back.

    The probe is a pub/sub "callback" message with this process's host id and a callback
    registered under a sid no client has, so the subscriber runs it and nothing else
    happens (python-socketio's PubSubManager protocol).
    """
    arrived = threading.Event()
    sid = f"queue-probe:{manager.host_id}"
    probe_id = manager._generate_ack_id(sid, arrived.set)
    message = {"method": "callback", "host_id": manager.host_id, "sid": sid,
               "namespace": "/", "id": probe_id, "args": []}
    try:
        client.publish(manager.channel, json.dumps(message))
        return arrived.wait(timeout)
    except Exception:
        return False
    finally:
        manager.callbacks.get(sid, {}).pop(probe_id, None)


def _monitor(app, server, url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=PROBE_TIMEOUT_SECONDS,
                                  socket_connect_timeout=PROBE_TIMEOUT_SECONDS)
    while socketio.server is server:  # the app was replaced (tests create many): stop
        try:
            record(round_trip(server.manager, client))
        except Exception:
            log.exception("queue check failed")
        socketio.sleep(CHECK_SECONDS)
    with _lock:
        _started.discard(id(app))
    client.close()
