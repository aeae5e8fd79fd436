""""Att göra": each staff member finds what waits for them, and it leaves once done."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.core.models import utcnow
from samskapande.core.transaction import unit_of_work
from samskapande.demo import DEMO_PASSWORD
from samskapande.extensions import db
from samskapande.live import services as live
from samskapande.live.models import Meeting, Message, MessageKind, MessageStatus
from samskapande.manage import services as manage
from samskapande.needs.models import Need, NeedStatus
from samskapande.responses import commitments
from samskapande.responses import services as responses
from samskapande.responses.models import Commitment, CommitmentUpdate, Response
from samskapande.rounds.models import Participant, Round
from samskapande.themes.models import Theme
from tests.conftest import PASSWORD, log_in
from tests.responses.conftest import build_world
from tests.responses.limits import LIMITS


@pytest.fixture
def world(app, demo):
    with app.app_context():
        w = build_world(demo["round_id"])
        ids = {name: getattr(w, name).id for name in (
            "round", "theme", "region", "kommun", "facilitator", "region_official",
            "region_politician", "kommun_politician", "kommun_official")}
        ids["emails"] = {name: getattr(w, name).email for name in (
            "facilitator", "region_official", "region_politician", "kommun_politician",
            "kommun_official")}
        return ids


def as_user(app, email):
    client = app.test_client()
    password = DEMO_PASSWORD if email.endswith("@demo.samskapande.se") else PASSWORD
    assert log_in(client, email, password).status_code == 302
    return client


def todo_page(app, world, who: str) -> str:
    client = as_user(app, world["emails"][who])
    response = client.get("/staff")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(page: str, kind: str) -> str:
    """The text of one section of the list ('' when the section is not there)."""
    match = re.search(rf'<section class="todo" id="todo-{kind}".*?</section>', page, re.S)
    return match.group(0) if match else ""


def user(world, name):
    return db.session.get(User, world[name])


def joint_draft(app, world, text="Vi ordnar anropsstyrd trafik till vårdcentralen."):
    with app.test_request_context(), unit_of_work():
        response = responses.create_draft(
            db.session.get(Round, world["round"]), user(world, "region_politician"),
            stance="partly", text=text, organisation_ids=[world["region"], world["kommun"]],
            theme=db.session.get(Theme, world["theme"]), limits=LIMITS)
        return response.id


def sign(app, world, response_id, who):
    with app.test_request_context(), unit_of_work():
        response = db.session.get(Response, response_id)
        return responses.sign(response, user(world, who), responses.fingerprint(response))


def test_login_lands_on_the_list_with_its_count_in_the_navigation(app, world):
    client = app.test_client()
    landed = log_in(client, world["emails"]["kommun_politician"], DEMO_PASSWORD)
    assert landed.headers["Location"].endswith("/staff")
    page = client.get("/staff").get_data(as_text=True)
    assert "<h1>Att göra</h1>" in page
    theme_item = section(page, "respond")
    assert "Resor till vården" in theme_item
    count = len(re.findall(r'class="todo-item"', page))
    assert re.search(rf'id="nav-todo">Att göra <span class="nav-count">\({count}\)</span>', page)


def test_a_joint_draft_waits_for_the_other_organisation_until_it_signs(app, world):
    response_id = joint_draft(app, world)
    page = todo_page(app, world, "kommun_politician")
    waiting = section(page, "sign")
    assert "Resor till vården" in waiting
    assert f'href="/staff/responses/{response_id}/sign"' in waiting
    assert "Karin Fjällström" in waiting
    # The theme is no longer "waiting for a response" for the kommun: the draft names it.
    assert "Resor till vården" not in section(page, "respond")
    # The author's own organisation is asked too, but the author sees no second copy of it
    # in "to respond".
    assert "Resor till vården" not in section(todo_page(app, world, "region_politician"),
                                              "respond")

    sign(app, world, response_id, "kommun_politician")
    assert section(todo_page(app, world, "kommun_politician"), "sign") == ""


def test_a_change_that_clears_a_signature_shows_who_what_and_the_difference(app, world):
    response_id = joint_draft(app, world, text="Bussen går två gånger i veckan.")
    sign(app, world, response_id, "kommun_politician")
    with app.test_request_context(), unit_of_work():
        responses.edit(db.session.get(Response, response_id), user(world, "kommun_official"),
                       stance="partly", text="Bussen går tre gånger i veckan.")

    signer = section(todo_page(app, world, "kommun_politician"), "sign")
    assert "Olle Omsorg" in signer and "texten" in signer
    assert "<del>" in signer and "två" in signer.split("<del>")[1].split("</del>")[0]
    assert "tre" in signer.split("<ins>")[1].split("</ins>")[0]

    author = section(todo_page(app, world, "region_politician"), "cleared")
    assert "Olle Omsorg" in author and "Sollefteå kommun" in author

    sign(app, world, response_id, "kommun_politician")
    assert section(todo_page(app, world, "region_politician"), "cleared") == ""
    assert section(todo_page(app, world, "kommun_politician"), "sign") == ""


def test_a_question_to_an_organisation_waits_until_someone_answers_it(app, world):
    with app.app_context(), unit_of_work():
        meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == world["round"]))
        participant = db.session.scalar(select(Participant).where(
            Participant.round_id == world["round"]))
        question = Message(meeting_id=meeting.id, participant_id=participant.id,
                           kind=MessageKind.QUESTION, text="Varför stängde apoteket?",
                           directed_organisation_id=world["region"])
        db.session.add(question)
        db.session.flush()
        question_id, meeting_id = question.id, meeting.id

    official = section(todo_page(app, world, "region_official"), "question")
    assert "Varför stängde apoteket?" in official
    assert f"/meetings/{meeting_id}/messages/{question_id}/answer" in official
    assert section(todo_page(app, world, "kommun_politician"), "question") == ""

    with app.test_request_context(), unit_of_work():
        live.answer_question(db.session.get(Message, question_id),
                             user(world, "region_politician"), "Personalbrist; vi söker.")
    assert section(todo_page(app, world, "region_official"), "question") == ""


def test_needs_waiting_for_moderation_reach_the_facilitator(app, world):
    with app.app_context(), unit_of_work():
        need = db.session.scalar(select(Need).where(Need.round_id == world["round"]))
        need.status = NeedStatus.PENDING
        need_id = need.id
    waiting = section(todo_page(app, world, "facilitator"), "moderation")
    assert "1 behov väntar på granskning" in waiting
    assert f'/manage/rounds/{world["round"]}/moderation?kind=needs' in waiting
    assert section(todo_page(app, world, "region_politician"), "moderation") == ""

    with app.test_request_context(), unit_of_work():
        manage.approve(db.session.get(Need, need_id), user(world, "facilitator"))
    assert section(todo_page(app, world, "facilitator"), "moderation") == ""


def _published_with_commitment(app, world, due_in_days, *, quiet_days=0):
    response_id = joint_draft(app, world)
    with app.test_request_context(), unit_of_work():
        response = db.session.get(Response, response_id)
        commitment = commitments.add_commitment(
            response, user(world, "kommun_politician"), organisation_id=world["kommun"],
            text="Ny busslinje till vårdcentralen",
            due_on=responses.local_today() + timedelta(days=due_in_days),
            responsible_role="Trafikchef")
        commitment_id = commitment.id
    sign(app, world, response_id, "region_politician")
    sign(app, world, response_id, "kommun_politician")
    if quiet_days:
        with app.app_context(), unit_of_work():
            response = db.session.get(Response, response_id)
            response.published_at = utcnow() - timedelta(days=quiet_days)
    return commitment_id


@pytest.mark.parametrize(("due_in", "quiet", "note"), [
    (20, 0, "Förfaller"),
    (-3, 0, "Försenat"),
    (200, 120, "Inga framsteg rapporterade på 120 dagar"),
])
def test_commitments_of_my_organisation_that_need_a_report(app, world, due_in, quiet, note):
    commitment_id = _published_with_commitment(app, world, due_in, quiet_days=quiet)
    waiting = section(todo_page(app, world, "kommun_politician"), "commitment")
    assert "Ny busslinje till vårdcentralen" in waiting and note in waiting
    assert f"/staff/commitments/{commitment_id}/update" in waiting
    # Another organisation's commitment is not the region's to report on.
    assert section(todo_page(app, world, "region_politician"), "commitment") == ""

    with app.test_request_context(), unit_of_work():
        commitments.post_update(db.session.get(Commitment, commitment_id),
                                user(world, "kommun_politician"),
                                text="Linjen är upphandlad.", status="done")
    assert section(todo_page(app, world, "kommun_politician"), "commitment") == ""


def test_a_commitment_far_ahead_and_recently_reported_does_not_wait(app, world):
    commitment_id = _published_with_commitment(app, world, 200)
    with app.app_context():
        assert db.session.scalar(select(CommitmentUpdate.id).where(
            CommitmentUpdate.commitment_id == commitment_id)) is None
    assert section(todo_page(app, world, "kommun_politician"), "commitment") == ""


def test_a_resident_cannot_open_the_list(client):
    response = client.get("/staff")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_facilitator_follows_up_themes_nobody_has_answered(app, world):
    chase = section(todo_page(app, world, "facilitator"), "respond")
    assert "Resor till vården" in chase and "Ingen organisation har börjat" in chase
    assert f'/staff/rounds/{world["round"]}/responses' in chase
    joint_draft(app, world)
    assert "Ett utkast väntar på underskrifter" in section(
        todo_page(app, world, "facilitator"), "respond")


def test_a_report_on_a_commitment_due_soon_answers_it_for_now(app, world):
    commitment_id = _published_with_commitment(app, world, 10)
    assert "Förfaller" in section(todo_page(app, world, "kommun_politician"), "commitment")
    with app.test_request_context(), unit_of_work():
        commitments.post_update(db.session.get(Commitment, commitment_id),
                                user(world, "kommun_official"),
                                text="Tidtabellen är klar.", status="in_progress")
    assert section(todo_page(app, world, "kommun_politician"), "commitment") == ""


def test_posts_held_in_a_meeting_reach_the_facilitator(app, world):
    with app.app_context(), unit_of_work():
        meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == world["round"]))
        participant = db.session.scalar(select(Participant).where(
            Participant.round_id == world["round"]))
        held = Message(meeting_id=meeting.id, participant_id=participant.id,
                       kind=MessageKind.MESSAGE, text="Ring mig på 070-123 45 67",
                       status=MessageStatus.PENDING)
        db.session.add(held)
        db.session.flush()
        held_id, meeting_id = held.id, meeting.id
    waiting = section(todo_page(app, world, "facilitator"), "moderation")
    assert "1 inlägg väntar på granskning" in waiting
    assert (f'/manage/rounds/{world["round"]}/moderation?kind=posts&amp;meeting={meeting_id}'
            in waiting)

    with app.test_request_context(), unit_of_work():
        live.approve_message(db.session.get(Message, held_id), user(world, "facilitator"))
    assert section(todo_page(app, world, "facilitator"), "moderation") == ""
