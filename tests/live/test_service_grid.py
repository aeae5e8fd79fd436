"""The services decide permission: role × own/other model area × every changing service.

Each service is called by each kind of person; it either does its work or refuses with a
`Refusal`, and a refused call stores nothing (no row, no changed setting, no event, no
audit). The services flush and never commit, so after each call the test rolls back and
the next call starts from the same meeting.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samskapande.audit.models import AuditEvent
from samskapande.core.refusals import Refusal
from samskapande.extensions import db
from samskapande.live import services
from samskapande.live.meetings import MeetingDetails, create_meeting, update_meeting
from samskapande.live.models import (
    Meeting,
    Message,
    MessageStatus,
    Mute,
    Poll,
    PollBallot,
    PollOption,
    PollStatus,
    QuestionVote,
)
from samskapande.realtime.models import LiveEvent
from tests.live.helpers import new_participant
from tests.live.test_permissions import person, world  # noqa: F401  (world: a fixture)

MODERATE = {"approve", "hide", "pin", "spotlight", "open_chat", "slow_mode", "moderation",
            "mute", "unmute", "create_poll", "open_poll", "close_poll", "create_meeting",
            "update_meeting"}
ANSWER = {"answer"}
POST = {"post"}
RESIDENT = {"post", "upvote", "answer_poll"}
ROUND_STAFF = POST | ANSWER

GRID = [
    ("admin", "own", MODERATE | POST),
    ("facilitator", "own", MODERATE | POST),
    ("facilitator", "other", set()),
    ("official", "own", ROUND_STAFF),
    ("official", "other", set()),
    ("politician", "own", ROUND_STAFF),
    ("politician", "other", set()),
    ("inactive-official", "own", set()),
    ("resident", "own", RESIDENT),
    ("resident", "other", set()),
    ("anonymous", "own", set()),
]


def scene(meeting: Meeting) -> dict:
    """A question, a held post, a muted resident, a draft poll and an open one (committed)."""
    author = new_participant(meeting.round_id, "Författare")
    muted = new_participant(meeting.round_id, "Tystad")
    question = Message(meeting_id=meeting.id, participant_id=author.id, kind="question",
                       text="När kommer bussen?", status=MessageStatus.VISIBLE)
    held = Message(meeting_id=meeting.id, participant_id=author.id, kind="message",
                   text="Väntar på godkännande", status=MessageStatus.PENDING)
    draft = Poll(meeting_id=meeting.id, question="Utkast?", kind="single",
                 options=[PollOption(label="A", position=0), PollOption(label="B", position=1)])
    open_ = Poll(meeting_id=meeting.id, question="Öppen?", kind="single",
                 status=PollStatus.OPEN,
                 options=[PollOption(label="Ja", position=0), PollOption(label="Nej", position=1)])
    db.session.add_all([question, held, draft, open_])
    db.session.flush()
    db.session.add(Mute(meeting_id=meeting.id, participant_id=muted.id))
    db.session.commit()
    return {"question": question.id, "held": held.id, "draft": draft.id, "open": open_.id,
            "muted": muted.id, "author": author.id}


def calls(meeting: Meeting, ids: dict, user, participant) -> dict:
    """Each changing service, as this person would call it."""
    from samskapande.rounds.models import Participant

    def message(key):
        return db.session.get(Message, ids[key])

    def poll(key):
        return db.session.get(Poll, ids[key])

    return {
        "post": lambda: services.post_message(meeting, user=user, participant=participant,
                                              text="Hej från rutnätet"),
        "upvote": lambda: services.upvote_question(message("question"), participant),
        "answer": lambda: services.answer_question(message("question"), user, "Svar"),
        "approve": lambda: services.approve_message(message("held"), user),
        "hide": lambda: services.hide_message(message("question"), user, "Fel möte"),
        "pin": lambda: services.set_pinned(message("question"), user, True),
        "spotlight": lambda: services.set_spotlight(message("question"), user, True),
        "open_chat": lambda: services.set_chat_open(meeting, user, not meeting.chat_open),
        "slow_mode": lambda: services.set_slow_mode(meeting, user, 17),
        "moderation": lambda: services.set_moderation(
            meeting, user, "post" if meeting.moderation == "pre" else "pre"),
        "mute": lambda: services.mute_participant(
            meeting, db.session.get(Participant, ids["author"]), user),
        "unmute": lambda: services.unmute_participant(
            meeting, db.session.get(Participant, ids["muted"]), user),
        "create_poll": lambda: services.create_poll(meeting, user, question="Ny fråga?",
                                                    kind="single", options=["Ett", "Två"]),
        "open_poll": lambda: services.open_poll(poll("draft"), user),
        "close_poll": lambda: services.close_poll(poll("open"), user),
        "answer_poll": lambda: services.answer_poll(
            poll("open"), participant, [poll("open").options[0].id]),
        "create_meeting": lambda: create_meeting(meeting.round, user, title="Nytt möte",
                                                 moderation="post"),
        "update_meeting": lambda: update_meeting(meeting, user, MeetingDetails(
            title="Nytt namn", location="Folkets hus")),
    }


def stored(meeting_id: int) -> tuple:
    """Everything a meeting action could change, to compare before and after a refusal."""
    counts = tuple(db.session.scalar(select(func.count()).select_from(model))
                   for model in (Meeting, Message, QuestionVote, Mute, Poll, PollBallot,
                                 LiveEvent, AuditEvent))
    meeting = db.session.get(Meeting, meeting_id)
    messages = tuple(db.session.execute(
        select(Message.id, Message.status, Message.pinned, Message.spotlight,
               Message.answered_at, Message.hidden_reason).order_by(Message.id)).all())
    polls = tuple(db.session.execute(select(Poll.id, Poll.status).order_by(Poll.id)).all())
    return (counts, meeting.title, meeting.location, meeting.changed_at, meeting.chat_open,
            meeting.slow_mode_seconds, str(meeting.moderation),
            messages, polls)


@pytest.mark.parametrize(("who", "area", "allowed"), GRID,
                         ids=[f"{w}-{a}" for w, a, _ in GRID])
def test_service_permission_grid(world, who, area, allowed):  # noqa: F811
    meeting_id = world["meeting"].id
    ids = scene(world["meeting"])
    user, participant = person(world, who, area)
    user_id, participant_id = getattr(user, "id", None), getattr(participant, "id", None)
    granted = set()
    for action in calls(world["meeting"], ids, user, participant):
        from samskapande.accounts.models import User
        from samskapande.rounds.models import Participant

        meeting = db.session.get(Meeting, meeting_id)
        actor = db.session.get(User, user_id) if user_id else user
        resident = db.session.get(Participant, participant_id) if participant_id else None
        before = stored(meeting_id)
        try:
            calls(meeting, ids, actor, resident)[action]()
        except Refusal:
            assert stored(meeting_id) == before, f"{action} was refused but stored something"
        else:
            granted.add(action)
        db.session.rollback()
    assert granted == allowed
