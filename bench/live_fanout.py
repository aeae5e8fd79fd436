"""Fan-out latency of a live meeting: N Socket.IO clients in one meeting, posts at a steady rate.

    .venv/bin/python bench/live_fanout.py --clients 1000 --seconds 20
    .venv/bin/python bench/live_fanout.py --clients 2000 --seconds 20 --processes 2

Starts `samskapande serve` (gevent; P processes sharing Redis when P > 1) on a throw-away
SQLite database with the demo round and N participants, connects N Socket.IO clients over
WebSocket (one asyncio loop; `--client-processes K` spreads them over K), each with the
signed session cookie of its own participant, spread over the server processes, joins them
to the demo meeting, and has them post in turn (client k % N posts post k, so no one
exceeds the rate limit) at `--rate` posts per second for `--seconds`. Latency is from the
moment a post is sent until each client (the poster included) receives its `live` event,
over every client and post. Then the same is measured against a bare python-socketio server
with the same stack (gevent, its WSGI server, simple-websocket; Redis with P > 1) whose
handler only broadcasts. The last line is JSON.

The clients are `bench/_lean_client.py` (the protocol and little else, so that a thousand of
them in one Python process do not queue up behind each other) unless `--client
python-socketio` asks for python-socketio's AsyncClient.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

# Run as a script: the repository first on the path instead of bench/ (see _live.fix_path).
_BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _BENCH]
sys.path.insert(0, str(_BENCH.parent))

from bench._live import (  # noqa: E402
    APP_COMMAND,
    Crew,
    connect_clients,
    disconnect_all,
    fix_path,
    prepare,
    raise_file_limit,
    server_env,
    serving,
)

# -- the bare server ------------------------------------------------------------------------

def baseline_server(port: int, queue: str | None, channel: str) -> None:
    """python-socketio alone, served like `samskapande serve` (gevent, its WSGI server,
    simple-websocket): join, and broadcast posts. Started by BASELINE_BOOT, which applies
    gevent's patches before anything is imported, as `samskapande serve` does."""
    import socketio
    from gevent import pywsgi

    manager = socketio.RedisManager(queue, channel=channel) if queue else None
    sio = socketio.Server(async_mode="gevent", client_manager=manager)

    @sio.on("join")
    def join(sid, _data):
        sio.enter_room(sid, "meeting")
        return {"ok": True}

    @sio.on("post")
    def post(_sid, data):
        sio.emit("live", {"type": "message", "op": "add", "message": {"text": data["text"]}},
                 to="meeting")
        return {"ok": True}

    app = socketio.WSGIApp(sio, lambda env, start: (start("200 OK", []), [b"ok"])[1])
    pywsgi.WSGIServer(("127.0.0.1", port), app, log=None).serve_forever()


BASELINE_BOOT = ("from gevent import monkey; monkey.patch_all(); "
                 "from bench.live_fanout import main; main()")


# -- the clients ----------------------------------------------------------------------------

async def clients_loop(plan: dict, indices: list[int], link) -> dict:
    """One event loop with the clients `indices`: connect and join, wait for the start
    time, post the posts whose poster is one of them, record every receipt."""
    app, clients, rate, posts = plan["app"], plan["clients"], plan["rate"], plan["posts"]
    sent: dict[int, float] = {}
    seen: dict[int, set[int]] = {i: set() for i in indices}
    receipts: list[tuple[int, float]] = []
    duplicates, errors = 0, []
    done = asyncio.Event()
    expected = posts * len(indices)

    def receive(index: int, evt: dict, now: float) -> None:
        nonlocal duplicates
        if evt.get("type") != "message":
            return
        k = int(evt["message"]["text"].split()[1])
        if k in seen[index]:
            duplicates += 1
            return
        seen[index].add(k)
        receipts.append((k, now))
        if len(receipts) == expected:
            done.set()

    def on_live_for(index: int):
        async def on_live(evt):
            receive(index, evt, time.monotonic())  # one clock for all processes here
        return on_live

    def on_event_for(index: int):
        def on_event(name, evt, now):
            if name == "live":
                receive(index, evt, now)
        return on_event

    sios, connect_seconds = await connect_clients(
        plan, indices, on_event_for, on_live_for, join=None if app else ("join", {}))
    start_at = await link.ask("ready")

    async def post(k: int):
        await asyncio.sleep(max(0.0, start_at + k / rate - time.monotonic()))
        sent[k] = time.monotonic()
        data = {"meeting_id": plan["meeting_id"], "text": f"bench {k} hej från Näsåker"}
        try:
            ack = await sios[k % clients].call("meeting:post" if app else "post", data,
                                               timeout=30)
            if not ack.get("ok"):
                errors.append(ack.get("error", "?"))
        except Exception as error:  # noqa: BLE001 - counted and reported
            errors.append(repr(error))

    mine = set(indices)
    await asyncio.gather(*(post(k) for k in range(posts) if k % clients in mine))
    left = start_at + posts / rate + 15 - time.monotonic()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), timeout=max(1.0, left))
    await disconnect_all(sios)
    return {"sent": sent, "receipts": receipts, "duplicates": duplicates, "errors": errors,
            "connect_seconds": connect_seconds}


