"""A whole room acting at once in a live meeting: everyone answers a quick poll, then everyone
upvotes a question, within a few seconds.

    .venv/bin/python bench/live_burst.py --clients 300
    .venv/bin/python bench/live_burst.py --clients 1000 --processes 2
    .venv/bin/python bench/live_burst.py --clients 300 \\
        --database-url postgresql://postgres@127.0.0.1:5432/postgres

Starts `samskapande serve` (gevent; P processes sharing Redis when P > 1) on a throw-away
database (SQLite, or a PostgreSQL database created on the given server and dropped after)
with the demo round, N participants, an open single-choice quick poll with five options in
the demo meeting and one visible question, put by one of the participants. N clients
(bench/_lean_client.py, in `--client-processes` processes) join the meeting with their
participants' session cookies. Then two phases, one after the other:

1. every client answers the poll once (`poll:answer`, one option, chosen at random), the
   answers spread evenly over `--window` seconds in a random order;
2. every client upvotes the question (`meeting:upvote`) the same way.

Measured per phase: the ack latency of every answer (send to ack); the lag from the moment
the last answer is sent until each client has received an event whose count (the poll's
`total`, the question's `votes`) equals the true count (what the database holds once
every ack is in), as p99 over clients; the events of that type each client received; the
refused acks by their error text; and the clients that never saw the true count within
`--timeout` seconds (`lost`). The server may send one event per answer or fewer (coalesced
states), in any order: a client has the final count when any event it received carries it.
The last line is JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import statistics
import sys
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
    peak_rss_mb,
    prepare,
    raise_file_limit,
    server_env,
    serving,
)

OPTIONS = ["Måndag kväll", "Tisdag kväll", "Onsdag eftermiddag", "Lördag förmiddag",
           "Digitalt, när det passar"]
QUESTION = "Kan bussen till vårdcentralen i Ramsele gå även på lördagar?"

# The two phases: the socket event, what the client counts (event type) and the count's name.
PHASES = {
    "poll": {"event": "poll:answer", "type": "poll"},
    "upvote": {"event": "meeting:upvote", "type": "message"},
}


# -- the meeting ----------------------------------------------------------------------------

def set_up_meeting(round_, meeting_id: int, participant_ids: list[int]) -> dict:
    """An open quick poll with five options and a visible question of the first participant,
    made by the app's services as the demo facilitator would."""
    from sqlalchemy import select

    from samskapande.accounts.models import Role, User
    from samskapande.extensions import db
    from samskapande.live import services
    from samskapande.live.models import Meeting, MessageKind, MessageStatus, PollKind
    from samskapande.rounds.models import Participant

    meeting = db.session.get(Meeting, meeting_id)
    facilitator = db.session.scalars(select(User).where(User.role == Role.FACILITATOR)
                                     .order_by(User.id)).first()
    poll = services.create_poll(meeting, facilitator, question="När passar nästa möte bäst?",
                                kind=PollKind.SINGLE, options=OPTIONS)
    services.open_poll(poll, facilitator)
    asker = db.session.get(Participant, participant_ids[0])
    message = services.post_message(meeting, participant=asker, kind=MessageKind.QUESTION,
                                    text=QUESTION)
    if message.status != MessageStatus.VISIBLE:  # a pre-moderated meeting
        services.approve_message(message, facilitator)
    return {"poll_id": poll.id, "option_ids": [option.id for option in poll.options],
            "message_id": message.id}


class Tally:
    """What the bench reads from the database itself: the true counts and the journal."""

    def __init__(self, database_url: str, meeting_id: int):
        from sqlalchemy import create_engine

        self.engine = create_engine(database_url)
        self.meeting_id = meeting_id

    def _count(self, table, *where) -> int:
        from sqlalchemy import func, select

        with self.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(table).where(*where))

    def truth(self, phase: str, target: int) -> int:
        from samskapande.live.models import PollBallot, QuestionVote

        if phase == "poll":
            return self._count(PollBallot.__table__, PollBallot.poll_id == target)
        return self._count(QuestionVote.__table__, QuestionVote.message_id == target)

    def journal_rows(self) -> int:
        from samskapande.realtime.models import LiveEvent

        return self._count(LiveEvent.__table__, LiveEvent.meeting_id == self.meeting_id)

    def close(self) -> None:
        self.engine.dispose()


# -- the clients ----------------------------------------------------------------------------

