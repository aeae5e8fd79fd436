"""Meeting sockets with real Socket.IO clients against a live server: order, replay, who
sees what, and that every event checks who sends it."""

from __future__ import annotations

import time

import pytest
import socketio

from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.live.models import Meeting, Message
from samskapande.realtime import journal, limits
from samskapande.rounds.models import ModerationMode, Participant, Phase, Round
from tests.realtime.live_clients import (
    LiveClient,
    demo_meeting_id,
    resident,
    settle,
    staff_session,
)


@pytest.fixture
def meeting_id(app, live_server):
    yield demo_meeting_id(app)
    settle(app)


def follow(app, live_server, meeting_id, who="resident", **options) -> LiveClient:
    if who == "resident":
        _pid, http = resident(app, live_server.url)
    else:
        _uid, http = staff_session(app, live_server.url, who)
    client = LiveClient(live_server.url, http, meeting_id, **options)
    ack = client.join()
    assert ack["ok"], ack
    return client


def post(client: LiveClient, text: str, kind: str = "message") -> dict:
    return client.emit("meeting:post", {"meeting_id": client.meeting_id, "kind": kind,
                                        "text": text})


def test_posts_reach_every_follower_once_and_in_order(app, live_server, meeting_id):
    gunnel = follow(app, live_server, meeting_id)
    ahmed = follow(app, live_server, meeting_id, where="room")
    maria = follow(app, live_server, meeting_id, who="facilitator@demo.samskapande.se")
    try:
        acks = [post(gunnel, f"Inlägg nummer {i}") for i in range(1, 6)]
        assert all(ack["ok"] for ack in acks), acks
        assert acks[0]["message"]["text"] == "Inlägg nummer 1"
        for client in (gunnel, ahmed, maria):
            assert client.wait_seq("public", 5)
            texts = [e["message"]["text"] for e in client.delivered["public"]]
            assert texts == [f"Inlägg nummer {i}" for i in range(1, 6)]
            assert [e["seq"] for e in client.delivered["public"]] == [1, 2, 3, 4, 5]
        assert "participant_id" not in str(ahmed.raw)  # residents are pseudonymous
        # Presence: two residents (one in the room), the facilitator remote.
        assert gunnel.wait_for(lambda c: c.presence and c.presence[-1]["room"] == 1
                               and c.presence[-1]["remote"] == 2)
    finally:
        for client in (gunnel, ahmed, maria):
            client.close()


def test_a_client_that_was_away_gets_what_it_missed_without_gaps_or_twice(
        app, live_server, meeting_id):
    writer = follow(app, live_server, meeting_id)
    _pid, http = resident(app, live_server.url)
    reader = LiveClient(live_server.url, http, meeting_id)
    reader.join()
    try:
        for i in range(3):
            assert post(writer, f"Före {i}")["ok"]
        assert reader.wait_seq("public", 3)
        reader.close()
        for i in range(3):
            assert post(writer, f"Under {i}")["ok"]
        reader = LiveClient(live_server.url, http, meeting_id)
        reader.last = {"public": 3, "staff": 0}
        reader.delivered["public"] = [{"seq": n} for n in (1, 2, 3)]
        ack = reader.join()
        assert [e["seq"] for e in ack["public"]] == [4, 5, 6]
        assert post(writer, "Efter")["ok"]
        assert reader.wait_seq("public", 7)
        assert [e["seq"] for e in reader.delivered["public"]] == list(range(1, 8))
        assert "staff" not in ack  # a resident has no staff stream to replay
    finally:
        writer.close()
        reader.close()


def test_a_client_far_behind_is_told_to_reload(app, live_server, meeting_id, monkeypatch):
    from samskapande.live import sockets

    monkeypatch.setattr(sockets, "REPLAY_MAX", 2)
    writer = follow(app, live_server, meeting_id)
    try:
        for i in range(4):
            assert post(writer, f"Inlägg {i}")["ok"]
        ack = writer.emit("meeting:join", {"meeting_id": meeting_id, "after": {"public": 1}})
        assert ack["ok"] and ack["reset"] is True
    finally:
        writer.close()


