"""The declared events (realtime.event_types): the docs list them, and the app emits them all.

Every test of tests/live and tests/realtime checks the events it causes against their
declarations (tests/realtime/event_checks.py); here a scripted meeting and a vote cause
every declared event once, and docs/realtime.md is read back against the table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from samskapande.extensions import db
from samskapande.live import services
from samskapande.needs.models import Need, NeedStatus
from samskapande.realtime import coalesce, presence, queue_health
from samskapande.realtime.event_types import EVENTS, EventShapeError, check_event
from samskapande.rounds.models import Phase
from tests.live.helpers import ADMIN, FACILITATOR, demo_meeting, new_participant, staff

DOCS = Path(__file__).resolve().parents[2] / "docs" / "realtime.md"
TICKS = re.compile(r"`([a-z_]+)`")


def documented_events() -> set[tuple]:
    """(name, stream, type, op, fields) of every event docs/realtime.md lists."""
    text = DOCS.read_text(encoding="utf-8")
    found = set()
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and " / " in cells[1] and cells[1].startswith("`"):
            type_, op = TICKS.findall(cells[1])
            stream = cells[0] if cells[0] in ("public", "staff") else None
            found.add(("live", stream, type_, op, frozenset(TICKS.findall(cells[2]))))
    # Round events: a `### `type` / `op`` section with a table of its fields.
    for type_, op, body in re.findall(r"^### `(\w+)` / `(\w+)`.*?\n(.*?)(?=^#)", text,
                                      flags=re.M | re.S):
        fields = frozenset(re.findall(r"^\| `(\w+)` \|", body, flags=re.M))
        found.add(("event", None, type_, op, fields))
    return found


def test_the_docs_list_exactly_the_declared_events():
    declared = {(*e.key, frozenset(e.fields)) for e in EVENTS}
    documented = documented_events()
    assert documented - declared == set(), "documented but not declared (or other fields)"
    assert declared - documented == set(), "declared but not documented (or other fields)"


def test_an_event_that_does_not_match_its_declaration_is_refused():
    good = {"type": "need", "op": "support", "need_id": 3, "support": 2}
    assert check_event("event", good).key == ("event", None, "need", "support")
    for bad in ({**good, "support": "2"}, {**good, "extra": 1}, {**good, "op": "odd"},
                {k: v for k, v in good.items() if k != "need_id"}, {**good, "support": True}):
        with pytest.raises(EventShapeError):
            check_event("event", bad)


@pytest.fixture
def rctx(app, demo):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        yield
        db.session.rollback()


def hold_a_meeting() -> None:
    """Every kind of meeting event, through the services that cause them."""
    meeting = demo_meeting()
    facilitator = staff(FACILITATOR)
    gunnel = new_participant(meeting.round_id, "Gunnel")
    services.set_moderation(meeting, facilitator, "pre")  # meeting/update
    held = services.post_message(meeting, participant=gunnel, text="Får jag fråga?",
                                 kind="question")  # message/held
    services.approve_message(held, facilitator)  # message/add, message/approved
    services.upvote_question(held, new_participant(meeting.round_id))
    db.session.commit()
    assert coalesce.settle()  # message/update: the question's votes, journaled apart
    services.mute_participant(meeting, gunnel, facilitator)  # mute/add
    services.unmute_participant(meeting, gunnel, facilitator)  # mute/remove
    services.hide_message(held, facilitator, "Fel möte")  # message/remove, message/hidden
    poll = services.create_poll(meeting, facilitator, question="Vilken tid?", kind="single",
                                options=["Kväll", "Dag"])
    services.open_poll(poll, facilitator)  # poll/open
    services.answer_poll(poll, gunnel, [poll.options[0].id])
    db.session.commit()
    assert coalesce.settle()  # poll/update: the results, journaled apart
    services.close_poll(poll, facilitator)  # poll/close
    db.session.commit()
    presence.push(meeting.id)  # presence/update
    queue_health.announce(queue_health.DELAYED)  # queue/update (the message queue is down)


def merge_two_needs() -> None:
    """need/support from merging a duplicate (manage) while results show live."""
    from samskapande.manage import services as manage

    meeting = demo_meeting()
    round_ = meeting.round
    round_.phase, round_.voting_open, round_.results_live = Phase.VOTE, True, True
    db.session.commit()
    duplicate, into = db.session.scalars(
        select(Need).where(Need.round_id == round_.id, Need.status == NeedStatus.VISIBLE)
        .order_by(Need.id).limit(2)).all()
    manage.merge(duplicate, into, staff(ADMIN))
    db.session.commit()


def test_every_declared_event_is_emitted_and_matches(rctx, checked_events):
    hold_a_meeting()
    merge_two_needs()
    assert checked_events.seen == {e.key for e in EVENTS}
