"""Live support counts: a vote over HTTP reaches the sockets of the round, and only those."""

from __future__ import annotations

import re
import threading
import time

import pytest
import requests
import socketio

from samskapande.core.identity import SESSION_KEY
from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.models import Participant, Phase, Round
from samskapande.terminal.services import SEEN_KEY
from tests.conftest import create_staff

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def token_of(http: requests.Session, url: str) -> str:
    return TOKEN_RE.search(http.get(url, timeout=10).text).group(1)


def joined(base_url: str, code: str = "NASAKER", name: str = "Ahmed") -> requests.Session:
    """A browser-like session that has joined a round through its form."""
    http = requests.Session()
    token = token_of(http, f"{base_url}/r/{code}")
    response = http.post(f"{base_url}/r/{code}/join",
                         data={"csrf_token": token, "display_name": name}, timeout=10)
    assert response.ok
    return http


def logged_in(base_url: str, email: str, password: str) -> requests.Session:
    http = requests.Session()
    token = token_of(http, f"{base_url}/login")
    response = http.post(f"{base_url}/login", timeout=10,
                         data={"csrf_token": token, "email": email, "password": password})
    assert response.ok and response.url.endswith("/staff")
    return http


class Listener:
    """A real Socket.IO client that keeps the `event` messages it receives."""

    def __init__(self, base_url: str, http: requests.Session | None):
        self.events: list[dict] = []
        self.arrived = threading.Event()
        self.client = socketio.Client(reconnection=False, http_session=http)
        self.client.on("event", self._on_event)
        self.client.connect(base_url, transports=["websocket"], wait_timeout=10)

    def _on_event(self, data):
        self.events.append(data)
        self.arrived.set()

    def close(self):
        self.client.disconnect()


@pytest.fixture
def voting_round(app, demo):
    """The demo round with voting open and results shown live; one visible need."""
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        round_.voting_open = True
        round_.results_live = True
        need_id = db.session.scalar(db.select(Need.id).where(
            Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE).order_by(Need.id))
        db.session.commit()
        return {"code": round_.code, "id": round_.id, "need_id": need_id,
                "model_area_id": round_.model_area_id}


@pytest.fixture
def other_round(app, voting_round):
    with app.app_context():
        round_ = Round(model_area_id=voting_round["model_area_id"], code="ANDRA",
                       title="En annan omgång", place="Ramsele", phase=Phase.COLLECT)
        db.session.add(round_)
        db.session.commit()
        return {"code": round_.code, "id": round_.id}


def support_over_http(base_url: str, http: requests.Session, round_: dict) -> dict:
    """Press "Support" as the page's script does: the form's fields, asking for JSON."""
    code, need_id = round_["code"], round_["need_id"]
    token = token_of(http, f"{base_url}/r/{code}/needs")
    response = http.post(f"{base_url}/r/{code}/needs/{need_id}/support",
                         data={"csrf_token": token, "next": f"/r/{code}/needs"},
                         headers={"Accept": "application/json"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_participant_sees_support_given_by_another_participant(live_server, voting_round):
    gunnel = Listener(live_server.url, joined(live_server.url, name="Gunnel"))
    try:
        result = support_over_http(live_server.url, joined(live_server.url), voting_round)
        assert gunnel.arrived.wait(timeout=10), "the support event never arrived"
    finally:
        gunnel.close()
    assert result["need_id"] == voting_round["need_id"] and result["my_dots"] == 1
    assert gunnel.events == [{"type": "need", "op": "support",
                              "need_id": voting_round["need_id"], "support": result["support"]}]


def test_a_participant_of_another_round_does_not_get_the_event(
        live_server, voting_round, other_round):
    same = Listener(live_server.url, joined(live_server.url, name="Gunnel"))
    other = Listener(live_server.url, joined(live_server.url, code=other_round["code"],
                                             name="Sara"))
    try:
        support_over_http(live_server.url, joined(live_server.url), voting_round)
        assert same.arrived.wait(timeout=10)
        time.sleep(0.5)  # long enough for a wrongly addressed event to arrive too
    finally:
        same.close()
        other.close()
    assert other.events == []


def test_staff_of_the_model_area_see_support_live(app, live_server, voting_round):
    admin = create_staff(app, "admin")
    staff = Listener(live_server.url, logged_in(live_server.url, admin["email"],
                                                "correct horse battery"))
    facilitator = Listener(live_server.url, logged_in(
        live_server.url, "facilitator@demo.samskapande.se", "demo"))
    try:
        support_over_http(live_server.url, joined(live_server.url), voting_round)
        assert staff.arrived.wait(timeout=10)
        assert facilitator.arrived.wait(timeout=10)
    finally:
        staff.close()
        facilitator.close()


def test_no_event_while_results_are_shown_only_after_voting(app, live_server, voting_round):
    with app.app_context():
        db.session.get(Round, voting_round["id"]).results_live = False
        db.session.commit()
    gunnel = Listener(live_server.url, joined(live_server.url, name="Gunnel"))
    try:
        result = support_over_http(live_server.url, joined(live_server.url), voting_round)
        time.sleep(0.5)
    finally:
        gunnel.close()
    assert result["support"] is None
    assert gunnel.events == []


def test_an_unidentified_visitor_cannot_connect(live_server):
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_server.url, transports=["websocket"], wait_timeout=10)


def test_an_erased_participant_cannot_connect(app, live_server, voting_round):
    http = joined(live_server.url)
    session = app.session_interface.get_signing_serializer(app).loads(http.cookies["session"])
    with app.app_context():
        participant = db.session.get(Participant, session[SESSION_KEY][str(voting_round["id"])])
        participant.erased_at = utcnow()
        db.session.commit()
    client = socketio.Client(reconnection=False, http_session=http)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_server.url, transports=["websocket"], wait_timeout=10)


def test_a_terminal_visit_left_idle_cannot_connect(app, live_server, voting_round):
    http = joined(live_server.url)
    serializer = app.session_interface.get_signing_serializer(app)
    session = serializer.loads(http.cookies["session"])
    assert session[SESSION_KEY]
    http.cookies.set("terminal", "1")
    client = socketio.Client(reconnection=False, http_session=http)
    client.connect(live_server.url, transports=["websocket"], wait_timeout=10)
    client.disconnect()  # an active terminal visit connects

    session[SEEN_KEY] = int(time.time()) - 10_000
    http.cookies.set("session", serializer.dumps(session))
    client = socketio.Client(reconnection=False, http_session=http)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_server.url, transports=["websocket"], wait_timeout=10)
