"""Run by tests/core/test_sqlite_gevent.py as its own process, patched by gevent as
`samskapande serve` is: one greenlet writes to the database (whose write lock the test
holds) while another ticks every 10 ms. Prints "ready" before writing, then one JSON line:
how long the write waited, how often the other greenlet ticked meanwhile, and the longest
pause between two ticks."""

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from samskapande import create_app  # noqa: E402
from samskapande.areas.models import Organisation  # noqa: E402
from samskapande.core.transaction import unit_of_work  # noqa: E402
from samskapande.extensions import db  # noqa: E402


def main(database_url: str, instance: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": instance,
                      "SECRET_KEY": "green-writer", "SOCKETIO_MESSAGE_QUEUE": None})
    ticks: list[float] = []
    done = False

    def tick():
        while not done:
            ticks.append(time.monotonic())
            gevent.sleep(0.01)

    def write() -> dict:
        with app.app_context():
            db.session.scalar(select(func.count(Organisation.id)))  # reads first, as a handler does
            print("ready", flush=True)
            started = time.monotonic()
            try:
                with unit_of_work():
                    db.session.add(Organisation(name="Gröna kommunen", kind="municipality"))
            except Exception as error:  # reported, not raised: the test reads the line
                return {"error": str(error)}
            return {"started": started, "finished": time.monotonic()}

    ticker = gevent.spawn(tick)
    gevent.sleep(0.05)
    result = gevent.spawn(write).get()
    gevent.sleep(0.05)
    done = True
    ticker.join()
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    if "error" not in result:
        started, finished = result.pop("started"), result.pop("finished")
        result["waited"] = finished - started
        result["ticks_while_waiting"] = sum(started <= t <= finished for t in ticks)
    print(json.dumps({**result, "max_gap": max(gaps)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
