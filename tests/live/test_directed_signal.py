"""A question directed to someone is signalled once it is shown (notifications mails them)."""

from __future__ import annotations

import pytest

from samskapande.core.signals import question_directed
from samskapande.extensions import db
from samskapande.live import services
from tests.live.helpers import FACILITATOR, POLITICIAN, demo_meeting, new_participant, staff


@pytest.fixture
def meeting(app, demo):
    with app.test_request_context():
        yield demo_meeting()
        db.session.rollback()


@pytest.fixture
def directed():
    sent = []

    def receiver(sender, **kwargs):
        sent.append(sender)

    question_directed.connect(receiver)
    yield sent
    question_directed.disconnect(receiver)


def test_a_question_to_a_person_is_signalled(meeting, directed):
    question = services.post_message(meeting, participant=new_participant(meeting.round_id),
                                     kind="question", text="När kommer bussen?",
                                     directed_user_id=staff(POLITICIAN).id)
    assert directed == [question]


def test_a_question_to_an_organisation_is_signalled(meeting, directed):
    organisation = meeting.round.model_area.organisations[0]
    question = services.post_message(meeting, participant=new_participant(meeting.round_id),
                                     kind="question", text="Vem ansvarar?",
                                     directed_organisation_id=organisation.id)
    assert directed == [question]


def test_undirected_questions_and_messages_are_not(meeting, directed):
    resident = new_participant(meeting.round_id)
    services.post_message(meeting, participant=resident, kind="question", text="Till alla?")
    services.post_message(meeting, participant=resident, kind="message", text="Hej",
                          directed_user_id=staff(POLITICIAN).id)
    assert directed == []


def test_a_held_question_is_signalled_when_let_through_once(meeting, directed):
    facilitator = staff(FACILITATOR)
    services.set_moderation(meeting, facilitator, "pre")
    question = services.post_message(meeting, participant=new_participant(meeting.round_id),
                                     kind="question", text="När kommer bussen?",
                                     directed_user_id=staff(POLITICIAN).id)
    assert directed == []
    services.approve_message(question, facilitator)
    assert directed == [question]
    services.hide_message(question, facilitator, "Fel möte")
    services.approve_message(question, facilitator)
    assert directed == [question]
