"""Answers to a meeting's questions: who may give them, and that every answer is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.accounts.models import Role, User
from samskapande.areas.models import ModelArea, Organisation
from samskapande.extensions import db
from samskapande.live.models import Message, QuestionAnswer
from tests.conftest import submit
from tests.live.helpers import DEMO_PASSWORD, FACILITATOR, OFFICIAL, POLITICIAN
from tests.realtime.live_clients import (
    LiveClient,
    demo_meeting_id,
    resident,
    settle,
    staff_session,
)

REFUSED = "Only officials and politicians of the round can answer questions."
BLANK = "Write the answer first."


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


def answers(app, message_id: int) -> list[tuple[str, str]]:
    """(author's name, text) of each answer kept, oldest first."""
    with app.app_context():
        return [(a.user_id and db.session.get(User, a.user_id).name, a.text)
                for a in db.session.get(Message, message_id).answers]


def staff_client(app, email: str):
    from tests.conftest import log_in

    client = app.test_client()
    client.get("/language/en")
    assert log_in(client, email, DEMO_PASSWORD).status_code == 302
    return client


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
    assert gunnel.wait_seq("public", 1)
    ack = maria.emit("meeting:answer", {"message_id": question, "text": "Till våren."})
    assert ack == {"ok": False, "error": REFUSED}
    ack = maria.emit("meeting:answer", {"message_id": question, "mark_answered": True})
    assert ack == {"ok": False, "error": REFUSED}
    assert answered(app, question) == (False, None) and answers(app, question) == []
    assert not gunnel.wait_seq("public", 2, timeout=1)  # no update was sent


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


# -- what is kept ---------------------------------------------------------------------------

def test_a_blank_answer_is_refused_and_the_earlier_one_stays(app, live_server, meeting_id,
                                                            clients):
    gunnel = follow(app, live_server, meeting_id)
    official = follow(app, live_server, meeting_id, who=OFFICIAL)
    clients += [gunnel, official]
    question = ask(gunnel)
    assert official.emit("meeting:answer", {"message_id": question, "text": "Utreds."})["ok"]
    for data in ({"text": ""}, {"text": " \n\t "}, {}, {"text": None}):
        ack = official.emit("meeting:answer", {"message_id": question, **data})
        assert ack == {"ok": False, "error": BLANK}, data
    ack = official.emit("meeting:answer", {"message_id": question, "mark_answered": "yes"})
    assert not ack["ok"]  # mark_answered is a real boolean, or nothing
    assert answers(app, question) == [("Jonas Ådalsberg", "Utreds.")]


def test_a_blank_answer_form_is_refused_and_the_earlier_one_stays(app, live_server, meeting_id,
                                                                 clients):
    gunnel = follow(app, live_server, meeting_id)
    clients.append(gunnel)
    question = ask(gunnel)
    url = f"/r/NASAKER/meetings/{meeting_id}"
    politician = staff_client(app, POLITICIAN)
    form = f"{url}/messages/{question}/answer"
    assert submit(politician, form, {"answer": "Ja, från mars."}).status_code == 302
    for value in ("", "   \r\n  "):
        response = submit(politician, form, {"answer": value})
        assert response.status_code == 400 and BLANK in response.get_data(as_text=True)
    response = submit(politician, form, {})
    assert response.status_code == 400 and BLANK in response.get_data(as_text=True)
    assert answers(app, question) == [("Karin Fjällström", "Ja, från mars.")]


def test_two_officials_answers_are_both_kept_and_shown_in_order(app, live_server, meeting_id,
                                                               clients):
    gunnel = follow(app, live_server, meeting_id)
    official = follow(app, live_server, meeting_id, who=OFFICIAL)
    politician = follow(app, live_server, meeting_id, who=POLITICIAN)
    clients += [gunnel, official, politician]
    question = ask(gunnel, "Varför stängde vårdcentralen?")
    assert official.emit("meeting:answer", {"message_id": question,
                                            "text": "Läkarna räckte inte till."})["ok"]
    assert politician.emit("meeting:answer", {"message_id": question,
                                              "text": "Vi öppnar igen i vår."})["ok"]
    assert answers(app, question) == [("Jonas Ådalsberg", "Läkarna räckte inte till."),
                                      ("Karin Fjällström", "Vi öppnar igen i vår.")]
    # Everyone following sees the question again with both answers, each with its author.
    assert gunnel.wait_for(lambda c: c.kinds()[-2:] == [("message", "update")] * 2)
    last = gunnel.delivered["public"][-1]["message"]
    assert last["answered"] and [(a["author"]["name"], a["text"]) for a in last["answers"]] == [
        ("Jonas Ådalsberg", "Läkarna räckte inte till."),
        ("Karin Fjällström", "Vi öppnar igen i vår.")]
    assert all(a["created_at"].endswith("+00:00") for a in last["answers"])
    # And the page, without JavaScript, in the same order.
    page = staff_client(app, FACILITATOR).get(f"/r/NASAKER/meetings/{meeting_id}")
    text = page.get_data(as_text=True)
    first, second = text.index("Läkarna räckte inte till."), text.index("Vi öppnar igen i vår.")
    assert first < second
    assert text.index("Jonas Ådalsberg", text.index("Varför stängde")) < first
    assert text.index("Karin Fjällström", first) < second


def test_the_same_answer_sent_twice_is_kept_once(app, live_server, meeting_id, clients):
    gunnel = follow(app, live_server, meeting_id)
    official = follow(app, live_server, meeting_id, who=OFFICIAL)
    clients += [gunnel, official]
    question = ask(gunnel)
    for _ in range(2):
        assert official.emit("meeting:answer", {"message_id": question, "text": "Utreds."})["ok"]
    assert answers(app, question) == [("Jonas Ådalsberg", "Utreds.")]
    assert gunnel.wait_for(lambda c: ("message", "update") in c.kinds())
    assert [k for k in gunnel.kinds() if k == ("message", "update")] == [("message", "update")]


def test_a_question_answered_aloud_is_marked_without_text(app, live_server, meeting_id, clients):
    gunnel = follow(app, live_server, meeting_id)
    politician = follow(app, live_server, meeting_id, who=POLITICIAN)
    clients += [gunnel, politician]
    question = ask(gunnel)
    ack = politician.emit("meeting:answer", {"message_id": question, "mark_answered": True})
    assert ack["ok"], ack
    assert politician.emit("meeting:answer", {"message_id": question,
                                              "mark_answered": True})["ok"]  # no change
    assert gunnel.wait_for(lambda c: ("message", "update") in c.kinds())
    assert [k for k in gunnel.kinds() if k == ("message", "update")] == [("message", "update")]
    update = gunnel.delivered["public"][-1]["message"]
    assert update["answered"] and update["answers"] == []
    assert answered(app, question)[0] and answers(app, question) == []
    with app.app_context():
        from samskapande.audit.models import AuditEvent
        actions = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.action.like("message.%answer%"))).all()
    assert actions == ["message.mark_answered"]


