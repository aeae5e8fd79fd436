"""Counts that change in bursts, broadcast as their latest state a few times a second.

When a facilitator says "svara nu", a whole room answers a quick poll or upvotes the same
question within seconds. Journaling and broadcasting the whole poll after every single
answer makes N answers N² deliveries, and every answer then waits for the stream's
counter row. Instead a service that changes such a count calls `changed(key, flush)` in
its transaction. After the commit, `flush` (which journals the current state as one event)
runs in its own unit of work: at once when the key has been quiet for INTERVAL seconds,
otherwise when INTERVAL has passed since the last flush, and always once more after the
last change. A flush takes the stream's next number before it reads the state, so a state
with a higher number counts every change committed before the lower one was read; the
last state journaled after a burst counts every committed change, on SQLite and on
PostgreSQL, where changes commit concurrently, and with several server processes (each
process flushes what it committed, all numbered in one stream).

Flushes run as background tasks of the Socket.IO server (greenlets under gevent, threads
otherwise); `settle()` waits for them (tests, and a process that is about to stop).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from flask import current_app

from samskapande.core.transaction import after_commit, unit_of_work
from samskapande.extensions import socketio

log = logging.getLogger(__name__)

INTERVAL = 0.25  # seconds between two states of the same count while it changes


@dataclass
class _Key:
    dirty: bool = True  # changed since the last flush read it
    last: float = float("-inf")  # monotonic time of the last flush


_keys: dict[Hashable, _Key] = {}  # the keys whose task is waiting for its turn or flushing
_lock = threading.Lock()


def changed(key: Hashable, flush: Callable[[], None]) -> None:
    """Once the current transaction commits, have `flush` journal the state of `key` soon.

    `flush` runs in an app context and a unit of work of its own; it reads the state it
    journals itself (never a value the caller computed). Nothing happens on a rollback.
    """
    app = current_app._get_current_object()
    after_commit(lambda: _touch(app, key, flush))


def _touch(app, key: Hashable, flush: Callable[[], None]) -> None:
    with _lock:
        if key in _keys:
            _keys[key].dirty = True  # the waiting (or running) task flushes again after it
            return
        _keys[key] = _Key()
    if socketio.server is None:  # no server to run tasks, and no one listening (a command)
        with _lock:
            _keys.pop(key, None)
        with app.app_context(), unit_of_work():
            flush()
        return
    socketio.start_background_task(_run, app, key, flush)


def _run(app, key: Hashable, flush: Callable[[], None]) -> None:
    state = _keys[key]
    try:
        while True:
            with _lock:
                wait = state.last + INTERVAL - time.monotonic()
            if wait > 0:
                socketio.sleep(wait)
            with _lock:
                if not state.dirty:  # quiet for INTERVAL since the last state: done
                    _keys.pop(key, None)
                    return
                state.dirty = False  # a change committed from now on is flushed again
            try:
                with app.app_context(), unit_of_work():
                    flush()
            except Exception:  # the next change tries again
                log.exception("could not journal the state of %r", key)
            with _lock:
                state.last = time.monotonic()
    except BaseException:  # the task was killed: the next change starts a new one
        with _lock:
            _keys.pop(key, None)
        raise


def settle(timeout: float = 5.0) -> bool:
    """Wait until every pending flush of this process has run; False on a timeout."""
    deadline = time.monotonic() + timeout
    while True:
        with _lock:
            if not _keys:
                return True
        if time.monotonic() > deadline:
            return False
        socketio.sleep(0.01)
