"""The big screen (storbild): what it is sent and shows of the spotlight's answers and of
an open poll, and that nothing hidden, held or not yet opened reaches it."""

from __future__ import annotations

import re

import pytest

from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.live import services
from samskapande.live.common import LiveError
from samskapande.live.models import Message, Poll
from samskapande.rounds.models import ModerationMode
from tests.conftest import log_in
from tests.live.helpers import (
    DEMO_PASSWORD,
    FACILITATOR,
    POLITICIAN,
    demo_meeting,
    new_participant,
    staff,
)
from tests.realtime.live_clients import (
    LiveClient,
    demo_meeting_id,
    resident,
    settle,
    staff_session,
)

QUESTION = "Kan provtagningen flytta till bygdegården?"
ANSWER = "Ja, från mars en gång i månaden."


def screen(app, meeting_id: int) -> str:
    """The projector page as the facilitator's browser gets it, in English (the msgids)."""
    client = app.test_client()
    client.get("/language/en")
    assert log_in(client, FACILITATOR, DEMO_PASSWORD).status_code == 302
    response = client.get(f"/r/NASAKER/meetings/{meeting_id}/screen")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def spotlit_question(app, text: str = QUESTION) -> int:
    with app.app_context():
        participant = new_participant(demo_meeting().round_id, "Gunnel")
    with app.app_context(), unit_of_work():
        participant = db.session.merge(participant)
        message = services.post_message(demo_meeting(), participant=participant,
                                        kind="question", text=text)
        services.set_spotlight(message, staff(FACILITATOR), True)
        return message.id


def answer(app, message_id: int, text: str | None = ANSWER) -> None:
    with app.app_context(), unit_of_work():
        message = db.session.get(Message, message_id)
        if text is None:
            services.mark_answered(message, staff(POLITICIAN))
        else:
            services.answer_question(message, staff(POLITICIAN), text)


@pytest.fixture
def meeting_id(app, demo):
    with app.app_context():
        return demo_meeting().id


# -- the spotlight's answer -----------------------------------------------------------------

@pytest.fixture
def live_meeting_id(app, live_server):
    yield demo_meeting_id(app)
    settle(app)


def test_the_projector_is_sent_the_answer_of_the_spotlighted_question(
        app, live_server, live_meeting_id):
    _uid, http = staff_session(app, live_server.url, FACILITATOR)
    projector = LiveClient(live_server.url, http, live_meeting_id, view="projector")
    _pid, gunnel_http = resident(app, live_server.url, name="Gunnel")
    gunnel = LiveClient(live_server.url, gunnel_http, live_meeting_id)
    _uid, karin_http = staff_session(app, live_server.url, POLITICIAN)
    karin = LiveClient(live_server.url, karin_http, live_meeting_id)
    maria = LiveClient(live_server.url, staff_session(app, live_server.url, FACILITATOR)[1],
                       live_meeting_id)
    try:
        for client in (projector, gunnel, karin, maria):
            assert client.join()["ok"]
        ack = gunnel.emit("meeting:post", {"meeting_id": live_meeting_id, "kind": "question",
                                           "text": QUESTION})
        assert ack["ok"], ack
        question = ack["message"]["id"]
        assert maria.emit("meeting:moderate", {"message_id": question,
                                               "action": "spotlight"})["ok"]
        assert karin.emit("meeting:answer", {"message_id": question, "text": ANSWER})["ok"]
        assert projector.wait_for(lambda c: any(
            e.get("message", {}).get("answers") for e in c.delivered["public"]))
        update = projector.delivered["public"][-1]
        assert (update["type"], update["op"]) == ("message", "update")
        shown = update["message"]
        assert shown["spotlight"] and shown["answered"] and shown["text"] == QUESTION
        [given] = shown["answers"]
        assert given["text"] == ANSWER
        assert given["author"]["name"] == "Karin Fjällström"
        assert given["author"]["organisation"] == "Region Västernorrland"
        assert given["author"]["role"] == "politician"
    finally:
        for client in (projector, gunnel, karin, maria):
            client.close()
    page = screen(app, live_meeting_id)
    assert ANSWER in page and "Answer from" in page and "Region Västernorrland" in page