class Seen:
    """Per client and event type: how many events, how many older than one already seen, and
    the highest count seen with the moment it first arrived (counts only grow in a phase, so
    the true count is the highest one)."""

    def __init__(self):
        self.events = 0
        self.older = 0
        self.last_seq = 0
        self.best = -1
        self.best_at = None

    def note(self, seq: int, value: int | None, now: float) -> None:
        self.events += 1
        if seq < self.last_seq:
            self.older += 1
        self.last_seq = max(self.last_seq, seq)
        if value is not None and value > self.best:
            self.best, self.best_at = value, now


async def burst_loop(plan: dict, indices: list[int], link) -> dict:
    """One event loop with the clients `indices`: connect and join, then the two phases,
    each started, and closed, by the bench."""
    seen = {kind: {i: Seen() for i in indices} for kind in ("poll", "message")}
    poll_id, message_id = plan["poll_id"], plan["message_id"]

    def on_event_for(index: int):
        def on_event(name, evt, now):
            if name != "live" or not isinstance(evt, dict):
                return
            kind = evt.get("type")
            if kind == "poll":
                poll = evt.get("poll") or {}
                value = poll.get("total") if poll.get("id") == poll_id else None
            elif kind == "message":
                message = evt.get("message") or {}
                value = message.get("votes") if message.get("id") == message_id else None
            else:
                return
            seen[kind][index].note(evt.get("seq", 0), value, now)
        return on_event

    sios, connect_seconds = await connect_clients(plan, indices, on_event_for)
    start_at = await link.ask({"connect_seconds": connect_seconds})
    for phase, spec in PHASES.items():
        result = await run_phase(plan, phase, spec, indices, sios, seen[spec["type"]],
                                 start_at, link)
        start_at = await link.ask(result)
    await disconnect_all(sios)
    return {}


async def run_phase(plan, phase, spec, indices, sios, seen, start_at, link) -> dict:
    """Send every client's one action at its moment, wait for the acks, learn the true count
    from the bench, and wait until every client has seen it (or the deadline)."""
    acks_ms: list[float] = []
    refusals: collections.Counter[str] = collections.Counter()
    no_ack: collections.Counter[str] = collections.Counter()
    sent: list[float] = []
    spacing = plan["window"] / plan["clients"]

    async def act(index: int):
        position = plan["positions"][phase][index]
        await asyncio.sleep(max(0.0, start_at + position * spacing - time.monotonic()))
        if phase == "poll":
            data = {"poll_id": plan["poll_id"], "option_ids": [plan["choices"][index]]}
        else:
            data = {"message_id": plan["message_id"]}
        began = time.monotonic()
        sent.append(began)
        try:
            ack = await sios[index].call(spec["event"], data, timeout=plan["timeout"])
        except Exception as error:  # noqa: BLE001 - counted and reported
            no_ack[type(error).__name__] += 1
            return
        acks_ms.append((time.monotonic() - began) * 1000)
        if not ack.get("ok"):
            refusals[str(ack.get("error", "?"))] += 1

    await asyncio.gather(*(act(i) for i in indices))
    told = await link.ask({"last_sent": max(sent, default=0.0), "accepted": len(acks_ms) - sum(
        refusals.values())})
    truth, deadline = told["truth"], told["deadline"]
    while time.monotonic() < deadline and any(seen[i].best != truth for i in indices):
        await asyncio.sleep(0.05)
    return {"acks_ms": acks_ms, "refusals": dict(refusals), "no_ack": dict(no_ack),
            "final_at": [seen[i].best_at if seen[i].best == truth else None for i in indices],
            "events": [seen[i].events for i in indices],
            "older": sum(seen[i].older for i in indices)}


# -- the bench ------------------------------------------------------------------------------

def pct(values: list[float], p: float) -> float | None:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1) if ordered \
        else None


def run_phases(crew: Crew, tally: Tally, plan: dict, timeout: float) -> dict:
    """Both phases, each: start it, wait for every ack, tell the true count, gather."""
    measured = {}
    rows = tally.journal_rows()
    crew.tell(time.monotonic() + 3)  # let joins and presence pushes settle
    for phase in PHASES:
        reports = crew.gather(f"{phase}: acting")
        last_sent = max(report["last_sent"] for report in reports)
        target = plan["poll_id"] if phase == "poll" else plan["message_id"]
        truth = tally.truth(phase, target)
        crew.tell({"truth": truth, "deadline": last_sent + timeout})
        parts = crew.gather(f"{phase}: waiting for the final count")
        rows_after = tally.journal_rows()
        measured[phase] = summarise(parts, last_sent, truth,
                                    sum(report["accepted"] for report in reports),
                                    rows_after - rows)
        rows = rows_after
        crew.tell(time.monotonic() + 1 if phase == "poll" else None)
    return measured