def test_held_posts_and_staff_events_never_reach_residents(app, live_server, meeting_id):
    with app.app_context():
        db.session.get(Meeting, meeting_id).moderation = ModerationMode.PRE
        db.session.commit()
    gunnel = follow(app, live_server, meeting_id)
    ahmed = follow(app, live_server, meeting_id)
    maria = follow(app, live_server, meeting_id, who="facilitator@demo.samskapande.se")
    projector = follow(app, live_server, meeting_id, who="facilitator@demo.samskapande.se",
                       view="projector")
    try:
        ack = post(gunnel, "Kan vårdcentralen ha öppet på lördagar?", kind="question")
        assert ack["ok"] and ack["message"]["status"] == "pending"
        held_id = ack["message"]["id"]
        assert maria.wait_seq("staff", 1)
        assert maria.kinds("staff") == [("message", "held")]
        assert post(gunnel, "Ett inlägg till")["ok"]
        assert maria.wait_seq("staff", 2)
        ack = maria.emit("meeting:moderate", {"message_id": held_id, "action": "approve"})
        assert ack["ok"], ack
        assert ahmed.wait_seq("public", 1)
        assert ahmed.delivered["public"][0]["message"]["id"] == held_id
        ack = maria.emit("meeting:moderate", {"message_id": held_id, "action": "hide",
                                              "reason": "Personuppgifter"})
        assert ack["ok"], ack
        assert ahmed.wait_seq("public", 2)
        assert maria.wait_for(lambda c: ("message", "hidden") in c.kinds("staff"))
        time.sleep(0.3)  # time enough for a wrongly addressed event to arrive too
        for resident_client in (gunnel, ahmed, projector):
            assert resident_client.delivered["staff"] == []
            assert all(e["stream"] == "public" for e in resident_client.raw)
            assert "Personuppgifter" not in str(resident_client.raw)
            assert "Ett inlägg till" not in str(resident_client.raw)
        assert ahmed.kinds() == [("message", "add"), ("message", "remove")]
        # Asking for the staff stream on (re)join gives a resident nothing either.
        ack = gunnel.emit("meeting:join", {"meeting_id": meeting_id,
                                           "after": {"public": 0, "staff": 0}})
        assert ack["ok"] and "staff" not in ack
    finally:
        for client in (gunnel, ahmed, maria, projector):
            client.close()


def test_a_hidden_post_replays_as_its_removal_never_its_text(app, live_server, meeting_id):
    """A client that joins or re-joins after the hiding, from any point before it, is told
    to remove the post and never sees its text; the facilitators' stream keeps it."""
    gunnel = follow(app, live_server, meeting_id)
    maria = follow(app, live_server, meeting_id, who="facilitator@demo.samskapande.se")
    late = None
    try:
        ack = post(gunnel, "Mitt personnummer är 19400101-1234")
        assert ack["ok"], ack
        hidden_id = ack["message"]["id"]
        assert post(gunnel, "Ett vanligt inlägg")["ok"]
        pinned = maria.emit("meeting:moderate", {"message_id": hidden_id, "action": "pin"})
        assert pinned["ok"], pinned  # an update that carries the text too
        hidden = maria.emit("meeting:moderate", {"message_id": hidden_id, "action": "hide",
                                                 "reason": "Personuppgifter"})
        assert hidden["ok"], hidden
        assert maria.wait_seq("public", 4)

        late = follow(app, live_server, meeting_id)  # joins from the very beginning
        for after in (0, 1, 2):
            replay = late.emit("meeting:join", {"meeting_id": meeting_id,
                                                "after": {"public": after}})
            assert replay["ok"], replay
            assert "19400101" not in str(replay)
            about = [e for e in replay["public"] if e.get("message_id") == hidden_id]
            assert about and all((e["type"], e["op"]) == ("message", "remove") for e in about)
            assert [e["seq"] for e in replay["public"]] == list(range(after + 1, 5))
        assert "Ett vanligt inlägg" in str(late.emit(
            "meeting:join", {"meeting_id": meeting_id, "after": {"public": 0}}))
        staff = maria.emit("meeting:join", {"meeting_id": meeting_id,
                                            "after": {"public": 0, "staff": 0}})
        assert "19400101" in str(staff["staff"]) and "19400101" not in str(staff["public"])
    finally:
        for client in (gunnel, maria, late):
            if client is not None:
                client.close()


def test_sending_too_fast_is_refused_and_the_refused_posts_are_not_kept(
        app, live_server, meeting_id):
    gunnel = follow(app, live_server, meeting_id)
    try:
        acks = [post(gunnel, f"Snabbt {i}") for i in range(int(limits.RATES["write"].burst) + 3)]
        refused = [ack for ack in acks if not ack["ok"]]
        assert len(refused) >= 2
        assert refused[0]["error"].startswith("Du skickar för snabbt")
        with app.app_context():
            kept = db.session.scalar(db.select(db.func.count(Message.id)))
        assert kept == len(acks) - len(refused)
    finally:
        gunnel.close()


