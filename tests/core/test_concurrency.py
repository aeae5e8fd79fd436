"""Greenlets or threads: what serves the sockets, and work that must not stall them."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

from samskapande.core.concurrency import offload, socketio_async_mode
from samskapande.extensions import socketio

# Under gevent: a ticking greenlet, and half a second of hashing done in the hub's own
# thread ("direct") or through offload. How long did the ticks stop?
GREEN_SCRIPT = """
from gevent import monkey; monkey.patch_all()
import hashlib, json, time
import gevent
from samskapande.core.concurrency import is_green, offload, socketio_async_mode

def busy():
    return hashlib.pbkdf2_hmac("sha256", b"hemligt", b"salt", 2_000_000)

expected = busy()
gaps = {}
for how in ("direct", "offload"):
    ticks = []
    def tick():
        while True:
            ticks.append(time.monotonic())
            gevent.sleep(0.01)
    ticker = gevent.spawn(tick)
    gevent.sleep(0.05)
    result = busy() if how == "direct" else offload(busy)
    gevent.sleep(0.05)
    ticker.kill()
    assert result == expected
    gaps[how] = max(b - a for a, b in zip(ticks, ticks[1:]))
print(json.dumps({"green": is_green(), "mode": socketio_async_mode(), "gaps": gaps}))
"""


def test_a_process_that_gevent_did_not_patch_uses_threads(app):
    assert socketio_async_mode() == "threading"
    assert socketio.server.eio.async_mode == "threading"
    caller = threading.get_ident()
    assert offload(lambda x: (x * 2, threading.get_ident()), 21) == (42, caller)


def test_under_gevent_offloaded_work_does_not_stall_the_other_greenlets():
    done = subprocess.run([sys.executable, "-c", GREEN_SCRIPT],  # noqa: S603
                          capture_output=True, text=True, timeout=120, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["green"] and report["mode"] == "gevent"
    direct, offloaded = report["gaps"]["direct"], report["gaps"]["offload"]
    # Hashing in the hub's thread stops every greenlet (every socket) until it is done;
    # offloaded, the others keep running.
    assert direct > 0.25, report
    assert offloaded < direct / 3, report
