"""One per-person write limit for the HTTP forms and the sockets alike (issue 20, item 4).

The forms of the meeting page count against the same rate limit as socket events
(realtime.limits, keyed by core.identity's person), so posting 40 times in a second over
plain HTTP stores at most the burst, and a mix of socket events and forms shares it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samskapande.extensions import db
from samskapande.live.models import Message
from samskapande.realtime import limits
from tests.conftest import CSRF_RE, csrf_token
from tests.live.helpers import demo_meeting
from tests.realtime.live_clients import LiveClient, cookie_for, demo_meeting_id, settle

BURST = int(limits.RATES["write"].burst)
TOO_FAST = "You are sending too fast. Wait a moment and try again."


@pytest.fixture(autouse=True)
def no_refill(monkeypatch):
    """Limits whose window outlasts the test: on a loaded machine 40 posts can take longer
    than the 10 s window, and an event aged out meanwhile would make the count depend on
    the machine."""
    for kind, rate in limits.RATES.items():
        monkeypatch.setitem(limits.RATES, kind, limits.Rate(rate.burst, 0.0))


def stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Message))


def test_forty_http_posts_in_a_burst_store_at_most_the_burst(app, participant_client):
    with app.app_context():
        url = f"/r/NASAKER/meetings/{demo_meeting().id}"
    participant_client.get("/language/en")
    token = csrf_token(participant_client, url)
    statuses = [participant_client.post(f"{url}/post", data={
        "kind": "message", "text": f"Snabbt {i}", "csrf_token": token}).status_code
        for i in range(40)]
    assert stored(app) == BURST
    assert statuses[:BURST] == [302] * BURST and set(statuses[BURST:]) == {429}
    # What a resident without JavaScript sees: the reason, and the text kept in the form.
    page = participant_client.post(f"{url}/post", data={
        "kind": "message", "text": "Mitt sista inlägg", "csrf_token": token})
    assert page.status_code == 429
    text = page.get_data(as_text=True)
    assert TOO_FAST in text and "Mitt sista inlägg" in text


def test_upvotes_and_poll_answers_over_http_count_against_the_same_limit(
        app, participant_client):
    with app.app_context():
        url = f"/r/NASAKER/meetings/{demo_meeting().id}"
    participant_client.get("/language/en")
    token = csrf_token(participant_client, url)
    for i in range(BURST):
        participant_client.post(f"{url}/post", data={"kind": "question", "text": f"F {i}",
                                                     "csrf_token": token})
    with app.app_context():
        message_id = db.session.scalar(select(Message.id).limit(1))
    response = participant_client.post(f"{url}/messages/{message_id}/upvote",
                                       data={"csrf_token": token}, follow_redirects=True)
    assert TOO_FAST in response.get_data(as_text=True)


def test_a_socket_and_http_mix_shares_one_limit(app, live_server, demo):
    """Half the burst over the socket, the rest over HTTP: the person's total is the burst."""
    from samskapande.core.identity import SESSION_KEY
    from tests.live.helpers import new_participant

    meeting_id = demo_meeting_id(app)
    with app.app_context():
        participant = new_participant(demo_meeting().round_id, "Gunnel")
        values = {SESSION_KEY: {str(participant.round_id): participant.id}, "lang": "en"}
    http = cookie_for(app, live_server.url, values)
    socket = LiveClient(live_server.url, http, meeting_id)
    try:
        assert socket.join()["ok"]
        half = BURST // 2
        acks = [socket.emit("meeting:post", {"meeting_id": meeting_id, "text": f"S {i}"})
                for i in range(half)]
        assert all(ack["ok"] for ack in acks), acks
        url = f"{live_server.url}/r/NASAKER/meetings/{meeting_id}"
        match = CSRF_RE.search(http.get(url).text)
        token = match.group(1) or match.group(2)
        statuses = [http.post(f"{url}/post", data={"kind": "message", "text": f"H {i}",
                                                   "csrf_token": token},
                              allow_redirects=False).status_code for i in range(BURST)]
        assert statuses.count(302) == BURST - half and statuses.count(429) == half
        ack = socket.emit("meeting:post", {"meeting_id": meeting_id, "text": "Och en till"})
        assert not ack["ok"] and ack["retry_after"]
        assert stored(app) == BURST
    finally:
        socket.close()
        settle(app)