def measure(plan: dict, workers: int) -> dict:
    """Run the clients in `workers` processes (one event loop each) and combine."""
    crew = Crew(clients_loop, plan, workers)
    crew.gather("clients could not connect and join")
    crew.tell(time.monotonic() + 3)  # let joins and presence pushes settle
    parts = crew.gather("posting")
    crew.join()
    sent = {k: t for part in parts for k, t in part["sent"].items()}
    ms = sorted((t - sent[k]) * 1000 for part in parts for k, t in part["receipts"] if k in sent)
    slowest: dict[int, float] = {}  # per post, its last delivery: which posts make the tail
    for part in parts:
        for k, t in part["receipts"]:
            if k in sent:
                slowest[k] = max(slowest.get(k, 0.0), (t - sent[k]) * 1000)
    errors = [e for part in parts for e in part["errors"]]
    expected = plan["posts"] * plan["clients"]

    def pct(p: float) -> float:
        return round(ms[min(len(ms) - 1, int(p / 100 * len(ms)))], 1) if ms else float("nan")

    return {"posts": plan["posts"], "deliveries": len(ms), "lost": expected - len(ms),
            "duplicates": sum(part["duplicates"] for part in parts),
            "post_errors": len(errors), "first_errors": errors[:3],
            "connect_seconds": round(max(part["connect_seconds"] for part in parts), 1),
            "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
            "max_ms": round(ms[-1], 1) if ms else None,
            "mean_ms": round(statistics.fmean(ms), 1) if ms else None,
            "slowest_posts_ms": {k: round(v) for k, v in
                                 sorted(slowest.items(), key=lambda kv: -kv[1])[:3]}}


def run(args) -> dict:
    raise_file_limit()
    queue = args.redis if args.processes > 1 else None
    channel = f"bench-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        meeting_id, cookies, _ = prepare(database_url, tmp, args.clients)
        env = server_env(database_url, tmp, queue, channel)
        results = {}
        for name in ("app", "baseline"):
            def command_for(port: int, name=name) -> list[str]:
                if name == "app":
                    return APP_COMMAND
                return [sys.executable, "-c", BASELINE_BOOT, "--baseline-server", str(port),
                        "--redis", queue or "", "--channel", channel + "-base"]

            with serving(command_for, env, args.processes, Path(tmp), name) as (urls, _):
                load_before = os.getloadavg()[0]
                plan = {"app": name == "app", "urls": urls, "meeting_id": meeting_id,
                        "cookies": cookies if name == "app" else None,
                        "clients": args.clients, "rate": args.rate,
                        "posts": max(1, int(args.seconds * args.rate)),
                        "concurrency": args.concurrency, "client": args.client,
                        "deflate": args.deflate}
                results[name] = measure(plan, args.client_processes)
                results[name]["load_1min"] = [round(load_before, 2),
                                              round(os.getloadavg()[0], 2)]
            print(name, json.dumps(results[name]), flush=True)
    app, base = results["app"], results["baseline"]
    return {"clients": args.clients, "processes": args.processes, "rate": args.rate,
            "client": args.client, "deflate": args.deflate,
            "client_processes": args.client_processes,
            "seconds": args.seconds, "p50_ms": app["p50_ms"], "p95_ms": app["p95_ms"],
            "p99_ms": app["p99_ms"], "baseline_p99_ms": base["p99_ms"],
            "ratio_p99": round(app["p99_ms"] / base["p99_ms"], 2) if base["p99_ms"] else None,
            "lost": app["lost"] + app["duplicates"], "baseline_lost": base["lost"],
            "post_errors": app["post_errors"], "load_1min": round(os.getloadavg()[0], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--rate", type=float, default=2.0, help="posts per second")
    parser.add_argument("--concurrency", type=int, default=50, help="clients connecting at once")
    parser.add_argument("--client-processes", type=int, default=1,
                        help="event loops (processes) the clients are spread over")
    parser.add_argument("--client", choices=("lean", "python-socketio"), default="lean",
                        help="the measuring clients: a lean protocol client (bench/_lean_client.py)"
                             " or python-socketio's AsyncClient")
    parser.add_argument("--deflate", action="store_true",
                        help="lean clients offer permessage-deflate, as browsers do")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL",
                                                          "redis://127.0.0.1:6379/14"))
    parser.add_argument("--baseline-server", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--channel", default="bench", help=argparse.SUPPRESS)
    args = parser.parse_args()
    fix_path()
    if args.baseline_server:
        baseline_server(args.baseline_server, args.redis or None, args.channel)
        return
    print(json.dumps(run(args)))


if __name__ == "__main__":
    main()
