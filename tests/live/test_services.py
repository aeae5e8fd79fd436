"""The rules of a meeting, through the services that HTTP views and sockets both call."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.live import services
from samskapande.live.models import Message, Poll
from samskapande.needs.models import Need
from samskapande.realtime import coalesce
from samskapande.rounds.models import Ticket
from tests.live.helpers import (
    FACILITATOR,
    OFFICIAL,
    POLITICIAN,
    demo_meeting,
    events,
    last_event,
    new_participant,
    staff,
)


@pytest.fixture
def rctx(app, demo):
    with app.test_request_context(headers={"Cookie": "lang=en"}):  # the English msgids
        yield
        db.session.rollback()


@pytest.fixture
def meeting(rctx):
    return demo_meeting()


def audited(action: str) -> int:
    return len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_a_resident_post_is_visible_and_published(meeting):
    resident = new_participant(meeting.round_id, "Gunnel")
    message = services.post_message(meeting, participant=resident, text="  Hej alla  ")
    assert message.text == "Hej alla" and message.status == "visible"
    evt = last_event(meeting.id, "public")
    assert (evt["type"], evt["op"]) == ("message", "add")
    assert evt["message"]["author"] == {"role": "resident", "name": "Gunnel", "title": "",
                                        "organisation": "", "party": ""}
    assert "participant_id" not in str(evt) and resident.resume_code not in str(evt)


def test_staff_post_says_who_speaks(meeting):
    message = services.post_message(meeting, user=staff(POLITICIAN), text="Vi lyssnar.")
    author = services.message_payload(message)["author"]
    assert author["role"] == "politician" and author["party"] == "C"
    assert author["organisation"] == "Region Västernorrland"


def test_pre_moderation_holds_resident_posts_until_approved(meeting):
    facilitator = staff(FACILITATOR)
    services.set_moderation(meeting, facilitator, "pre")
    resident = new_participant(meeting.round_id)
    message = services.post_message(meeting, participant=resident, text="Får jag fråga?")
    assert message.status == "pending"
    assert ("message", "held") in events(meeting.id, "staff")
    assert ("message", "add") not in events(meeting.id, "public")
    assert message not in services.visible_messages(meeting)
    services.approve_message(message, facilitator)
    assert message.status == "visible"
    assert events(meeting.id, "public")[-1] == ("message", "add")
    assert events(meeting.id, "staff")[-1] == ("message", "approved")
    assert audited("message.approve") == 1 and audited("meeting.moderation") == 1


def test_closed_chat_refuses_residents_but_not_staff(meeting):
    facilitator = staff(FACILITATOR)
    services.set_chat_open(meeting, facilitator, False)
    assert events(meeting.id, "public")[-1] == ("meeting", "update")
    resident = new_participant(meeting.round_id)
    with pytest.raises(services.LiveError, match="closed"):
        services.post_message(meeting, participant=resident, text="Hallå?")
    services.post_message(meeting, user=facilitator, text="Vi tar en paus.")
    services.set_chat_open(meeting, facilitator, True)
    services.post_message(meeting, participant=resident, text="Hallå?")
    assert audited("meeting.close_chat") == 1 and audited("meeting.open_chat") == 1


def test_slow_mode_allows_one_post_per_period(meeting):
    services.set_slow_mode(meeting, staff(FACILITATOR), 60)
    resident = new_participant(meeting.round_id)
    services.post_message(meeting, participant=resident, text="Första")
    with pytest.raises(services.LiveError, match="Slow mode"):
        services.post_message(meeting, participant=resident, text="Andra")
    other = new_participant(meeting.round_id)
    services.post_message(meeting, participant=other, text="Andra")
    with pytest.raises(services.LiveError):
        services.set_slow_mode(meeting, staff(FACILITATOR), 100_000)


def test_muted_participant_cannot_post_until_unmuted(meeting):
    facilitator = staff(FACILITATOR)
    resident = new_participant(meeting.round_id)
    first = services.post_message(meeting, participant=resident, text="Skrik")
    services.moderate(first, facilitator, "mute")
    assert events(meeting.id, "staff")[-1] == ("mute", "add")
    with pytest.raises(services.LiveError, match="paused"):
        services.post_message(meeting, participant=resident, text="Mer skrik")
    services.unmute_participant(meeting, resident, facilitator)
    services.post_message(meeting, participant=resident, text="Förlåt")
    assert audited("participant.mute") == 1 and audited("participant.unmute") == 1


def test_hide_needs_a_reason_and_removes_the_post(meeting):
    facilitator = staff(FACILITATOR)
    message = services.post_message(meeting, participant=new_participant(meeting.round_id),
                                    text="Olämpligt")
    with pytest.raises(services.LiveError):
        services.hide_message(message, facilitator, "  ")
    services.hide_message(message, facilitator, "Personangrepp")
    assert message.status == "hidden" and message.hidden_reason == "Personangrepp"
    assert events(meeting.id, "public")[-1] == ("message", "remove")
    hidden = last_event(meeting.id, "staff")
    assert hidden["op"] == "hidden" and hidden["reason"] == "Personangrepp"
    assert "Personangrepp" not in str(journal_public(meeting))
    assert audited("message.hide") == 1


def journal_public(meeting):
    from samskapande.realtime import journal
    return journal.events_since(meeting.id, "public", 0)


def test_pin_and_one_spotlight_at_a_time(meeting):
    facilitator = staff(FACILITATOR)
    resident = new_participant(meeting.round_id)
    first = services.post_message(meeting, participant=resident, text="Ett")
    second = services.post_message(meeting, participant=resident, text="Två")
    services.set_pinned(first, facilitator, True)
    assert services.visible_messages(meeting)[0] == first
    services.set_spotlight(first, facilitator, True)
    services.set_spotlight(second, facilitator, True)
    assert not first.spotlight and second.spotlight
    assert services.spotlight_message(meeting) == second
    assert audited("message.pin") == 1 and audited("message.spotlight") == 2


def test_only_the_facilitator_moderates(meeting):
    message = services.post_message(meeting, participant=new_participant(meeting.round_id),
                                    text="Hej")
    for email in (OFFICIAL, POLITICIAN):
        with pytest.raises(services.LiveError):
            services.hide_message(message, staff(email), "Nej")
        with pytest.raises(services.LiveError):
            services.set_chat_open(meeting, staff(email), False)
    assert message.status == "visible"


def test_questions_directed_upvoted_once_and_answered(meeting):
    politician = staff(POLITICIAN)
    resident = new_participant(meeting.round_id)
    question = services.post_message(
        meeting, participant=resident, kind="question", text="När kommer bussen?",
        directed_user_id=politician.id)
    payload = services.message_payload(question)
    assert payload["directed_to"].startswith("Karin Fjällström")
    for voter in (resident, resident, new_participant(meeting.round_id)):
        services.upvote_question(question, voter)
    assert services.message_payload(question)["votes"] == 2
    services.answer_question(question, politician, "Till våren.")
    payload = last_event(meeting.id, "public")["message"]
    assert payload["answered"] and [a["text"] for a in payload["answers"]] == ["Till våren."]
    assert payload["answers"][0]["author"]["role"] == "politician"
    assert services.top_questions(meeting) == []


def test_a_question_cannot_be_directed_outside_the_round(meeting, app):
    from tests.conftest import create_staff
    stranger = create_staff(app, "politician")
    with pytest.raises(services.LiveError):
        services.post_message(meeting, participant=new_participant(meeting.round_id),
                              kind="question", text="Till dig", directed_user_id=stranger["id"])


def test_bad_text_is_refused_and_double_posts_are_one(meeting):
    resident = new_participant(meeting.round_id)
    for text in ("", "   ", "x" * 1001, "nul\x00tecken"):
        with pytest.raises(services.LiveError):
            services.post_message(meeting, participant=resident, text=text)
    first = services.post_message(meeting, participant=resident, text="🙂 سارا")
    again = services.post_message(meeting, participant=resident, text="🙂 سارا")
    assert first.id == again.id
    assert db.session.scalar(select(db.func.count(Message.id))
                             .where(Message.participant_id == resident.id)) == 1


def test_outsiders_cannot_post(meeting):
    with pytest.raises(services.LiveError):
        services.post_message(meeting, text="Hej")
    other_area = staff(FACILITATOR)
    other_area.model_areas = []
    db.session.commit()
    with pytest.raises(services.LiveError):
        services.post_message(meeting, participant=None, user=other_area, text="Hej")


def test_polls_one_answer_each_and_live_results(meeting):
    facilitator = staff(FACILITATOR)
    poll = services.create_poll(meeting, facilitator, question="Bästa dag?", kind="single",
                                options=["Tisdag", "Torsdag", "Tisdag", ""])
    assert [o.label for o in poll.options] == ["Tisdag", "Torsdag"]
    again = services.create_poll(meeting, facilitator, question="Bästa dag?", kind="single",
                                 options=["Tisdag", "Torsdag"])
    assert again.id == poll.id  # a double submit makes one poll
    resident = new_participant(meeting.round_id)
    with pytest.raises(services.LiveError, match="closed"):
        services.answer_poll(poll, resident, [poll.options[0].id])
    services.open_poll(poll, facilitator)
    with pytest.raises(services.LiveError):
        services.answer_poll(poll, resident, [o.id for o in poll.options])
    services.answer_poll(poll, resident, [poll.options[0].id])
    with pytest.raises(services.LiveError, match="already"):
        services.answer_poll(poll, resident, [poll.options[1].id])
    db.session.commit()  # the results are journaled after the answer's commit, apart
    assert coalesce.settle()
    result = last_event(meeting.id, "public")
    assert (result["type"], result["op"]) == ("poll", "update")
    assert result["poll"]["total"] == 1 and result["poll"]["options"][0]["count"] == 1
    services.close_poll(poll, facilitator)
    assert events(meeting.id, "public")[-1] == ("poll", "close")
    with pytest.raises(services.LiveError):
        services.answer_poll(poll, new_participant(meeting.round_id), [poll.options[1].id])
    assert audited("poll.open") == 1 and audited("poll.close") == 1


def test_multiple_choice_and_needs_polls(meeting):
    facilitator = staff(FACILITATOR)
    poll = services.create_poll(meeting, facilitator, question="Vilka?", kind="multiple",
                                options=["A", "B", "C"])
    services.open_poll(poll, facilitator)
    services.answer_poll(poll, new_participant(meeting.round_id),
                         [poll.options[0].id, poll.options[2].id])
    assert services.poll_payload(poll)["total"] == 1
    needs = services.create_poll(meeting, facilitator, question="Vad är viktigast?",
                                 kind="needs")
    need_ids = {o.need_id for o in needs.options}
    visible = set(db.session.scalars(select(Need.id).where(Need.status == "visible")))
    assert len(need_ids) >= 2 and need_ids <= visible
    with pytest.raises(services.LiveError):
        services.create_poll(meeting, facilitator, question="Bara en?", kind="single",
                             options=["A"])


def test_ticket_mode_polls_need_a_redeemed_ticket(meeting):
    facilitator = staff(FACILITATOR)
    meeting.round.ticket_mode = True
    db.session.commit()
    poll = services.create_poll(meeting, facilitator, question="Ja eller nej?", kind="single",
                                options=["Ja", "Nej"])
    services.open_poll(poll, facilitator)
    without = new_participant(meeting.round_id)
    with pytest.raises(services.LiveError, match="ticket"):
        services.answer_poll(poll, without, [poll.options[0].id])
    with_ticket = new_participant(meeting.round_id)
    db.session.add(Ticket(round_id=meeting.round_id, code="TICKET01",
                          participant_id=with_ticket.id))
    db.session.commit()
    services.answer_poll(poll, with_ticket, [poll.options[0].id])
    assert services.poll_payload(db.session.get(Poll, poll.id))["total"] == 1
