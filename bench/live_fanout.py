"""Fan-out latency of a live meeting: N Socket.IO clients in one meeting, posts at a steady rate.

    .venv/bin/python bench/live_fanout.py --clients 1000 --seconds 20
    .venv/bin/python bench/live_fanout.py --clients 2000 --seconds 20 --processes 2

Starts `samskapande serve` (P processes sharing Redis when P > 1) on a throw-away SQLite
database with the demo round and N participants, connects N asyncio Socket.IO clients (one
event loop, each with the signed session cookie of its own participant, spread over the
processes), joins them to the demo meeting, and has them post in turn (client k % N posts
post k, so no one exceeds the rate limit) at `--rate` posts per second for `--seconds`.
Latency is from the moment a post is sent until each client (the poster included) receives
its `live` event, over every client and post. Then the same is measured against a bare
python-socketio server with the same stack (threading mode, Werkzeug, simple-websocket;
Redis with P > 1) whose handler only broadcasts. The last line is JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fix_path() -> None:
    """bench/http.py would shadow the standard library's http (requests, aiohttp, Flask
    import it), so the bench folder leaves the path and the repository comes first."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    sys.path.insert(0, str(ROOT))


# -- the bare server ------------------------------------------------------------------------

def baseline_server(port: int, queue: str | None, channel: str) -> None:
    """python-socketio alone, served like `samskapande serve`: join, and broadcast posts."""
    import socketio
    from werkzeug.serving import run_simple

    manager = socketio.RedisManager(queue, channel=channel) if queue else None
    sio = socketio.Server(async_mode="threading", client_manager=manager)

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
    run_simple("127.0.0.1", port, app, threaded=True)


# -- the app --------------------------------------------------------------------------------

