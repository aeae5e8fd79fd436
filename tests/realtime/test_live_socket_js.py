"""The browser's protocol library (static/js/live-socket.js), run in Node with the vendored
Socket.IO client against a live server: each event once and in order, across a dropped
connection and a gap, and acks as Promises."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from samskapande.extensions import db
from samskapande.realtime import journal
from tests.realtime.live_clients import LiveClient, demo_meeting_id, resident, settle

DRIVER = Path(__file__).with_name("live_socket_driver.js")
ROOT = Path(__file__).resolve().parents[2]


class Driver:
    def __init__(self, url: str, cookie: str, meeting_id: int):
        self.process = subprocess.Popen(  # noqa: S603  (our own script and arguments)
            [shutil.which("node"), str(DRIVER), url, cookie, str(meeting_id)], cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            try:
                self.lines.put(json.loads(line))
            except ValueError:
                self.lines.put({"output": line})

    def send(self, command: str) -> None:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def wait(self, predicate, timeout: float = 10) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            try:
                item = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"not seen in time; seen: {self.seen[-10:]}") from None
            self.seen.append(item)
            if predicate(item):
                return item

    def wait_event(self, seq: int, timeout: float = 10) -> None:
        if seq not in self.events():
            self.wait(lambda i: i.get("event") == seq, timeout)

    def events(self) -> list[int]:
        return [item["event"] for item in self.seen if "event" in item]

    def close(self):
        if self.process.poll() is None:
            self.send("quit")
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process.stdout.close()
        self.process.stdin.close()


@pytest.fixture
def node():
    if shutil.which("node") is None or not (ROOT / "node_modules" / "socket.io-client").exists():
        pytest.skip("Node and node_modules (make assets) are needed")


@pytest.mark.synthetic_events  # a made-up event makes the gap
def test_the_page_library_delivers_every_event_once_in_order(app, live_server, node):
    meeting_id = demo_meeting_id(app)
    _pid, http = resident(app, live_server.url)
    cookie = f"session={http.cookies['session']}"
    _pid, writer_http = resident(app, live_server.url)
    writer = LiveClient(live_server.url, writer_http, meeting_id)
    driver = Driver(live_server.url, cookie, meeting_id)

    def post(text: str) -> None:
        assert writer.emit("meeting:post", {"meeting_id": meeting_id, "text": text})["ok"]

    try:
        assert writer.join()["ok"]
        driver.wait(lambda i: i.get("status") == "live")
        for i in range(3):
            post(f"Först {i}")
        driver.wait_event(3)
        driver.send("drop")
        driver.wait(lambda i: i.get("status") == "offline")
        post("Medan du var borta 1")
        post("Medan du var borta 2")
        driver.send("reconnect")
        driver.wait_event(5)
        # A gap: event 6 is committed but its emit never happens; 7 arrives first.
        with app.app_context():
            journal.queue_event(meeting_id, "public", "test", "gap")
            db.session.info.pop(journal._PENDING)
            db.session.commit()
        post("Efter luckan")
        driver.wait_event(7)
        driver.send("post Hej från sidan")
        ack = driver.wait(lambda i: "ack" in i or "ackError" in i)["ack"]
        assert ack["ok"] and ack["message"]["text"] == "Hej från sidan"
        driver.wait_event(8)
        time.sleep(0.3)
        while not driver.lines.empty():
            driver.seen.append(driver.lines.get())
        assert driver.events() == [1, 2, 3, 4, 5, 6, 7, 8]
    finally:
        driver.close()
        writer.close()
        settle(app)


def test_the_page_library_says_delayed_polls_the_journal_and_resyncs(
        app, live_server, node, monkeypatch):
    """The server's queue state reaches the page: "delayed" (then the library joins again
    now and then), and "ok" (then it joins once more); lost emits are fetched either way."""
    from samskapande.realtime import queue_health

    meeting_id = demo_meeting_id(app)
    _pid, http = resident(app, live_server.url)
    driver = Driver(live_server.url, f"session={http.cookies['session']}", meeting_id)
    _pid, writer_http = resident(app, live_server.url)
    writer = LiveClient(live_server.url, writer_http, meeting_id)
    try:
        assert writer.join()["ok"]
        driver.wait(lambda i: i.get("status") == "live")
        monkeypatch.setattr(journal, "emit_event", lambda evt: None)  # as if Redis lost them
        queue_health.record(False)
        driver.wait(lambda i: i.get("status") == "delayed")
        assert writer.emit("meeting:post", {"meeting_id": meeting_id, "text": "Under"})["ok"]
        driver.wait_event(1, timeout=10)  # fetched by the library's own polling
        assert writer.emit("meeting:post", {"meeting_id": meeting_id, "text": "Sist"})["ok"]
        queue_health.record(True)
        driver.wait(lambda i: i.get("status") == "live")
        driver.wait_event(2, timeout=5)  # fetched by the resync (or the last poll)
        assert driver.events() == [1, 2]
    finally:
        queue_health.record(True)
        driver.close()
        writer.close()
        settle(app)
