"""The facilitator's actions over the socket (live.staff_sockets): quick polls and the
moderation mode, with the same rules and refusals as the facilitator's forms."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samskapande.extensions import db
from samskapande.live.models import Meeting, Poll, PollStatus
from samskapande.needs.models import Need, NeedStatus
from samskapande.realtime import limits
from samskapande.rounds.models import Phase, Round
from tests.conftest import log_in, submit
from tests.live.helpers import DEMO_PASSWORD
from tests.realtime.live_clients import (
    FACILITATOR,
    LiveClient,
    demo_meeting_id,
    resident,
    settle,
    staff_session,
)

NOT_READ = "The request could not be read."
CONTROLS = "The text contains invisible control characters. Remove them and try again."


@pytest.fixture
def meeting_id(app, live_server):
    yield demo_meeting_id(app)
    settle(app)


def in_english(http, base_url: str):
    http.cookies.set("lang", "en", domain=base_url.split("//")[1].split(":")[0])
    return http


def follow(app, live_server, meeting_id, who: str = "resident") -> LiveClient:
    if who == "resident":
        _pid, http = resident(app, live_server.url)
    else:
        _uid, http = staff_session(app, live_server.url, who)
    client = LiveClient(live_server.url, in_english(http, live_server.url), meeting_id)
    ack = client.join()
    assert ack["ok"], ack
    return client


@pytest.fixture
def maria(app, live_server, meeting_id):
    client = follow(app, live_server, meeting_id, FACILITATOR)
    yield client
    client.close()


@pytest.fixture
def gunnel(app, live_server, meeting_id):
    client = follow(app, live_server, meeting_id)
    yield client
    client.close()


def visible_need_ids(app) -> list[int]:
    with app.app_context():
        meeting = db.session.get(Meeting, demo_meeting_id(app))
        return list(db.session.scalars(select(Need.id).where(
            Need.round_id == meeting.round_id, Need.status == NeedStatus.VISIBLE)
            .order_by(Need.id)))


@pytest.fixture
def foreign_need_ids(app, demo) -> dict[str, int]:
    """A hidden need of the demo round and a visible one of another round."""
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        other = Round(model_area_id=round_.model_area_id, code="ANDRA", title="En annan omgång",
                      place="Ramsele", phase=Phase.COLLECT)
        hidden = Need(round_id=round_.id, text="Ett dolt behov", status=NeedStatus.HIDDEN,
                      hidden_reason="Personuppgifter")
        elsewhere = Need(round=other, text="Ett behov i Ramsele")
        db.session.add_all([other, hidden, elsewhere])
        db.session.commit()
        return {"hidden": hidden.id, "elsewhere": elsewhere.id}


def polls(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(p.question, str(p.status)) for p in db.session.scalars(select(Poll))]


def create(client: LiveClient, **fields) -> dict:
    data = {"meeting_id": client.meeting_id, "question": "Vilken kväll passar bäst?",
            "kind": "single", "options": ["Tisdag", "Torsdag"], **fields}
    return client.emit("poll:create", data)


def test_a_facilitator_creates_opens_and_closes_a_poll_over_the_socket(app, maria, gunnel):
    ack = create(maria)
    assert ack["ok"], ack
    poll = ack["poll"]
    assert poll["status"] == "draft" and poll["question"] == "Vilken kväll passar bäst?"
    assert [o["label"] for o in poll["options"]] == ["Tisdag", "Torsdag"]
    assert maria.emit("poll:open", {"poll_id": poll["id"]}) == {"ok": True,
                                                                "poll_id": poll["id"]}
    assert gunnel.wait_for(lambda c: ("poll", "open") in c.kinds())
    opened = [e for e in gunnel.delivered["public"] if e["type"] == "poll"][-1]
    assert opened["poll"]["id"] == poll["id"] and opened["poll"]["status"] == "open"
    answer = {"poll_id": poll["id"], "option_ids": [poll["options"][1]["id"]]}
    assert gunnel.emit("poll:answer", answer)["ok"]
    assert maria.emit("poll:close", {"poll_id": poll["id"]}) == {"ok": True,
                                                                 "poll_id": poll["id"]}
    assert gunnel.wait_for(lambda c: ("poll", "close") in c.kinds())
    closed = [e for e in gunnel.delivered["public"] if e["op"] == "close"][-1]
    assert closed["poll"]["status"] == "closed" and closed["poll"]["total"] == 1
    again = maria.emit("poll:open", {"poll_id": poll["id"]})
    assert again == {"ok": False, "error": "A closed poll cannot be opened again."}


def test_a_needs_poll_asks_about_the_chosen_needs_of_the_round(app, maria):
    chosen = visible_need_ids(app)[:3]
    ack = create(maria, question="Vad är viktigast?", kind="needs", options=None,
                 need_ids=chosen)
    assert ack["ok"], ack
    assert len(ack["poll"]["options"]) == 3
    with app.app_context():
        poll = db.session.get(Poll, ack["poll"]["id"])
        assert [o.need_id for o in poll.options] == chosen


def test_a_resident_can_neither_create_nor_open_nor_close_a_poll(app, maria, gunnel):
    draft = create(maria)["poll"]
    refused = create(gunnel, question="Får jag fråga?")
    assert refused == {"ok": False, "error": "Only the meeting's facilitator can do that."}
    for name in ("poll:open", "poll:close"):
        ack = gunnel.emit(name, {"poll_id": draft["id"]})
        assert ack == {"ok": False, "error": "Only the meeting's facilitator can do that."}
    assert polls(app) == [("Vilken kväll passar bäst?", PollStatus.DRAFT)]
    assert not [e for e in gunnel.delivered["public"] if e["type"] == "poll"]


def test_a_poll_of_another_meeting_or_none_is_not_found(app, maria):
    from samskapande.core.transaction import unit_of_work
    from samskapande.live import services
    from samskapande.live.meetings import create_meeting
    from tests.live.helpers import staff

    with app.app_context(), unit_of_work():
        meeting = db.session.get(Meeting, maria.meeting_id)
        other = create_meeting(meeting.round, staff(FACILITATOR), title="Ett annat möte",
                               moderation="post")
        elsewhere = services.create_poll(other, staff(FACILITATOR), question="Där borta?",
                                         kind="single", options=["Ja", "Nej"])
        db.session.flush()
        elsewhere_id = elsewhere.id
    not_found = {"ok": False, "error": "The poll was not found."}
    assert maria.emit("poll:open", {"meeting_id": maria.meeting_id,
                                    "poll_id": elsewhere_id}) == not_found
    assert maria.emit("poll:close", {"meeting_id": maria.meeting_id,
                                     "poll_id": elsewhere_id}) == not_found
    assert maria.emit("poll:open", {"poll_id": 999_999}) == not_found
    assert maria.emit("poll:open", {"poll_id": "en"}) == {"ok": False, "error": NOT_READ}
    assert create(maria, meeting_id=999_999) == {"ok": False,
                                                 "error": "The meeting was not found."}
    assert polls(app) == [("Där borta?", PollStatus.DRAFT)]


REFUSALS = [
    ({"question": "  "}, "Write the poll's question."),
    ({"question": "Vilken\nkväll?"}, "Write the question on one line: remove the line breaks."),
    ({"question": "Vilken\rkväll?"}, "Write the question on one line: remove the line breaks."),
    ({"question": "Vilken\u2028kväll?"},
     "Write the question on one line: remove the line breaks."),
    ({"question": "Vilken\x07kväll?"}, CONTROLS),
    ({"question": "x" * 301}, "At most 300 characters. Shorten the text a little."),
    ({"kind": "ranking"}, "Choose a kind of poll."),
    ({"options": ["Tisdag"]}, "Write at least two options."),
    ({"options": ["Tisdag", "Tisdag ", "  ", ""]}, "Write at least two options."),
    ({"options": None}, "Write at least two options."),
    ({"options": [f"Kväll {i}" for i in range(9)]}, "At most 8 options."),
    ({"options": ["Tisdag", "x" * 201]}, "At most 200 characters. Shorten the text a little."),
    ({"options": ["Tisdag", "Torsdag\nkväll"]},
     "Write each option on one line: remove the line breaks."),
    ({"options": ["Tisdag", "Tors\x00dag"]}, CONTROLS),
    ({"options": "Tisdag\nTorsdag"}, NOT_READ),
    ({"options": ["Tisdag", 2]}, NOT_READ),
    ({"kind": "needs", "need_ids": ["1", "2"]}, NOT_READ),
    ({"kind": "needs", "need_ids": [True, False]}, NOT_READ),
    ({"kind": "needs", "need_ids": 3}, NOT_READ),
    ({"kind": ["single"]}, NOT_READ),
    ({"question": 7}, NOT_READ),
]


def test_each_rule_of_a_poll_refuses_over_the_socket_and_creates_nothing(
        app, maria, foreign_need_ids):
    visible = visible_need_ids(app)
    assert len(visible) > 8  # the demo round has enough needs for a poll of too many
    refusals = [*REFUSALS,
                ({"kind": "needs", "need_ids": [visible[0], foreign_need_ids["elsewhere"]]},
                 "Choose needs of this round."),
                ({"kind": "needs", "need_ids": [visible[0], foreign_need_ids["hidden"]]},
                 "Choose needs of this round."),
                ({"kind": "needs", "need_ids": [visible[0], visible[0]]},
                 "Choose at least two needs of the round."),
                ({"kind": "needs", "need_ids": visible[:9]}, "Choose at most 8 needs.")]
    for fields, sentence in refusals:
        limits.rate_limits(app).reset()  # more refusals than the write limit lets through
        assert create(maria, **fields) == {"ok": False, "error": sentence}, fields
    assert polls(app) == []


@pytest.fixture
def facilitator_page(app, demo):
    client = app.test_client()
    client.get("/language/en")
    assert log_in(client, FACILITATOR, DEMO_PASSWORD).status_code == 302
    url = f"/r/NASAKER/meetings/{demo_meeting_id(app)}"
    return client, url


def test_the_poll_form_gives_the_same_refusal_for_a_line_break(app, facilitator_page):
    client, url = facilitator_page
    response = submit(client, f"{url}/moderate", {
        "question": "Vilken\r\nkväll?", "kind": "single", "options": "Tisdag\nTorsdag"},
        action=f"{url}/polls")
    assert response.status_code == 400
    assert ("Write the question on one line: remove the line breaks."
            in response.get_data(as_text=True))
    assert polls(app) == []


def test_the_poll_form_gives_the_same_refusal_for_a_need_of_another_round(
        app, facilitator_page, foreign_need_ids):
    client, url = facilitator_page
    visible = visible_need_ids(app)
    response = submit(client, f"{url}/moderate", {
        "question": "Vad är viktigast?", "kind": "needs",
        "needs": [str(visible[0]), str(foreign_need_ids["elsewhere"])]}, action=f"{url}/polls")
    assert response.status_code == 400
    assert "Choose needs of this round." in response.get_data(as_text=True)
    assert polls(app) == []


def test_pre_moderation_set_over_the_socket_holds_the_next_resident_post(
        app, maria, gunnel):
    moderate = {"meeting_id": maria.meeting_id, "action": "moderation"}
    assert gunnel.emit("meeting:moderate", {**moderate, "mode": "pre"}) == {
        "ok": False, "error": "Only the meeting's facilitator can do that."}
    assert maria.emit("meeting:moderate", {**moderate, "mode": "later"}) == {
        "ok": False, "error": "Choose pre-moderation or post-moderation."}
    assert maria.emit("meeting:moderate", {**moderate, "mode": "pre"}) == {"ok": True}
    assert gunnel.wait_for(lambda c: ("meeting", "update") in c.kinds())
    update = [e for e in gunnel.delivered["public"] if e["type"] == "meeting"][-1]
    assert update["meeting"]["moderation"] == "pre"
    ack = gunnel.emit("meeting:post", {"meeting_id": gunnel.meeting_id, "kind": "message",
                                       "text": "Hålls detta?"})
    assert ack["ok"] and ack["message"]["status"] == "pending"
    assert maria.wait_for(lambda c: ("message", "held") in c.kinds("staff"))
    assert ("message", "add") not in gunnel.kinds()
    with app.app_context():
        assert db.session.get(Meeting, maria.meeting_id).moderation == "pre"
        assert db.session.scalar(select(func.count()).select_from(Poll)) == 0


def test_the_other_moderation_actions_still_work_over_the_socket(app, maria, gunnel):
    ack = maria.emit("meeting:moderate", {"meeting_id": maria.meeting_id,
                                          "action": "close_chat"})
    assert ack == {"ok": True}
    with app.app_context():
        assert not db.session.get(Meeting, maria.meeting_id).chat_open
