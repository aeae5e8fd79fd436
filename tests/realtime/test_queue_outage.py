"""A Redis outage with two server processes is visible and survivable (issue 20, item 7).

Two `samskapande serve` processes share a private `redis-server` of this test (never the
machine's shared one), which is killed while posts flow and started again. The other
process's clients are told "delayed" while the queue is down, `/readyz` stays 200 with
the queue degraded, and after Redis returns the clients end up with every post, in order:
one that polls the journal while delayed, and one that only resyncs on the "ok" hint.
"""

from __future__ import annotations

import requests

from samskapande.extensions import db
from samskapande.live.models import Message
from samskapande.realtime import journal
from tests.realtime.live_clients import LiveClient, demo_meeting_id, resident
from tests.realtime.servers import PrivateRedis, Served, wait_subscribed

FAST = {"LIVE_RATE_WRITE_BURST": "1000", "LIVE_RATE_WRITE_PER_SECOND": "1000",
        "LIVE_QUEUE_CHECK_SECONDS": "0.5"}


def post(client: LiveClient, meeting_id: int, text: str) -> None:
    ack = client.emit("meeting:post", {"meeting_id": meeting_id, "text": text})
    assert ack["ok"], ack


def test_a_redis_outage_says_delayed_and_the_other_process_catches_up(
        app, database_url, demo, tmp_path):
    queue = PrivateRedis(str(tmp_path)).start()
    first = Served(database_url, str(tmp_path), queue=queue.url, **FAST)
    second = Served(database_url, str(tmp_path), queue=queue.url,
                    channel=first.env["SOCKETIO_CHANNEL"], **FAST)
    clients: list[LiveClient] = []
    try:
        first.start()
        second.start()
        meeting_id = demo_meeting_id(app)
        writer = LiveClient(first.url, resident(app, first.url)[1], meeting_id)
        polling = LiveClient(second.url, resident(app, second.url)[1], meeting_id)
        resyncing = LiveClient(second.url, resident(app, second.url)[1], meeting_id)
        resyncing.poll_seconds = 3600  # never polls: only the "ok" hint brings it up to date
        clients += [writer, polling, resyncing]
        for client in clients:
            assert client.join()["ok"]
        wait_subscribed(first.env["SOCKETIO_CHANNEL"], count=2, url=queue.url)
        texts = []
        for n in range(3):
            texts.append(f"Före {n}")
            post(writer, meeting_id, texts[-1])
        assert polling.wait_seq("public", 3) and resyncing.wait_seq("public", 3)
        assert polling.queue == ["ok"] and resyncing.queue == ["ok"]

        queue.kill()
        for client in (polling, resyncing):
            assert client.wait_for(lambda c: c.queue[-1] == "delayed", timeout=15), client.queue
        ready = requests.get(second.url + "/readyz", timeout=10)
        assert ready.status_code == 200, ready.text
        assert ready.json()["queue"] == "degraded" and ready.json()["status"] == "degraded"
        for n in range(5):
            texts.append(f"Under avbrottet {n}")
            post(writer, meeting_id, texts[-1])
        # The polling client fetches them from the journal while the queue is down.
        assert polling.wait_seq("public", len(texts), timeout=15), polling.last
        assert resyncing.last["public"] == 3  # nothing live reaches the other process

        queue.start()  # the same port: both processes find it again
        for n in range(3):  # the other process's subscriber may not listen yet
            texts.append(f"Efter {n}")
            post(writer, meeting_id, texts[-1])
        for client in (polling, resyncing):
            assert client.wait_for(lambda c: c.queue[-1] == "ok", timeout=90), client.queue
        # The meeting is quiet now: no later post reveals a gap, the resync alone completes it.
        with app.app_context():
            last = journal.last_seq(meeting_id, "public")
            committed = list(db.session.scalars(db.select(Message.text).order_by(Message.id)))
        assert last == len(texts) and committed == texts
        for client in (polling, resyncing):
            assert client.wait_seq("public", last, timeout=20), client.last
            delivered = client.delivered["public"]
            assert [e["seq"] for e in delivered] == list(range(1, last + 1))
            assert [e["message"]["text"] for e in delivered] == texts
            assert client.queue == ["ok", "delayed", "ok"]
        assert requests.get(second.url + "/readyz", timeout=10).json()["queue"] == "ok"
    finally:
        for client in clients:
            client.close()
        first.stop()
        second.stop()
        queue.kill()