def summarise(parts: list[dict], last_sent: float, truth: int, accepted: int,
              journal_rows: int) -> dict:
    acks = [ms for part in parts for ms in part["acks_ms"]]
    finals = [at for part in parts for at in part["final_at"]]
    lags = [max(0.0, at - last_sent) * 1000 for at in finals if at is not None]
    lost = sum(1 for at in finals if at is None)
    refusals: collections.Counter[str] = collections.Counter()
    no_ack: collections.Counter[str] = collections.Counter()
    for part in parts:
        refusals.update(part["refusals"])
        no_ack.update(part["no_ack"])
    events = [n for part in parts for n in part["events"]]
    return {"total": truth, "accepted_acks": accepted,
            "ack_p50_ms": pct(acks, 50), "ack_p99_ms": pct(acks, 99),
            "ack_max_ms": pct(acks, 100),
            "final_lag_p50_ms": pct(lags, 50),
            "final_lag_p99_ms": pct(lags, 99) if not lost else None,
            "final_lag_max_ms": pct(lags, 100) if not lost else None,
            "events_per_client": statistics.median(events) if events else None,
            "events_max": max(events, default=None),
            "older_events": sum(part["older"] for part in parts),
            "lost": lost, "refused": sum(refusals.values()), "refusals": dict(refusals),
            "no_ack": sum(no_ack.values()), "no_ack_errors": dict(no_ack),
            "journal_rows": journal_rows}


def run(args) -> dict:
    from bench._seed import fresh_database

    raise_file_limit()
    queue = args.redis if args.processes > 1 else None
    channel = f"bench-{uuid.uuid4().hex[:8]}"
    rng = random.Random(args.seed)
    with fresh_database(args.database_url) as (database_url, instance):
        instance = str(instance)
        meeting_id, cookies, made = prepare(database_url, instance, args.clients,
                                            set_up_meeting)
        plan = {"meeting_id": meeting_id, "cookies": cookies, "clients": args.clients,
                "concurrency": args.concurrency, "window": args.window,
                "timeout": args.timeout, **made,
                "choices": [rng.choice(made["option_ids"]) for _ in range(args.clients)],
                "positions": {phase: positions(args.clients, rng) for phase in PHASES}}
        env = server_env(database_url, instance, queue, channel)
        tally = Tally(database_url, meeting_id)
        try:
            with serving(lambda _port: APP_COMMAND, env, args.processes, Path(instance),
                         "app") as (urls, servers):
                load_before = os.getloadavg()[0]
                crew = Crew(burst_loop, {**plan, "urls": urls}, args.client_processes)
                connected = crew.gather("clients could not connect and join")
                measured = run_phases(crew, tally, plan, args.timeout)
                crew.gather("closing")
                crew.join()
                rss = [peak_rss_mb(server) for server in servers]
        finally:
            tally.close()
    poll, upvote = measured["poll"], measured["upvote"]
    for phase, result in measured.items():
        print(phase, json.dumps(result, ensure_ascii=False), flush=True)
    keys = ("ack_p50_ms", "ack_p99_ms", "final_lag_p99_ms", "events_per_client", "lost",
            "refused")
    return {"clients": args.clients, "window": args.window, "processes": args.processes,
            "client_processes": args.client_processes,
            "database": "postgresql" if args.database_url else "sqlite", "seed": args.seed,
            **{key: poll[key] for key in keys}, "total": poll["total"],
            **{f"upvote_{key}": upvote[key] for key in keys}, "upvote_total": upvote["total"],
            "no_ack": poll["no_ack"] + upvote["no_ack"],
            "journal_rows": poll["journal_rows"] + upvote["journal_rows"],
            "max_rss_mb": max((r for r in rss if r is not None), default=None),
            "connect_seconds": round(max(c["connect_seconds"] for c in connected), 1),
            "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)]}


def positions(clients: int, rng: random.Random) -> list[int]:
    """Each client's place in a random order of everyone's action."""
    order = rng.sample(range(clients), clients)
    place = [0] * clients
    for position, index in enumerate(order):
        place[index] = position
    return place


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--window", type=float, default=5.0,
                        help="seconds over which each phase's actions are spread")
    parser.add_argument("--processes", type=int, default=1, help="server processes")
    parser.add_argument("--client-processes", type=int, default=1,
                        help="event loops (processes) the clients are spread over")
    parser.add_argument("--database-url",
                        help="a PostgreSQL server, where a throw-away database is made "
                             "(default: SQLite)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds after the last action within which every ack and "
                             "every client's final count must arrive")
    parser.add_argument("--concurrency", type=int, default=50, help="clients connecting at once")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL",
                                                          "redis://127.0.0.1:6379/14"))
    args = parser.parse_args()
    print(json.dumps(run(args)))


if __name__ == "__main__":
    main()
