"""What the live-meeting benches share: a demo meeting with N participants, `samskapande
serve` processes, and client processes that connect, join and report to the bench.

Used by bench/live_fanout.py and bench/live_burst.py. The clients of one process share an
asyncio loop; the processes talk to the bench through two queues, stage by stage (the
bench `gather`s one message from every process, then `tell`s each of them one answer), so a
bench can run several phases with a barrier between them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fix_path() -> None:
    """bench/http.py would shadow the standard library's http (requests, aiohttp, Flask
    import it), so the bench folder leaves the path and the repository comes first."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    sys.path.insert(0, str(ROOT))


def raise_file_limit() -> None:
    """A socket per client, at both ends."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# -- the meeting ----------------------------------------------------------------------------

def prepare(database_url: str, instance: str, clients: int,
            setup=None) -> tuple[int, list[str], object]:
    """Migrate, load the demo, add the participants: the meeting id, their cookies, and
    what `setup(round_, meeting_id, participant_ids)` returns (it runs in the app context,
    and is committed, before the clients come)."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from samskapande import create_app
    from samskapande.core.identity import SESSION_KEY
    from samskapande.demo import load_demo
    from samskapande.extensions import db
    from samskapande.live.models import Meeting
    from samskapande.rounds.models import Participant

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "INSTANCE_PATH": instance,
                      "SECRET_KEY": "bench-secret", "SOCKETIO_MESSAGE_QUEUE": None})
    extra = None
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
        if setup is not None:
            extra = setup(round_, meeting_id, ids)
            db.session.commit()
        serializer = app.session_interface.get_signing_serializer(app)
        cookies = [serializer.dumps({SESSION_KEY: {str(round_.id): pid}}) for pid in ids]
        db.engine.dispose()
    return meeting_id, cookies, extra


def server_env(database_url: str, instance: str, queue: str | None, channel: str) -> dict:
    """The environment of `samskapande serve` on the bench's database (the run's rate limits
    under a prefix of its own: participant ids repeat between runs' databases)."""
    return {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench-secret",
            "SAMSKAPANDE_INSTANCE_PATH": instance, "HOST": "127.0.0.1",
            "SOCKETIO_MESSAGE_QUEUE": queue or "", "SOCKETIO_CHANNEL": channel,
            "RATE_LIMIT_KEY_PREFIX": f"{channel}:rate"}


APP_COMMAND = [sys.executable, "-c", "from samskapande.cli import main; main()", "serve"]


# -- the servers ----------------------------------------------------------------------------

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
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out,  # noqa: S603
                                   stderr=subprocess.STDOUT)
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


def peak_rss_mb(process: subprocess.Popen) -> float | None:
    """The process's peak resident memory so far (Linux), in MB."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


@contextlib.contextmanager
def serving(command_for, env: dict, count: int, logs: Path, name: str):
    """`count` server processes, `command_for(port)` each; yields (urls, processes) and
    stops them afterwards."""
    ports = free_ports(count)
    processes = []
    try:
        for port in ports:
            processes.append(start(command_for(port), {**env, "PORT": str(port)}, port,
                                   logs / f"{name}-{port}.log"))
        yield [f"http://127.0.0.1:{port}" for port in ports], processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


# -- the clients ----------------------------------------------------------------------------

async def connect_clients(plan: dict, indices: list[int], on_event_for, on_live_for=None,
                          join=None) -> tuple[dict, float]:
    """Connect the clients `indices` (`plan["concurrency"]` at a time), each with its
    cookie, spread over `plan["urls"]`, and join them: `join` is (event, data), the demo
    meeting by default. Returns the clients by index and the seconds it took.

    `on_event_for(index)` is the lean client's handler `(name, data, arrival time)`;
    `on_live_for(index)` python-socketio's for `live`, with `plan["client"] ==
    "python-socketio"`.
    """
    import socketio

    from bench._lean_client import LeanClient

    name, data = join or ("meeting:join", {"meeting_id": plan["meeting_id"], "where": "remote"})
    sios: dict[int, object] = {}
    gate = asyncio.Semaphore(plan.get("concurrency", 50))

    async def connect(index: int):
        cookie = plan["cookies"][index] if plan.get("cookies") else None
        headers = {"Cookie": f"session={cookie}"} if cookie else {}
        url = plan["urls"][index % len(plan["urls"])]
        async with gate:
            if plan.get("client", "lean") == "lean":
                sio = LeanClient(on_event_for(index), deflate=plan.get("deflate", False))
                await sio.connect(url, headers=headers, timeout=60)
            else:
                sio = socketio.AsyncClient(reconnection=False)
                sio.on("live", on_live_for(index))
                await sio.connect(url, headers=headers, transports=["websocket"],
                                  wait_timeout=60)
            ack = await sio.call(name, data, timeout=60)
            if not ack.get("ok"):
                raise RuntimeError(f"join refused: {ack}")
        sios[index] = sio

    started = time.monotonic()
    await asyncio.gather(*(connect(i) for i in indices))
    return sios, time.monotonic() - started


async def disconnect_all(sios: dict) -> None:
    await asyncio.gather(*(sio.disconnect() for sio in sios.values()), return_exceptions=True)


class Link:
    """A client process's side of the queues: `ask` reports and waits for the bench's answer."""

    def __init__(self, up, down):
        self.up, self.down = up, down

    async def ask(self, message):
        self.up.put(message)
        return await asyncio.get_running_loop().run_in_executor(None, self.down.get)


def _worker(loop_fn, plan, indices, up, down) -> None:
    fix_path()
    try:
        result = asyncio.run(loop_fn(plan, indices, Link(up, down)))
    except BaseException as error:  # report it instead of leaving the others waiting
        up.put({"failed": f"{type(error).__name__}: {error}"})
        raise
    up.put(result)


class Crew:
    """Client processes, each running `loop_fn(plan, indices, link)` in its own loop over
    every `workers`-th client."""

    def __init__(self, loop_fn, plan: dict, workers: int):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.up, self.down = context.Queue(), context.Queue()
        shares = [list(range(w, plan["clients"], workers)) for w in range(workers)]
        self.processes = [context.Process(target=_worker,
                                          args=(loop_fn, plan, share, self.up, self.down))
                          for share in shares]
        for process in self.processes:
            process.start()

    def gather(self, what: str, timeout: float = 900) -> list:
        """One message from every process (they are all at the same stage)."""
        messages = [self.up.get(timeout=timeout) for _ in self.processes]
        failed = [m["failed"] for m in messages if isinstance(m, dict) and "failed" in m]
        if failed:
            self.kill()
            raise SystemExit(f"{what}: a client process failed: {failed}")
        return messages

    def tell(self, message) -> None:
        """The same answer to every process."""
        for _ in self.processes:
            self.down.put(message)

    def join(self) -> None:
        for process in self.processes:
            process.join(timeout=30)

    def kill(self) -> None:
        for process in self.processes:
            process.kill()
