"""Live meetings across server processes: two processes sharing Redis, and a server that is
killed mid-meeting and started again. Real processes, real sockets, a shared database."""

from __future__ import annotations

import threading
import time

import pytest

from samskapande.extensions import db
from samskapande.live.models import Message
from samskapande.realtime import journal
from tests.realtime.live_clients import LiveClient, demo_meeting_id, resident, staff_session
from tests.realtime.servers import Served, redis_or_skip, wait_subscribed


@pytest.fixture(params=["serve", "gunicorn"])
def two_processes(request, app, database_url, demo, tmp_path):
    """`samskapande serve`, and a second process served the same way or by gunicorn with a
    gevent worker (the README's production recipe)."""
    queue = redis_or_skip()
    first = Served(database_url, str(tmp_path), queue=queue)
    second = Served(database_url, str(tmp_path), queue=queue, server=request.param,
                    channel=first.env["SOCKETIO_CHANNEL"])
    try:
        yield first.start(), second.start()
    finally:
        first.stop()
        second.stop()


def test_a_post_to_one_process_reaches_the_clients_of_the_other(app, two_processes):
    first, second = two_processes
    meeting_id = demo_meeting_id(app)
    _pid, http_a = resident(app, first.url)
    _pid, http_b = resident(app, second.url)
    _uid, http_staff = staff_session(app, second.url)
    writer = LiveClient(first.url, http_a, meeting_id, where="room")
    reader = LiveClient(second.url, http_b, meeting_id)
    maria = LiveClient(second.url, http_staff, meeting_id)
    try:
        for client in (writer, reader, maria):
            assert client.join()["ok"]
        wait_subscribed(first.env["SOCKETIO_CHANNEL"], count=2)
        ack = writer.emit("meeting:post", {"meeting_id": meeting_id, "kind": "question",
                                           "text": "Når det här Ramsele också?"})
        assert ack["ok"], ack
        assert reader.wait_seq("public", 1), "the post never reached the other process"
        assert maria.wait_seq("public", 1)
        assert reader.delivered["public"][0]["message"]["text"] == "Når det här Ramsele också?"
        # Presence is counted over both processes: one in the room, two remote.
        assert writer.wait_for(lambda c: c.presence and (c.presence[-1]["room"],
                                                         c.presence[-1]["remote"]) == (1, 2))
    finally:
        for client in (writer, reader, maria):
            client.close()


def test_a_killed_server_loses_nothing_committed_and_shows_nothing_twice(
        app, database_url, demo, tmp_path):
    server = Served(database_url, str(tmp_path), LIVE_RATE_WRITE_PER_SECOND="100",
                    LIVE_RATE_WRITE_BURST="100").start()
    meeting_id = demo_meeting_id(app)
    listeners = []
    for where in ("room", "remote"):
        _pid, http = resident(app, server.url)
        listeners.append(LiveClient(server.url, http, meeting_id, where=where, reconnection=True))
    _uid, http = staff_session(app, server.url)
    poster = LiveClient(server.url, http, meeting_id, reconnection=True)
    acked: list[int] = []
    stop = threading.Event()

    def post_steadily() -> None:
        n = 0
        while not stop.is_set():
            text = f"Inlägg {n}"
            try:  # a post whose answer was lost is sent again: it must not appear twice
                ack = poster.emit("meeting:post", {"meeting_id": meeting_id, "text": text})
            except Exception:
                time.sleep(0.1)
                continue
            if ack.get("ok"):
                acked.append(ack["message"]["id"])
                n += 1
            time.sleep(0.02)

    try:
        for client in (*listeners, poster):
            assert client.join()["ok"]
        thread = threading.Thread(target=post_steadily, daemon=True)
        thread.start()
        assert listeners[0].wait_seq("public", 10, timeout=20)
        server.kill()
        killed_at = len(acked)
        server.start()
        deadline = time.monotonic() + 30
        while len(acked) < killed_at + 10 and time.monotonic() < deadline:
            time.sleep(0.1)
        stop.set()
        thread.join(timeout=15)
        assert len(acked) >= killed_at + 10, "posting did not resume after the restart"
        with app.app_context():
            last = journal.last_seq(meeting_id, "public")
            committed = set(db.session.scalars(db.select(Message.id)))
        for client in listeners:
            assert client.wait_seq("public", last, timeout=20), (client.last, last)
            seqs = [e["seq"] for e in client.delivered["public"]]
            ids = [e["message"]["id"] for e in client.delivered["public"]]
            assert seqs == list(range(1, last + 1))  # nothing lost, nothing twice
            assert len(ids) == len(set(ids)) and set(ids) == committed
            assert set(acked) <= set(ids)
    finally:
        stop.set()
        for client in (*listeners, poster):
            client.close()
        server.stop()
