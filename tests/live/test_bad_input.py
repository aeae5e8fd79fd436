"""The meeting's forms take the corpus of bad input: a clear error or the text kept safely."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.extensions import db
from samskapande.live.models import Message
from tests.conftest import csrf_token, log_in
from tests.live.helpers import DEMO_PASSWORD, FACILITATOR, OFFICIAL, demo_meeting
from tests.test_bad_input import CORPUS, assert_handled


@pytest.fixture
def url(app, demo):
    with app.app_context():
        return f"/r/NASAKER/meetings/{demo_meeting().id}"


@pytest.mark.parametrize("value", CORPUS)
def test_post_form(app, participant_client, url, value):
    token = csrf_token(participant_client, url)
    response = participant_client.post(f"{url}/post", data={
        "csrf_token": token, "kind": value, "text": value, "direction": value})
    assert_handled(response, value)
    response = participant_client.post(f"{url}/post", data={
        "csrf_token": token, "kind": "question", "text": value, "direction": ""})
    assert_handled(response, value)
    assert_handled(participant_client.get(url), value)
    with app.app_context():
        for text in db.session.scalars(select(Message.text)):
            assert "\x00" not in text and "\x07" not in text and len(text) <= 1000


@pytest.mark.parametrize("value", CORPUS)
def test_staff_forms(app, client, url, value):
    assert log_in(client, FACILITATOR, DEMO_PASSWORD).status_code == 302
    token = csrf_token(client, f"{url}/moderate")
    client.post(f"{url}/post", data={"csrf_token": token, "kind": "question", "text": "Fråga?"})
    with app.app_context():
        message_id = db.session.scalar(select(Message.id).where(Message.pinned.is_(False)))
    for action, data in (
        (f"{url}/messages/{message_id}/hide", {"reason": value}),
        (f"{url}/settings", {"chat_open": value, "moderation": value,
                             "slow_mode_seconds": value}),
        (f"{url}/polls", {"question": value, "kind": value, "options": value, "needs": value}),
        (f"{url}/polls", {"question": value, "kind": "multiple", "options": f"{value}\n{value}2"}),
        (f"{url}/where", {"where": value}),
    ):
        assert_handled(client.post(action, data={**data, "csrf_token": token}), value)
    assert_handled(client.get(f"{url}/moderate"), value)
    assert_handled(client.get(f"{url}/transcript"), value)
    assert client.get(f"{url}/transcript.csv").status_code == 200


@pytest.mark.parametrize("value", CORPUS)
def test_answer_form(app, client, url, value):
    """An official of the round answers (the facilitator may not): whatever is written is
    refused clearly or kept safely, and the question page still shows."""
    assert log_in(client, OFFICIAL, DEMO_PASSWORD).status_code == 302
    token = csrf_token(client, url)
    client.post(f"{url}/post", data={"csrf_token": token, "kind": "question", "text": "Fråga?"})
    with app.app_context():
        message_id = db.session.scalar(select(Message.id).where(Message.kind == "question"))
    response = client.post(f"{url}/messages/{message_id}/answer",
                           data={"answer": value, "csrf_token": token})
    assert_handled(response, value)
    assert_handled(client.get(url), value)
    assert_handled(client.get(f"{url}/messages/{message_id}/answer"), value)