def test_the_mark_as_answered_button_works_without_javascript(app, live_server, meeting_id,
                                                              clients):
    gunnel = follow(app, live_server, meeting_id)
    clients.append(gunnel)
    question = ask(gunnel)
    url = f"/r/NASAKER/meetings/{meeting_id}"
    official = staff_client(app, OFFICIAL)
    page = official.get(url).get_data(as_text=True)
    assert "Mark as answered" in page
    response = submit(official, url, {}, action=f"{url}/messages/{question}/answered")
    assert response.status_code == 302
    assert answered(app, question)[0]
    facilitator = staff_client(app, FACILITATOR)
    assert "Mark as answered" not in facilitator.get(url).get_data(as_text=True)


def test_the_transcript_shows_both_answers(app, live_server, meeting_id, clients):
    import csv
    import io

    gunnel = follow(app, live_server, meeting_id)
    official = follow(app, live_server, meeting_id, who=OFFICIAL)
    politician = follow(app, live_server, meeting_id, who=POLITICIAN)
    clients += [gunnel, official, politician]
    question = ask(gunnel, "Blir det buss till Näsåker?")
    official.emit("meeting:answer", {"message_id": question, "text": "Linjen utreds."})
    politician.emit("meeting:answer", {"message_id": question, "text": "Ja, från mars."})
    facilitator = staff_client(app, FACILITATOR)
    url = f"/r/NASAKER/meetings/{meeting_id}"
    page = facilitator.get(f"{url}/transcript").get_data(as_text=True)
    assert page.index("Linjen utreds.") < page.index("Ja, från mars.")
    assert "Jonas Ådalsberg" in page and "Karin Fjällström" in page
    body = facilitator.get(f"{url}/transcript.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))[1:]
    assert [(r[1], r[4]) for r in rows] == [("Question", "Blir det buss till Näsåker?"),
                                            ("Answer", "Linjen utreds."),
                                            ("Answer", "Ja, från mars.")]
    assert "Jonas Ådalsberg" in rows[1][2] and "Karin Fjällström" in rows[2][2]
    with app.app_context():
        assert len(db.session.scalars(select(QuestionAnswer)).all()) == 2
