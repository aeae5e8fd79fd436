"""Residents join a round with its code, get a personal code, and continue elsewhere."""

import re

import pytest

from samskapande.extensions import db
from samskapande.rounds.models import Participant
from tests.conftest import csrf_token, submit

RESUME_CODE = re.compile(r"\b[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b")


def join(client, display_name="", **profile):
    data = {"display_name": display_name}
    data.update({f"profile_{key}": value for key, value in profile.items()})
    return submit(client, "/r/NASAKER", data, action="/r/NASAKER/join")


def participants(app):
    with app.app_context():
        return db.session.scalars(db.select(Participant)).all()


@pytest.mark.parametrize("typed", ["NASAKER", "nasaker", " Näsåker ", "nas-aker"])
def test_the_code_can_be_typed_as_people_type_it(client, demo, typed):
    response = client.get("/join", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/r/NASAKER")


def test_an_unknown_code_is_explained_and_kept_in_the_field(client, demo):
    response = client.get("/join", query_string={"code": "NASAKR"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert 'value="NASAKR"' in page and 'aria-invalid="true"' in page


def test_the_short_address_is_case_insensitive(client, demo):
    response = client.get("/r/nasaker")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/r/NASAKER")


def test_joining_gives_a_personal_code_shown_on_my_page(app, client, demo):
    response = join(client, "Gunnel")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Gunnel" in page
    assert RESUME_CODE.search(page)


def test_joining_twice_from_the_same_browser_creates_one_participant(app, client, demo):
    before = len(participants(app))
    token = csrf_token(client, "/r/NASAKER")
    for _click in range(2):  # a double click sends the same form twice
        response = client.post("/r/NASAKER/join",
                               data={"display_name": "Gunnel", "csrf_token": token})
        assert response.status_code == 302
    assert len(participants(app)) == before + 1


def test_profile_answers_are_stored_when_given(app, client, demo):
    join(client, "", village="Ramsele", age_band="")
    with app.app_context():
        newest = db.session.scalars(
            db.select(Participant).order_by(Participant.id.desc())
        ).first()
        answers = {a.question.key: a.value for a in newest.profile_answers}
    assert answers == {"village": "Ramsele"}


def test_a_profile_answer_that_is_not_an_option_is_refused(app, client, demo):
    before = len(participants(app))
    response = join(client, "", village="Atlantis")
    assert response.status_code == 400
    assert len(participants(app)) == before


def test_a_participant_continues_on_another_device_with_the_personal_code(app, demo):
    phone = app.test_client()
    join(phone, "Ahmed")
    code = RESUME_CODE.search(phone.get("/r/NASAKER/me").get_data(as_text=True)).group(0)

    library = app.test_client()
    assert library.get("/r/NASAKER/me").status_code == 302
    response = submit(library, "/resume", {"resume_code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    assert "Ahmed" in library.get("/r/NASAKER/me").get_data(as_text=True)


def test_forgetting_on_a_shared_device_leaves_nothing_for_the_next_person(app, client, demo):
    join(client, "Gunnel")
    response = submit(client, "/r/NASAKER/me", {}, action="/r/NASAKER/leave")
    assert response.status_code == 302
    assert client.get("/r/NASAKER/me").status_code == 302
    assert "Gunnel" not in client.get("/r/NASAKER").get_data(as_text=True)


def test_a_wrong_personal_code_is_explained(client, demo):
    response = submit(client, "/resume", {"resume_code": "AAAA-AAAA"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_guessing_personal_codes_is_throttled(app, client, demo):
    limit = app.config["LOGIN_MAX_FAILURES"] * 4
    for _ in range(limit):
        submit(client, "/resume", {"resume_code": "AAAA-AAAA"})
    assert submit(client, "/resume", {"resume_code": "AAAA-AAAA"}).status_code == 429


@pytest.mark.parametrize("name", ["Gunnel 🌲", "سارا", "<b>Sara</b>", "Åsa-Britt Ödmark"])
def test_names_with_emoji_right_to_left_and_markup_are_kept_as_text(app, client, demo, name):
    response = join(client, name)
    assert response.status_code == 302
    page = client.get("/r/NASAKER/me").get_data(as_text=True)
    assert "<b>Sara</b>" not in page
    if name.startswith("<b>"):
        assert "&lt;b&gt;Sara&lt;/b&gt;" in page
    else:
        assert name in page


@pytest.mark.parametrize("name", ["x" * 61, "Gun\x00nel", "Gun\x07nel"])
def test_bad_names_get_an_error_and_no_participant(app, client, demo, name):
    before = len(participants(app))
    response = join(client, name)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert len(participants(app)) == before


def test_a_stale_form_is_refused_with_an_explanation_not_a_crash(client, demo):
    response = client.post("/r/NASAKER/join", data={"display_name": "Gunnel",
                                                   "csrf_token": "stale"})
    assert response.status_code == 400


def test_the_round_page_shows_needs_meeting_and_schedule(client, demo):
    page = client.get("/r/NASAKER").get_data(as_text=True)
    assert page.count('class="need card"') == 5  # the top needs; the rest are a link away
    assert 'href="/r/NASAKER/needs"' in page
    assert "/r/NASAKER/meetings/" in page
    assert 'aria-current="step"' in page


def test_the_qr_code_points_to_the_short_address(client, demo):
    response = client.get("/r/NASAKER/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).lstrip().startswith("<svg")


def test_a_resume_code_that_is_taken_is_drawn_again_without_a_rollback(app, demo, monkeypatch):
    """A collision is found before the insert, so the request's other work is kept."""
    from samskapande.rounds import services
    from samskapande.rounds.models import Round

    with app.test_request_context():
        round_ = db.session.scalar(db.select(Round).where(Round.code == "NASAKER"))
        first = services.join_round(round_, "Först")
        db.session.commit()
        draws = iter([first.resume_code, "ABCD-EFGH"])
        monkeypatch.setattr(services, "new_resume_code", lambda: next(draws))
        round_.title = "Ändrad i samma transaktion"
        second = services.join_round(round_, "Sedan")
        assert second.resume_code == "ABCD-EFGH"
        assert round_.title == "Ändrad i samma transaktion"  # nothing was rolled back
        db.session.rollback()