def test_oversized_or_malformed_events_are_refused(app, live_server, meeting_id):
    gunnel = follow(app, live_server, meeting_id)
    try:
        assert not post(gunnel, "x" * 1001)["ok"]
        ack = gunnel.emit("meeting:post", {"meeting_id": meeting_id, "text": "hej",
                                           "padding": "y" * 5000})
        assert not ack["ok"] and ack["error"]
        assert not gunnel.emit("meeting:post", {"meeting_id": "drop table", "text": "x"})["ok"]
        assert not gunnel.emit("meeting:upvote", {"message_id": None})["ok"]
        assert not gunnel.emit("poll:answer", {"poll_id": 1, "option_ids": "1"})["ok"]
        assert not gunnel.emit("meeting:post", {"meeting_id": meeting_id,
                                                "text": "nul\x00tecken"})["ok"]
        with app.app_context():
            assert db.session.scalar(db.select(db.func.count(Message.id))) == 0
    finally:
        gunnel.close()


@pytest.fixture
def other_round_resident(app, live_server, demo):
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        other = Round(model_area_id=round_.model_area_id, code="ANDRA", title="En annan omgång",
                      place="Ramsele", phase=Phase.COLLECT)
        db.session.add(other)
        db.session.commit()
    return resident(app, live_server.url, round_code="ANDRA")


def test_every_event_checks_who_sends_it(app, live_server, meeting_id, other_round_resident):
    gunnel = follow(app, live_server, meeting_id)
    maria = follow(app, live_server, meeting_id, who="facilitator@demo.samskapande.se")
    _pid, http = other_round_resident
    stranger = LiveClient(live_server.url, http, meeting_id)
    try:
        question = post(gunnel, "Varför stängde apoteket?", kind="question")["message"]["id"]
        assert not stranger.join()["ok"]
        for name, data in [
            ("meeting:post", {"meeting_id": meeting_id, "text": "Hej"}),
            ("meeting:upvote", {"message_id": question}),
            ("meeting:answer", {"message_id": question, "text": "Svar"}),
            ("meeting:moderate", {"message_id": question, "action": "hide", "reason": "x"}),
            ("meeting:moderate", {"meeting_id": meeting_id, "action": "close_chat"}),
        ]:
            ack = stranger.emit(name, data)
            assert not ack["ok"] and ack["error"], (name, ack)
        # A resident of the round may not moderate or answer.
        for name, data in [
            ("meeting:moderate", {"message_id": question, "action": "hide", "reason": "x"}),
            ("meeting:moderate", {"message_id": question, "action": "pin"}),
            ("meeting:moderate", {"meeting_id": meeting_id, "action": "close_chat"}),
            ("meeting:answer", {"message_id": question, "text": "Jag svarar själv"}),
        ]:
            ack = gunnel.emit(name, data)
            assert not ack["ok"] and ack["error"], (name, ack)
        with app.app_context():
            message = db.session.get(Message, question)
            assert message.status == "visible" and not message.pinned
            assert message.answered_at is None
            assert db.session.get(Meeting, meeting_id).chat_open
        assert gunnel.emit("meeting:upvote", {"message_id": question})["ok"]
        assert not maria.emit("meeting:upvote", {"message_id": question})["ok"]  # staff don't
    finally:
        for client in (gunnel, maria, stranger):
            client.close()


def test_an_open_socket_loses_its_rights_with_the_account(app, live_server, meeting_id):
    gunnel = follow(app, live_server, meeting_id)
    maria = follow(app, live_server, meeting_id, who="facilitator@demo.samskapande.se")
    try:
        question = post(gunnel, "Hur blir det med hemtjänsten?", kind="question")["message"]["id"]
        with app.app_context():
            from samskapande.accounts.models import User
            db.session.scalar(db.select(User).where(
                User.email == "facilitator@demo.samskapande.se")).active = False
            db.session.get(Participant, db.session.get(Message, question).participant_id
                           ).erased_at = utcnow()
            db.session.commit()
        for ack in (
            maria.emit("meeting:moderate", {"message_id": question, "action": "hide",
                                            "reason": "x"}),
            maria.emit("meeting:answer", {"message_id": question, "text": "Svar"}),
            maria.emit("meeting:post", {"meeting_id": meeting_id, "text": "Hej"}),
            maria.emit("meeting:join", {"meeting_id": meeting_id}),
            gunnel.emit("meeting:post", {"meeting_id": meeting_id, "text": "Hej igen"}),
            gunnel.emit("meeting:join", {"meeting_id": meeting_id}),
        ):
            assert not ack["ok"] and ack["error"]
        with app.app_context():
            assert db.session.get(Message, question).status == "visible"
            assert journal.last_seq(meeting_id, "public") == 1
    finally:
        gunnel.close()
        maria.close()