def prepare(database_url: str, instance: str, clients: int) -> tuple[int, list[str]]:
    """Migrate, load the demo, add the participants; the meeting id and their cookies."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from samskapande import create_app
    from samskapande.demo import load_demo
    from samskapande.extensions import db
    from samskapande.live.models import Meeting
    from samskapande.rounds.models import Participant
    from samskapande.rounds.services import SESSION_KEY

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": instance,
                      "SECRET_KEY": "bench-secret", "SOCKETIO_MESSAGE_QUEUE": None})
    with app.app_context():
        upgrade()
        round_ = load_demo(production=False)
        db.session.commit()
        meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.round_id == round_.id))
        db.session.execute(insert(Participant), [
            {"round_id": round_.id, "resume_code": uuid.uuid4().hex[:12].upper()}
            for _ in range(clients)])
        db.session.commit()
        ids = list(db.session.scalars(select(Participant.id).where(
            Participant.round_id == round_.id).order_by(Participant.id)))[:clients]
        serializer = app.session_interface.get_signing_serializer(app)
        cookies = [serializer.dumps({SESSION_KEY: {str(round_.id): pid}}) for pid in ids]
        db.engine.dispose()
    return meeting_id, cookies


def free_ports(count: int) -> list[int]:
    import socket

    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def start(command: list[str], env: dict, port: int, log: Path) -> subprocess.Popen:
    import requests

    with open(log, "ab") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=1)
            return process
        except requests.ConnectionError:
            if process.poll() is not None:
                raise SystemExit(f"server exited: {log.read_text()[-2000:]}") from None
            time.sleep(0.2)
    raise SystemExit("server did not start")


# -- the clients ----------------------------------------------------------------------------

async def measure(urls: list[str], cookies: list[str] | None, meeting_id: int, *, clients: int,
                  seconds: float, rate: float, concurrency: int, app: bool) -> dict:
    import socketio

    loop = asyncio.get_running_loop()
    posts = max(1, int(seconds * rate))
    sent: dict[int, float] = {}
    seen: list[set[int]] = [set() for _ in range(clients)]
    latencies: list[float] = []
    duplicates = 0
    errors: list[str] = []
    received = asyncio.Event()
    expected = posts * clients

    def on_live_for(index: int):
        async def on_live(evt):
            nonlocal duplicates
            now = loop.time()
            if evt.get("type") != "message":
                return
            k = int(evt["message"]["text"].split()[1])
            if k in seen[index]:
                duplicates += 1
                return
            seen[index].add(k)
            latencies.append(now - sent[k])
            if len(latencies) == expected:
                received.set()
        return on_live

    sios = []
    gate = asyncio.Semaphore(concurrency)

    async def connect(index: int):
        sio = socketio.AsyncClient(reconnection=False)
        sio.on("live", on_live_for(index))
        headers = {"Cookie": f"session={cookies[index]}"} if cookies else {}
        async with gate:
            await sio.connect(urls[index % len(urls)], headers=headers, transports=["websocket"],
                              wait_timeout=60)
            if app:
                ack = await sio.call("meeting:join", {"meeting_id": meeting_id,
                                                      "where": "remote"}, timeout=60)
            else:
                ack = await sio.call("join", {}, timeout=60)
            if not ack.get("ok"):
                raise RuntimeError(f"join refused: {ack}")
        sios.append(sio)

    started = time.monotonic()
    await asyncio.gather(*(connect(i) for i in range(clients)))
    connect_seconds = time.monotonic() - started
    await asyncio.sleep(3)  # let joins, presence pushes and warm-up settle

    async def post(k: int):
        sender = sios[k % clients]
        sent[k] = loop.time()
        name = "meeting:post" if app else "post"
        data = {"meeting_id": meeting_id, "text": f"bench {k} hej från Näsåker"}
        try:
            ack = await sender.call(name, data, timeout=30)
            if not ack.get("ok"):
                errors.append(ack.get("error", "?"))
        except Exception as error:  # noqa: BLE001 - counted and reported
            errors.append(repr(error))

    begin = loop.time()
    tasks = []
    for k in range(posts):
        await asyncio.sleep(max(0.0, begin + k / rate - loop.time()))
        tasks.append(asyncio.create_task(post(k)))
    await asyncio.gather(*tasks)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(received.wait(), timeout=15)
    await asyncio.gather(*(sio.disconnect() for sio in sios), return_exceptions=True)
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float:
        return round(ms[min(len(ms) - 1, int(p / 100 * len(ms)))], 1) if ms else float("nan")

    return {"posts": posts, "deliveries": len(ms), "lost": expected - len(ms),
            "duplicates": duplicates, "post_errors": len(errors),
            "first_errors": errors[:3], "connect_seconds": round(connect_seconds, 1),
            "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
            "max_ms": round(ms[-1], 1) if ms else None,
            "mean_ms": round(statistics.fmean(ms), 1) if ms else None}


def run(args) -> dict:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # a socket per client, both ends
    queue = args.redis if args.processes > 1 else None
    channel = f"bench-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        meeting_id, cookies = prepare(database_url, tmp, args.clients)
        env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench-secret",
               "SAMSKAPANDE_INSTANCE_PATH": tmp, "HOST": "127.0.0.1",
               "SOCKETIO_MESSAGE_QUEUE": queue or "", "SOCKETIO_CHANNEL": channel}
        results = {}
        for name in ("app", "baseline"):
            ports = free_ports(args.processes)
            processes = []
            try:
                for port in ports:
                    if name == "app":
                        command = [sys.executable, "-c",
                                   "from samskapande.cli import main; main()", "serve"]
                    else:
                        command = [sys.executable, __file__, "--baseline-server", str(port),
                                   "--redis", queue or "", "--channel", channel + "-base"]
                    processes.append(start(command, {**env, "PORT": str(port)}, port,
                                           Path(tmp) / f"{name}-{port}.log"))
                urls = [f"http://127.0.0.1:{port}" for port in ports]
                load_before = os.getloadavg()[0]
                results[name] = asyncio.run(measure(
                    urls, cookies if name == "app" else None, meeting_id, clients=args.clients,
                    seconds=args.seconds, rate=args.rate, concurrency=args.concurrency,
                    app=name == "app"))
                results[name]["load_1min"] = [round(load_before, 2),
                                              round(os.getloadavg()[0], 2)]
            finally:
                for process in processes:
                    process.terminate()
                for process in processes:
                    try:
                        process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        process.kill()
            print(name, json.dumps(results[name]), flush=True)
    app, base = results["app"], results["baseline"]
    return {"clients": args.clients, "processes": args.processes, "rate": args.rate,
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
