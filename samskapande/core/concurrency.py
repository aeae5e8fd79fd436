"""How this process runs concurrent work: gevent's greenlets, or threads.

`samskapande serve` and `gunicorn -k gevent` run the app under gevent: the standard
library is monkey-patched before the app is imported, and every connection, WebSocket and
background task is a greenlet of one OS thread. A broadcast to a meeting then writes to
a thousand sockets in one loop instead of waking a thousand writer threads that take
turns on the GIL (bench/README.md: the fan-out's p99 fell from ~420 ms to under 100 ms).
Everything else (the tests' in-process servers, `flask run`, gunicorn's thread workers)
uses threads, and so does Socket.IO there.

Under gevent, work that keeps the CPU busy for long stalls every socket of the process,
so such work goes through `offload`: it runs in a native thread and only the greenlet
that asked for it waits.
"""

from __future__ import annotations

import gc
import os
import sys


def is_green() -> bool:
    """True when gevent has patched this process (sockets, threads and time)."""
    if "gevent.monkey" not in sys.modules:  # patching imports it; not imported: not patched
        return False
    from gevent import monkey

    return monkey.is_module_patched("socket") and monkey.is_module_patched("threading")


def socketio_async_mode() -> str:
    """Flask-SocketIO's async mode for this process (never its own guess: it would pick
    gevent merely because gevent is installed, in a process that was not patched)."""
    return "gevent" if is_green() else "threading"


def offload(function, *args, **kwargs):
    """Call `function` without stalling other greenlets: under gevent in a native thread
    of gevent's pool (the greenlet that calls waits), otherwise directly.

    Only for self-contained work (computing, hashing): no database session, no sockets,
    no Flask context, since those belong to the calling greenlet.
    """
    if not is_green():
        return function(*args, **kwargs)
    from gevent import get_hub

    return get_hub().threadpool.apply(function, args, kwargs)


# Collect the youngest generation every 20,000 allocations instead of 700: what a post or a
# request allocates mostly dies before that, so less of it is promoted into the oldest
# generation, whose collections walk every object of every open connection (~400 each:
# ~0.3 s at 1,000 sockets, during which no socket is served).
GC_THRESHOLDS = (20_000, 20, 10)


def settle_server() -> None:
    """Tune the garbage collector for a process that holds many sockets (bench/README.md).

    Everything loaded so far (modules, the app, its configuration) lives as long as the
    process: `gc.freeze()` takes it out of every later collection. Called by `samskapande
    serve` and `samskapande.wsgi` once the app is created.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


GREEN_BOOT = ("from gevent import monkey; monkey.patch_all(); "
              "from samskapande.cli import main; main()")


def exec_green(arguments: list[str]) -> None:
    """Replace this process by the same command with gevent's patches applied first, before
    anything of the app is imported (patching later leaves locks and sockets that were
    created unpatched). The process keeps its id, environment and open descriptors."""
    os.execv(sys.executable, [sys.executable, "-c", GREEN_BOOT, *arguments])  # noqa: S606
