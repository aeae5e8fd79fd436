"""Answers to a meeting's questions: who may give them, and that every answer is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.accounts.models import Role, User
from samskapande.areas.models import ModelArea, Organisation
from samskapande.extensions import db
from samskapande.live.models import Message
from samskapande.realtime import limits
from tests.live.helpers import FACILITATOR, OFFICIAL, POLITICIAN
from tests.realtime.live_clients import (
    LiveClient,
    demo_meeting_id,
    resident,
    settle,
    staff_session,
)

REFUSED = "Only officials and politicians of the round can answer questions."


@pytest.fixture(autouse=True)
def fresh_buckets():
    limits.buckets.reset()  # ids repeat between test databases
    yield
    limits.buckets.reset()


@pytest.fixture
def meeting_id(app, live_server):
    yield demo_meeting_id(app)
    settle(app)


@pytest.fixture
def stranger_official(app, demo) -> str:
    """An official whose organisation belongs to another model area than the round's."""
    with app.app_context():
        organisation = Organisation(name="Annan kommun", kind="municipality")
        db.session.add(ModelArea(name="Annat område", slug="annat",
                                 organisations=[organisation]))
        db.session.add(User(email="annan@example.se", name="Åsa Annan", role=Role.OFFICIAL,
                            title="Handläggare", organisation=organisation, password_hash="x"))
        db.session.commit()
    return "annan@example.se"


def follow(app, live_server, meeting_id, who="resident") -> LiveClient:
    if who == "resident":
        _pid, http = resident(app, live_server.url, name="Gunnel")
    else:
        _uid, http = staff_session(app, live_server.url, who)
    http.cookies.set("lang", "en", domain="127.0.0.1")  # the English msgids
    client = LiveClient(live_server.url, http, meeting_id)
    ack = client.join()
    assert ack["ok"], ack
    return client


def ask(client: LiveClient, text: str = "När kommer bussen?") -> int:
    ack = client.emit("meeting:post", {"meeting_id": client.meeting_id, "kind": "question",
                                       "text": text})
    assert ack["ok"], ack
    return ack["message"]["id"]


def answered(app, message_id: int) -> tuple:
    with app.app_context():
        message = db.session.get(Message, message_id)
        return message.answered_at is not None, message.answered_by_id


@pytest.fixture
def clients():
    opened: list[LiveClient] = []
    yield opened
    for client in opened:
        client.close()


# -- who may answer -------------------------------------------------------------------------

def test_the_facilitator_is_refused_and_nothing_changes(app, live_server, meeting_id, clients):
    gunnel = follow(app, live_server, meeting_id)
    maria = follow(app, live_server, meeting_id, who=FACILITATOR)
    clients += [gunnel, maria]
    question = ask(gunnel)
    ack = maria.emit("meeting:answer", {"message_id": question, "text": "Till våren."})
    assert ack == {"ok": False, "error": REFUSED}
    assert answered(app, question) == (False, None)
    assert gunnel.kinds() == [("message", "add")]


def test_an_official_of_the_round_answers(app, live_server, meeting_id, clients):
    gunnel = follow(app, live_server, meeting_id)
    official = follow(app, live_server, meeting_id, who=OFFICIAL)
    clients += [gunnel, official]
    question = ask(gunnel)
    ack = official.emit("meeting:answer", {"message_id": question, "text": "Till våren."})
    assert ack["ok"], ack
    with app.app_context():
        official_id = db.session.scalar(select(User.id).where(User.email == OFFICIAL))
    assert answered(app, question) == (True, official_id)


def test_an_official_of_another_model_area_is_refused(app, live_server, meeting_id, clients,
                                                      stranger_official):
    gunnel = follow(app, live_server, meeting_id)
    clients.append(gunnel)
    question = ask(gunnel)
    _uid, http = staff_session(app, live_server.url, stranger_official)
    http.cookies.set("lang", "en", domain="127.0.0.1")
    asa = LiveClient(live_server.url, http, meeting_id)
    clients.append(asa)
    assert not asa.join()["ok"]  # not staff of this meeting: not even its stream
    ack = asa.emit("meeting:answer", {"message_id": question, "text": "Jag svarar ändå."})
    assert ack == {"ok": False, "error": REFUSED}
    assert answered(app, question) == (False, None)


def test_a_politician_still_sees_the_staff_stream(app, live_server, meeting_id, clients):
    politician = follow(app, live_server, meeting_id, who=POLITICIAN)
    clients.append(politician)
    assert politician.join()["streams"] == ["public", "staff"]
