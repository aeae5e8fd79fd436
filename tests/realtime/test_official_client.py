"""The protocol of docs/realtime.md, driven by the official Socket.IO JavaScript client
(socket.io-client from npm, run by Node) as an outside developer would write a client:
join, post, upvote, moderation, disconnect and replay, the hidden post, bad input."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from samskapande.realtime import coalesce
from tests.realtime.live_clients import demo_meeting_id, resident, settle, staff_session

CLIENT = Path(__file__).with_name("official_client.js")
ROOT = Path(__file__).resolve().parents[2]


class Node:
    """The Node process holding the sockets; commands go in, acks and events come out."""

    def __init__(self, url: str):
        self.process = subprocess.Popen(  # noqa: S603  (our own script and arguments)
            [shutil.which("node"), str(CLIENT), url], cwd=ROOT, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.ids = itertools.count(1)
        self.answers: dict[int, dict] = {}
        self.live: dict[str, list[dict]] = {}
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            item = json.loads(line)
            with self.changed:
                if "live" in item:
                    self.live.setdefault(item["name"], []).append(item["live"])
                else:
                    self.answers[item["id"]] = item
                self.changed.notify_all()

    def _wait(self, predicate, timeout: float = 15):
        with self.changed:
            assert self.changed.wait_for(predicate, timeout), "no answer in time"

    def command(self, **command) -> dict:
        command["id"] = next(self.ids)
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        self._wait(lambda: command["id"] in self.answers)
        return self.answers.pop(command["id"])

    def emit(self, name: str, event: str, *args) -> dict:
        answer = self.command(do="emit", name=name, event=event, args=list(args))
        assert "ack" in answer, answer  # every event gets an ack, within 10 s
        return answer["ack"]

    def events(self, name: str) -> list[dict]:
        with self.changed:
            return list(self.live.get(name, []))

    def wait_event(self, name: str, predicate, timeout: float = 10) -> dict:
        found: list[dict] = []

        def seen():
            found[:] = [e for e in self.live.get(name, []) if predicate(e)]
            return bool(found)
        self._wait(seen, timeout)
        return found[-1]

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.write(json.dumps({"do": "quit"}) + "\n")
            self.process.stdin.flush()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process.stdin.close()
        self.process.stdout.close()


@pytest.fixture
def node(live_server):
    if shutil.which("node") is None or not (ROOT / "node_modules" / "socket.io-client").exists():
        pytest.skip("Node and node_modules (make assets) are needed")
    client = Node(live_server.url)
    yield client
    client.close()


def _connected(node: Node, name: str, http) -> None:
    answer = node.command(do="connect", name=name, cookie=http.cookies["session"])
    assert answer.get("ok"), answer


def _highest(events: list[dict], stream: str = "public") -> int:
    return max((e["seq"] for e in events if e.get("stream") == stream), default=0)


def test_a_client_from_the_document_joins_posts_votes_moderates_and_replays(
        app, live_server, node):
    meeting_id = demo_meeting_id(app)
    _pid, anna_http = resident(app, live_server.url, name="Anna")
    _pid, bo_http = resident(app, live_server.url)
    _uid, staff_http = staff_session(app, live_server.url)
    for name, http in (("anna", anna_http), ("bo", bo_http), ("facilitator", staff_http)):
        _connected(node, name, http)
    try:
        anna = node.emit("anna", "meeting:join", {"meeting_id": meeting_id})
        assert anna["ok"] and anna["streams"] == ["public"]
        staff = node.emit("facilitator", "meeting:join", {"meeting_id": meeting_id})
        assert staff["ok"] and staff["streams"] == ["public", "staff"]
        assert node.emit("bo", "meeting:join", {"meeting_id": meeting_id,
                                                "where": "room"})["ok"]

        question = node.emit("anna", "meeting:post", {"meeting_id": meeting_id,
                                                      "kind": "question",
                                                      "text": "Kan bussen gå på lördagar?"})
        assert question["ok"], question
        question_id = question["message"]["id"]
        node.wait_event("bo", lambda e: e["type"] == "message" and e["op"] == "add"
                        and e["message"]["id"] == question_id)

        assert node.emit("bo", "meeting:upvote", {"message_id": question_id})["ok"]
        coalesce.settle()
        update = node.wait_event("anna", lambda e: e["type"] == "message" and e["op"] == "update"
                                 and e["message"]["id"] == question_id)
        assert update["message"]["votes"] == 1

        secret = node.emit("bo", "meeting:post", {"meeting_id": meeting_id,
                                                  "text": "Ring mig på 070-123 45 67"})
        secret_id = secret["message"]["id"]
        node.wait_event("anna", lambda e: e["op"] == "add" and e["message"]["id"] == secret_id)
        hidden = node.emit("facilitator", "meeting:moderate", {
            "message_id": secret_id, "action": "hide", "reason": "Personuppgifter"})
        assert hidden["ok"], hidden
        node.wait_event("anna", lambda e: e["op"] == "remove" and e["message_id"] == secret_id)
        node.wait_event("facilitator", lambda e: e["stream"] == "staff" and e["op"] == "hidden")

        # Anna's phone drops; Bo writes meanwhile; Anna comes back and replays from her seq.
        last = _highest(node.events("anna"))
        assert node.command(do="disconnect", name="anna").get("ok")
        missed = node.emit("bo", "meeting:post", {"meeting_id": meeting_id,
                                                  "text": "Medan du var borta"})
        _connected(node, "anna", anna_http)
        replay = node.emit("anna", "meeting:join", {"meeting_id": meeting_id,
                                                    "after": {"public": last}})
        assert [e["message"]["id"] for e in replay["public"] if e["op"] == "add"] == [
            missed["message"]["id"]]
        assert all(e["seq"] > last for e in replay["public"])

        # A replay from the start never carries the hidden post's text, only its removal.
        everything = node.emit("anna", "meeting:join", {"meeting_id": meeting_id,
                                                        "after": {"public": 0}})
        assert "070-123" not in json.dumps(everything, ensure_ascii=False)
        assert any(e["op"] == "remove" and e["message_id"] == secret_id
                   for e in everything["public"])
        seqs = [e["seq"] for e in everything["public"]]
        assert seqs == list(range(1, len(seqs) + 1))  # numbered without gaps
        assert "staff" not in everything  # a resident never gets the staff stream
    finally:
        settle(app)


def test_bad_input_from_the_official_client_gets_an_error_ack(app, live_server, node):
    meeting_id = demo_meeting_id(app)
    _pid, http = resident(app, live_server.url)
    _connected(node, "anna", http)
    try:
        assert node.emit("anna", "meeting:join", {"meeting_id": meeting_id})["ok"]
        refusals = {
            "unknown event": node.emit("anna", "meeting:dance", {"meeting_id": meeting_id}),
            "no data": node.emit("anna", "meeting:post"),
            "extra argument": node.emit("anna", "meeting:post",
                                        {"meeting_id": meeting_id, "text": "Hej"}, 2),
            "empty text": node.emit("anna", "meeting:post", {"meeting_id": meeting_id,
                                                             "text": "   "}),
            "too long": node.emit("anna", "meeting:post", {"meeting_id": meeting_id,
                                                           "text": "å" * 1200}),
            "after of the wrong type": node.emit("anna", "meeting:join", {
                "meeting_id": meeting_id, "after": {"public": "7"}}),
            "where on the moon": node.emit("anna", "meeting:join", {
                "meeting_id": meeting_id, "where": "moon"}),
            "projector for a resident": node.emit("anna", "meeting:join", {
                "meeting_id": meeting_id, "view": "projector"}),
            "a meeting id of words": node.emit("anna", "meeting:post", {
                "meeting_id": "tre", "text": "Hej"}),
        }
        for case, ack in refusals.items():
            assert ack["ok"] is False and ack["error"].strip(), case
        time.sleep(0.3)
        assert not [e for e in node.events("anna") if e.get("type") == "message"]
    finally:
        settle(app)


def test_a_join_ahead_of_the_journal_is_told_to_reset(app, live_server, node):
    meeting_id = demo_meeting_id(app)
    _pid, http = resident(app, live_server.url)
    _connected(node, "anna", http)
    try:
        ack = node.emit("anna", "meeting:join", {"meeting_id": meeting_id,
                                                 "after": {"public": 10_000}})
        assert ack["ok"] and ack.get("reset") is True
    finally:
        settle(app)


