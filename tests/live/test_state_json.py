"""What a client written from docs/realtime.md relies on: a meeting found and read over
HTTP (meetings.json, state.json), then joined by socket with the numbers it gave; what a
foreign origin gets; how the size limit counts."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import requests
import socketio

from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.live import services
from samskapande.live.models import Meeting
from samskapande.realtime import journal
from samskapande.rounds.models import ModerationMode
from tests.conftest import create_staff, log_in
from tests.live.helpers import DEMO_PASSWORD, FACILITATOR, demo_meeting, new_participant, staff
from tests.realtime.live_clients import LiveClient, resident, settle

SAID, HELD, HIDDEN = "Bussen går för sällan", "Ring mig på 070-1234567", "Ett dolt inlägg"


@pytest.fixture(autouse=True)
def english(client):
    """The tests read the English texts (the msgids); Swedish is checked by test_i18n."""
    client.get("/language/en")


@pytest.fixture
def meeting_id(app, demo):
    with app.app_context():
        return demo_meeting().id


@pytest.fixture
def state_url(meeting_id):
    return f"/r/NASAKER/meetings/{meeting_id}/state.json"


@pytest.fixture
def said(app, meeting_id):
    """A visible post, a hidden one and one held for approval, by residents of the round."""
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        facilitator = staff(FACILITATOR)
        writers = [new_participant(meeting.round_id, name) for name in ("Gunnel", "Ahmed")]
        with unit_of_work():
            services.post_message(meeting, participant=writers[0], text=SAID)
            hidden = services.post_message(meeting, participant=writers[1], text=HIDDEN)
        with unit_of_work():
            services.hide_message(hidden, facilitator, "Utanför ämnet")
            meeting.moderation = ModerationMode.PRE
        with unit_of_work():
            services.post_message(meeting, participant=writers[1], text=HELD)


def staff_client(app, email=FACILITATOR):
    client = app.test_client()
    assert log_in(client, email, DEMO_PASSWORD).status_code == 302
    return client


def journal_events(app, meeting_id, stream="public"):
    with app.app_context():
        return journal.events_since(meeting_id, stream, 0)


def seq_of(app, meeting_id, stream):
    with app.app_context():
        return journal.last_seq(meeting_id, stream)


def test_a_resident_gets_the_visible_posts_and_the_public_number(
        app, participant_client, state_url, meeting_id, said):
    response = participant_client.get(state_url)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    state = response.get_json()
    assert [m["text"] for m in state["messages"]] == [SAID]
    assert state["messages"][0]["author"]["role"] == "resident"
    assert state["seq"] == {"public": seq_of(app, meeting_id, "public")}  # no staff stream
    assert state["meeting"]["id"] == meeting_id and state["meeting"]["moderation"] == "pre"
    assert "held" not in state and state["polls"] == []
    assert {"room", "remote"} <= set(state["presence"])
    raw = response.get_data(as_text=True)
    for secret in (HELD, HIDDEN, "Utanför ämnet", "participant_id", "@", "resume"):
        assert secret not in raw


def test_staff_get_the_held_posts_and_the_staff_number(app, state_url, meeting_id, said):
    state = staff_client(app).get(state_url).get_json()
    assert [m["text"] for m in state["held"]] == [HELD]
    assert state["held"][0]["status"] == "pending"
    assert state["seq"] == {"public": seq_of(app, meeting_id, "public"),
                            "staff": seq_of(app, meeting_id, "staff")}
    assert state["seq"]["staff"] >= 2  # the hidden post and the held one
    assert [m["text"] for m in state["messages"]] == [SAID]


def test_joining_with_the_numbers_delivers_exactly_what_follows(
        app, live_server, meeting_id, said):
    _pid, http = resident(app, live_server.url, name="Lena")
    state = http.get(f"{live_server.url}/r/NASAKER/meetings/{meeting_id}/state.json").json()
    with app.app_context():  # posts go straight to the stream again
        db.session.get(Meeting, meeting_id).moderation = ModerationMode.POST
        db.session.commit()
    client = LiveClient(live_server.url, http, meeting_id)
    try:
        client.last.update(state["seq"])
        ack = client.join()
        assert ack["ok"] and ack["public"] == []  # nothing since the state was read
        posted = client.emit("meeting:post", {"meeting_id": meeting_id, "text": "Och tåget?"})
        assert posted["ok"], posted
        assert client.wait_seq("public", state["seq"]["public"] + 1)
        assert [(e["type"], e["op"], e["message"]["text"]) for e in client.delivered["public"]] \
            == [("message", "add", "Och tåget?")]
    finally:
        client.close()
        http.close()
        settle(app)


def test_someone_not_in_the_round_is_refused_in_json(client, demo, state_url):
    for url in (state_url, "/r/NASAKER/meetings.json"):
        response = client.get(url)
        assert response.status_code == 403 and response.is_json
        assert response.get_json()["error"].startswith("You cannot take part in this meeting")


def test_staff_of_another_area_are_refused_in_json(app, demo, state_url):
    stranger = create_staff(app, "facilitator")  # assigned to no model area
    client = app.test_client()
    client.get("/language/en")
    assert log_in(client, stranger["email"]).status_code == 302
    for url in (state_url, "/r/NASAKER/meetings.json"):
        response = client.get(url)
        assert response.status_code == 403 and response.get_json()["error"], url


def test_unknown_rounds_and_meetings_are_404_in_json(participant_client, meeting_id):
    for url in ("/r/NOSUCH/meetings.json", f"/r/NOSUCH/meetings/{meeting_id}/state.json",
                "/r/NASAKER/meetings/2147483647/state.json"):
        response = participant_client.get(url)
        assert response.status_code == 404 and response.is_json, url
        assert response.get_json()["error"]


def test_meetings_json_lists_the_rounds_meetings_with_working_urls(
        participant_client, meeting_id):
    response = participant_client.get("/r/NASAKER/meetings.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    listing = response.get_json()
    assert listing["round"]["code"] == "NASAKER" and listing["round"]["title"]
    [meeting] = listing["meetings"]
    assert meeting["id"] == meeting_id and meeting["title"]
    assert meeting["starts_at"].endswith("+00:00") and meeting["ends_at"] > meeting["starts_at"]
    assert meeting["state"] == {"chat_open": True, "slow_mode_seconds": 0, "moderation": "post"}
    assert participant_client.get(meeting["url"]).status_code == 200
    state = participant_client.get(meeting["state_url"])
    assert state.status_code == 200 and state.get_json()["meeting"]["id"] == meeting_id
    assert "@" not in json.dumps(listing)


def probe(live_server, http, origin: str) -> list[dict]:
    """What the vendored Socket.IO client of a browser at `origin` reports (Node)."""
    root = Path(__file__).resolve().parents[2]
    if shutil.which("node") is None or not (root / "node_modules" / "socket.io-client").exists():
        pytest.skip("Node and node_modules (make assets) are needed")
    cookie = f"session={http.cookies.get('session', '')}"
    run = subprocess.run(  # noqa: S603  (our own script and arguments)
        [shutil.which("node"), str(Path(__file__).with_name("socket_origin_probe.js")),
         live_server.url, cookie, origin], capture_output=True, text=True, timeout=30, check=True)
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_a_socket_from_another_origin_is_refused_at_the_handshake_with_http_400(
        app, live_server):
    _pid, http = resident(app, live_server.url)
    handshake = f"{live_server.url}/socket.io/?EIO=4&transport=polling"
    refused = requests.get(handshake, headers={"Origin": "https://elak.example"}, timeout=10)
    assert refused.status_code == 400 and "Not an accepted origin." in refused.text
    assert requests.get(handshake, headers={"Origin": live_server.url},
                        timeout=10).status_code == 200
    # No Socket.IO answer at all: the client sees a failed transport, not the server's
    # refusal, and goes on trying (live-socket.js shows "offline", not "refused").
    errors = []
    client = socketio.Client(reconnection=False, http_session=http,
                             websocket_extra_options={"origin": "https://elak.example"})
    client.on("connect_error", errors.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_server.url, transports=["websocket"], wait_timeout=5)
    assert errors == ["Connection error"]
    browser = probe(live_server, http, "https://elak.example")
    assert browser == [{"error": "websocket error", "active": True}] * 3
    assert probe(live_server, http, live_server.url) == [{"connect": True}]
    # Unlike a connection the server refuses (no participant, no staff): told, no retry.
    with requests.Session() as nobody:
        assert probe(live_server, nobody, live_server.url) == [
            {"error": "Connection rejected by server", "active": False}]
    http.close()
    settle(app)


def test_the_size_limit_counts_utf8_bytes_of_the_json(app, live_server, meeting_id):
    _pid, http = resident(app, live_server.url)
    client = LiveClient(live_server.url, http, meeting_id)
    try:
        # About 2,100 characters either way; with "å" (two bytes) over 4,096 bytes.
        for letter, ok in (("a", True), ("å", False)):
            ack = client.emit("meeting:post", {"meeting_id": meeting_id, "text": letter * 1000,
                                               "note": letter * 1100})
            assert ack["ok"] is ok, ack
        assert ack["error"]  # a sentence to show (in Swedish here), and nothing stored:
        assert [e["message"]["text"][0] for e in journal_events(app, meeting_id)] == ["a"]
    finally:
        client.close()
        http.close()
        settle(app)