def test_sockets_from_another_origin_are_refused(app, live_server, meeting_id):
    _pid, http = resident(app, live_server.url)
    with pytest.raises(socketio.exceptions.ConnectionError):
        LiveClient(live_server.url, http, meeting_id,
                   websocket_extra_options={"origin": "https://elak.example"})
    same = LiveClient(live_server.url, http, meeting_id,
                      websocket_extra_options={"origin": live_server.url})
    try:
        assert same.join()["ok"]
    finally:
        same.close()


def test_a_deactivated_account_is_disconnected_by_the_heartbeat(
        app, live_server, meeting_id, monkeypatch):
    from samskapande.accounts.models import User
    from samskapande.realtime import presence

    monkeypatch.setattr(presence, "HEARTBEAT_SECONDS", 0.3)
    maria = follow(app, live_server, meeting_id, who="facilitator@demo.samskapande.se")
    gunnel = follow(app, live_server, meeting_id)
    try:
        with app.app_context():
            db.session.scalar(db.select(User).where(
                User.email == "facilitator@demo.samskapande.se")).active = False
            db.session.commit()
        deadline = time.monotonic() + 10
        while maria.client.connected and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not maria.client.connected  # it no longer receives the staff stream either
        assert gunnel.client.connected
    finally:
        gunnel.close()
        maria.close()
        presence.HEARTBEAT_SECONDS = 3600  # the last short beat ends while the database exists
        time.sleep(0.5)


def settings(slow_mode_seconds: int) -> dict:
    return {"chat_open": True, "slow_mode_seconds": slow_mode_seconds, "moderation": "post"}


def test_events_from_a_plain_app_context_arrive_after_commit_and_never_after_rollback(
        app, live_server, meeting_id):
    """As from a CLI command: no request, no socket; a rolled-back change is never seen."""
    gunnel = follow(app, live_server, meeting_id)
    try:
        with app.app_context():
            journal.queue_event(meeting_id, "public", "meeting", "update", meeting=settings(1))
            db.session.rollback()
            journal.queue_event(meeting_id, "public", "meeting", "update", meeting=settings(2))
            time.sleep(0.3)
            assert gunnel.raw == []  # not before the commit
            db.session.commit()
        assert gunnel.wait_seq("public", 1)
        time.sleep(0.3)
        assert [e["meeting"] for e in gunnel.raw] == [settings(2)]
    finally:
        gunnel.close()


def test_poll_answers_over_the_socket_count_once_and_only_from_the_round(
        app, live_server, meeting_id, other_round_resident):
    from samskapande.accounts.models import User
    from samskapande.core.transaction import unit_of_work
    from samskapande.live import services

    with app.app_context(), unit_of_work():  # the servers' connections must see the poll
        maria = db.session.scalar(db.select(User).where(
            User.email == "facilitator@demo.samskapande.se"))
        poll = services.create_poll(db.session.get(Meeting, meeting_id), maria,
                                    question="Vad är viktigast?", kind="single",
                                    options=["Vårdcentralen", "Bussen"])
        services.open_poll(poll, maria)
        poll_id, option_id = poll.id, poll.options[0].id
    gunnel = follow(app, live_server, meeting_id)
    _pid, http = other_round_resident
    stranger = LiveClient(live_server.url, http, meeting_id)
    try:
        answer = {"poll_id": poll_id, "option_ids": [option_id]}
        refused = stranger.emit("poll:answer", answer)
        assert not refused["ok"] and refused["error"]
        assert gunnel.emit("poll:answer", answer)["ok"]
        again = gunnel.emit("poll:answer", answer)
        assert not again["ok"] and again["error"]
        assert gunnel.wait_for(lambda c: ("poll", "update") in c.kinds())
        update = [e for e in gunnel.delivered["public"] if e["op"] == "update"][-1]
        assert update["poll"]["total"] == 1
        assert [o["count"] for o in update["poll"]["options"]] == [1, 0]
    finally:
        gunnel.close()
        stranger.close()
