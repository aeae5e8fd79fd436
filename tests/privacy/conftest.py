"""A closed demo round with everything retention touches: answers, votes, themes, chat, polls."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samskapande.extensions import db
from samskapande.live.models import (
    Meeting,
    Message,
    MessageKind,
    Mute,
    Poll,
    PollAnswer,
    PollOption,
    QuestionVote,
)
from samskapande.live.payloads import message_payload
from samskapande.manage.services import change_phase
from samskapande.realtime import journal
from samskapande.rounds.models import Participant, Phase
from tests.browser.test_journeys import browser, browsing  # noqa: F401  (fixtures)
from tests.reports.helpers import curate, demo_round, facilitator, vote


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def add_meeting_activity(round_) -> Poll:
    """Chat, questions with upvotes, a mute and a poll answered by every participant."""
    meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == round_.id))
    people = db.session.scalars(select(Participant).where(
        Participant.round_id == round_.id).order_by(Participant.id)).all()
    poll = Poll(meeting_id=meeting.id, question="Vilket behov är viktigast?", status="closed",
                options=[PollOption(label="Buss", position=0), PollOption(label="Läkare",
                                                                           position=1)])
    db.session.add(poll)
    db.session.flush()
    for i, person in enumerate(people):
        message = Message(meeting_id=meeting.id, participant_id=person.id,
                          kind=MessageKind.QUESTION if i % 2 else MessageKind.MESSAGE,
                          text=f"Inlägg från {person.display_name}")
        db.session.add(message)
        db.session.flush()
        # As the live services do: the journal keeps a copy for reconnecting clients.
        journal.queue_event(meeting.id, "public", "message", "add",
                            message=message_payload(message))
        for other in people[:2]:
            db.session.add(QuestionVote(message_id=message.id, participant_id=other.id))
        db.session.add(PollAnswer(poll_id=poll.id, option_id=poll.options[i % 2].id,
                                  participant_id=person.id))
    db.session.add(Mute(meeting_id=meeting.id, participant_id=people[0].id))
    people[0].email, people[0].email_consent = "gunnel@example.se", True
    db.session.commit()
    return poll


@pytest.fixture
def closed_round(app, demo, ctx):
    """The demo round voted on, its themes published, a meeting held, and then closed."""
    round_ = demo_round()
    vote(round_)
    curate(round_)
    poll = add_meeting_activity(round_)
    change_phase(round_, Phase.CLOSED, facilitator())
    return round_, poll