def test_a_question_answered_aloud_says_so_on_the_screen(app, meeting_id):
    question = spotlit_question(app)
    assert "spotlight-answered" not in screen(app, meeting_id)
    answer(app, question, None)
    page = screen(app, meeting_id)
    assert QUESTION in page and 'class="spotlight-answered">Answered aloud<' in page


def test_every_answer_shows_under_the_spotlight_oldest_first(app, meeting_id):
    question = spotlit_question(app)
    answer(app, question, "Först detta.")
    answer(app, question, "Sedan detta.")
    page = screen(app, meeting_id)
    assert page.index("Först detta.") < page.index("Sedan detta.")
    assert "spotlight-answered" not in page  # it has written answers


def test_a_hidden_spotlighted_question_leaves_the_screen_with_its_answer(app, meeting_id):
    question = spotlit_question(app)
    answer(app, question)
    assert ANSWER in screen(app, meeting_id)
    with app.app_context(), unit_of_work():
        services.hide_message(db.session.get(Message, question), staff(FACILITATOR),
                              "Personuppgifter")
    page = screen(app, meeting_id)
    assert QUESTION not in page and ANSWER not in page and "Personuppgifter" not in page
    assert re.search(r'id="spotlight-body">\s*</div>', page)  # nothing in the spotlight


def test_a_held_question_cannot_be_put_on_the_screen(app, meeting_id):
    with app.app_context():
        demo_meeting().moderation = ModerationMode.PRE
        db.session.commit()
        participant = new_participant(demo_meeting().round_id)
    with app.app_context(), unit_of_work():
        participant = db.session.merge(participant)
        held = services.post_message(demo_meeting(), participant=participant, kind="question",
                                     text=QUESTION)
        with pytest.raises(LiveError):
            services.set_spotlight(held, staff(FACILITATOR), True)
    assert QUESTION not in screen(app, meeting_id)


# -- an open poll ---------------------------------------------------------------------------

def make_poll(app, question: str = "Vad först?") -> int:
    with app.app_context(), unit_of_work():
        poll = services.create_poll(demo_meeting(), staff(FACILITATOR), question=question,
                                    kind="single", options=["Buss", "Vårdcentral", "Hemtjänst"])
        return poll.id


def poll_action(app, poll_id: int, action) -> None:
    with app.app_context(), unit_of_work():
        action(db.session.get(Poll, poll_id), staff(FACILITATOR))


def test_an_open_poll_takes_the_screen_and_a_draft_or_closed_one_does_not(app, meeting_id):
    poll_id = make_poll(app)
    page = screen(app, meeting_id)
    assert "Vad först?" not in page and "poll-open" not in page  # a draft
    poll_action(app, poll_id, services.open_poll)
    with app.app_context():
        round_id = demo_meeting().round_id
        options = [o.id for o in db.session.get(Poll, poll_id).options]
    for chosen in (options[1], options[1], options[2]):
        with app.app_context():
            participant = new_participant(round_id)
            with unit_of_work():
                services.answer_poll(db.session.get(Poll, poll_id), participant, [chosen])
    page = screen(app, meeting_id)
    assert 'class="projector-grid poll-open"' in page and "Vad först?" in page
    for label, count in (("Buss", 0), ("Vårdcentral", 2), ("Hemtjänst", 1)):
        assert re.search(f'<span class="big-label">{label}</span>\\s*'
                         f'<span class="big-count">{count}</span>', page), label
    assert "3 answers in all" in page
    poll_action(app, poll_id, services.close_poll)
    page = screen(app, meeting_id)
    assert "poll-open" not in page and 'class="big-label"' not in page


def test_one_answer_in_all_is_singular(app, meeting_id):
    poll_id = make_poll(app)
    poll_action(app, poll_id, services.open_poll)
    with app.app_context():
        participant = new_participant(demo_meeting().round_id)
        with unit_of_work():
            poll = db.session.get(Poll, poll_id)
            services.answer_poll(poll, participant, [poll.options[0].id])
    assert "1 answer in all" in screen(app, meeting_id)
