"""Residents browse, write, change and withdraw needs with plain HTML forms."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from tests.conftest import csrf_token, submit
from tests.manage.conftest import facilitator
from tests.needs.helpers import (
    BUS_NEED,
    ROUND,
    demo_need_id,
    demo_round,
    join,
    needs_with_key,
    set_round,
)

NEW = f"{ROUND}/needs/new"
KEY_RE = re.compile(r'name="submission_key" type="hidden" value="([0-9a-f]{32})"'
                    r'|type="hidden" name="submission_key" value="([0-9a-f]{32})"'
                    r'|value="([0-9a-f]{32})"[^>]*name="submission_key"')
UNIQUE_TEXT = "Snöskottning av parkeringen vid kyrkan innan gudstjänsten."


def form_key(page: str) -> str:
    match = re.search(r'<input[^>]*name="submission_key"[^>]*>', page)
    assert match, "no submission key on the page"
    return re.search(r'value="([0-9a-f]{32})"', match.group(0)).group(1)


def open_form(client) -> tuple[str, str]:
    page = client.get(NEW).get_data(as_text=True)
    return csrf_token(client, NEW), form_key(page)


def post_need(client, text, confirmed=False, key=None, **extra):
    token, fresh_key = open_form(client)
    data = {"text": text, "category": "", "goal": "", "submission_key": key or fresh_key,
            "csrf_token": token, **extra}
    if confirmed:
        data["confirmed"] = "1"
    return client.post(NEW, data=data), data["submission_key"]


@pytest.fixture
def resident(app, client, demo):
    join(client, "Gunnel")
    return client


# -- browsing ------------------------------------------------------------------------------

def test_the_list_shows_needs_with_support_and_a_get_form(client, demo):
    response = client.get(f"{ROUND}/needs")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'method="get"' in page and 'name="q"' in page and 'name="sort"' in page
    assert "data-live-round" not in page  # the server refuses sockets of visitors
    assert page.count('class="need card"') == 20  # the first page
    assert "data-support-for=" in page
    assert "data-vote-form" not in page  # voting is closed in the demo
    assert "page=2" in page


def test_participants_get_live_counts(participant_client, demo):
    page = participant_client.get(f"{ROUND}/needs").get_data(as_text=True)
    assert f'data-live-round="{demo["round_id"]}"' in page
    assert "socket.io.min.js" in page


def test_the_second_page_has_the_rest(client, demo):
    page = client.get(f"{ROUND}/needs?page=2").get_data(as_text=True)
    assert page.count('class="need card"') == 10
    assert 'rel="prev"' in page


def test_search_finds_word_forms(client, demo):
    page = client.get(f"{ROUND}/needs", query_string={"q": "vårdcentral"}).get_data(as_text=True)
    bus = demo_need_id(client.application, "Bussen till vårdcentralen")
    assert f'id="need-{bus}"' in page
    assert "0 " not in re.search(r'<h2 id="results-heading">([^<]*)', page).group(1)[:2]


def test_filter_by_category(app, client, demo):
    with app.app_context():
        transport = next(c for c in demo_round().model_area.categories if c.key == "transport")
        count = db.session.query(Need).filter_by(category_id=transport.id).count()
    page = client.get(f"{ROUND}/needs", query_string={"category": transport.id}).get_data(
        as_text=True)
    assert page.count('class="need card"') == count


@pytest.mark.parametrize("query", [
    {"page": "abc"}, {"page": "-3"}, {"page": "99999999999999999999"}, {"sort": "evil"},
    {"category": "x"}, {"goal": "999999"}, {"q": "<script>alert(1)</script>"},
    {"q": "'; DROP TABLE need; --"}, {"q": "\x00\u202e\u200b😀"}, {"q": "ö" * 5000},
    {"code": "OTHER"},
])
def test_odd_list_addresses_never_fail(client, demo, query):
    response = client.get(f"{ROUND}/needs", query_string=query)
    assert response.status_code == 200
    assert "<script>alert" not in response.get_data(as_text=True)


def test_support_is_hidden_while_voting_when_results_are_not_live(app, client, demo):
    set_round(app, voting_open=True, results_live=False)
    page = client.get(f"{ROUND}/needs").get_data(as_text=True)
    assert "data-support-for=" not in page
    assert 'value="support"' not in page  # cannot sort by hidden results
    page = client.get(f"{ROUND}/needs?sort=support").get_data(as_text=True)
    assert re.search(r'<option (selected value="random"|value="random" selected)', page)


def test_random_order_differs_between_two_residents(app, demo):
    orders = []
    for name in ("Gunnel", "Ahmed"):
        client = app.test_client()
        join(client, name)
        page = client.get(f"{ROUND}/needs?sort=random").get_data(as_text=True)
        again = client.get(f"{ROUND}/needs?sort=random").get_data(as_text=True)
        order = re.findall(r'id="need-(\d+)"', page)
        assert order == re.findall(r'id="need-(\d+)"', again)
        orders.append(order)
    assert orders[0] != orders[1]


def test_a_need_has_its_own_page(client, demo):
    need_id = demo_need_id(client.application, "Bussen till vårdcentralen")
    page = client.get(f"{ROUND}/needs/{need_id}").get_data(as_text=True)
    assert "Bussen till vårdcentralen" in page
    assert client.get(f"{ROUND}/needs/999999").status_code == 404


def test_a_merged_need_links_to_the_need_it_was_merged_into(app, client, demo):
    bus = demo_need_id(app, "Bussen till vårdcentralen")
    other = demo_need_id(app, "Jag har ingen bil längre")
    with app.test_request_context():
        from samskapande.needs.services import merge_needs
        merge_needs(db.session.get(Need, other), db.session.get(Need, bus), actor=facilitator())
        db.session.commit()
    page = client.get(f"{ROUND}/needs/{other}").get_data(as_text=True)
    assert f'href="{ROUND}/needs/{bus}"' in page


def test_hidden_needs_are_for_their_author_only_with_the_reason(app, client, demo):
    join(client)
    response, _key = post_need(client, UNIQUE_TEXT)
    with app.test_request_context():
        from samskapande.needs.services import hide_need
        need = db.session.scalar(select(Need).where(Need.text == UNIQUE_TEXT))
        hide_need(need, actor=facilitator(), reason="Personuppgifter om en granne")
        db.session.commit()
        need_id = need.id
    page = client.get(f"{ROUND}/needs/{need_id}").get_data(as_text=True)
    assert "Personuppgifter om en granne" in page
    assert app.test_client().get(f"{ROUND}/needs/{need_id}").status_code == 404


# -- writing a need -------------------------------------------------------------------------

def test_visitors_are_sent_to_join_first(client, demo):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{ROUND}")
    assert "/needs" not in response.headers["Location"]


def test_the_form_has_a_notice_a_character_hint_and_the_models_choices(app, resident):
    page = resident.get(NEW).get_data(as_text=True)
    assert 'class="notice"' in page and 'class="char-hint"' in page
    assert 'maxlength="1000"' in page
    with app.app_context():
        area = demo_round().model_area
        assert all(f'value="{c.id}"' in page for c in area.categories)
        assert all(g.title in page for g in area.goals)


def test_a_new_need_without_similar_ones_is_saved_and_shown_on_my_page(app, resident):
    response, key = post_need(resident, UNIQUE_TEXT)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{ROUND}/me")
    [need] = needs_with_key(app, key)
    assert need.status == NeedStatus.VISIBLE
    page = resident.get(f"{ROUND}/me").get_data(as_text=True)
    assert UNIQUE_TEXT in page and 'class="flash flash-success"' in page


def test_similar_needs_are_offered_before_saving(app, resident):
    response, key = post_need(resident, BUS_NEED)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert needs_with_key(app, key) == []  # not saved yet
    bus = demo_need_id(app, "Bussen till vårdcentralen")
    assert f'href="{ROUND}/needs/{bus}"' in page  # voting is closed: a link to read it
    assert 1 <= page.count('class="need card"') <= 5
    assert 'name="confirmed" value="1"' in page
    assert f'value="{key}"' in page

    token = csrf_token(resident, NEW)
    saved = resident.post(NEW, data={"text": BUS_NEED, "category": "", "goal": "",
                                     "submission_key": key, "confirmed": "1",
                                     "csrf_token": token})
    assert saved.status_code == 302
    assert len(needs_with_key(app, key)) == 1


def test_similar_needs_can_be_supported_instead_while_voting_is_open(app, resident):
    set_round(app, voting_open=True)
    page = post_need(resident, BUS_NEED)[0].get_data(as_text=True)
    bus = demo_need_id(app, "Bussen till vårdcentralen")
    assert f'action="{ROUND}/needs/new/instead/{bus}"' in page
    assert "data-vote-status" in page


def test_a_double_submit_stores_one_need(app, resident):
    token, key = open_form(resident)
    data = {"text": BUS_NEED, "submission_key": key, "confirmed": "1", "csrf_token": token}
    first = resident.post(NEW, data=data)
    second = resident.post(NEW, data=data)
    assert first.status_code == second.status_code == 302
    assert len(needs_with_key(app, key)) == 1


def test_sending_the_first_step_again_after_saving_does_not_ask_again(app, resident):
    response, key = post_need(resident, UNIQUE_TEXT)
    token = csrf_token(resident, NEW)
    again = resident.post(NEW, data={"text": UNIQUE_TEXT, "submission_key": key,
                                     "csrf_token": token})
    assert again.status_code == 302
    assert len(needs_with_key(app, key)) == 1


def test_pre_moderation_hides_a_need_until_approved(app, resident):
    set_round(app, moderation="pre")
    response, key = post_need(resident, UNIQUE_TEXT)
    assert response.status_code == 302
    [need] = needs_with_key(app, key)
    assert need.status == NeedStatus.PENDING
    assert UNIQUE_TEXT not in app.test_client().get(f"{ROUND}/needs").get_data(as_text=True)
    page = resident.get(f"{ROUND}/needs/{need.id}").get_data(as_text=True)
    assert UNIQUE_TEXT in page and "status-pending" in page
    with app.app_context():
        from samskapande.needs.services import approve_need
        approve_need(db.session.get(Need, need.id), actor=facilitator())
        db.session.commit()
    assert UNIQUE_TEXT in app.test_client().get(f"{ROUND}/needs?sort=newest").get_data(
        as_text=True)


def test_no_new_needs_outside_the_collect_phase(app, resident):
    set_round(app, phase="meet")
    assert resident.get(NEW).status_code == 302


# -- bad input -----------------------------------------------------------------------------

STORED_VERBATIM = [
    "<b>Mer</b> personal <script>alert('x')</script>",
    "Robert'); DROP TABLE need;-- behöver fler turer",
    "Färdtjänst \u202eåter\u202c till byn",
    "Hemtjänst\u200b\u200dsom kommer i tid",
    "Mer tid hos doktorn 😀👵🏽🚌",
    "Rad ett\nRad två\tmed tabb",
]


@pytest.mark.parametrize("text", STORED_VERBATIM)
def test_odd_but_harmless_text_is_stored_verbatim_and_shown_escaped(app, resident, text):
    response, key = post_need(resident, text, confirmed=True)
    assert response.status_code == 302
    [need] = needs_with_key(app, key)
    assert need.text == text
    page = resident.get(f"{ROUND}/needs/{need.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "<b>Mer</b>" not in page


@pytest.mark.parametrize("text", [
    "x" * 10_000, "Nul\x00tecken", "Klocka\x07ringer", "\x1b[31mrött", "   ", "",
])
def test_text_that_cannot_be_stored_is_refused_and_kept(app, resident, text):
    response, key = post_need(resident, text, confirmed=True)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page and 'aria-invalid="true"' in page
    assert needs_with_key(app, key) == []
    if text.strip() and "\x00" not in text:
        assert text[:50] in page or "x" * 50 in page


@pytest.mark.parametrize("field, value", [
    ("category", "abc"), ("category", "99999"), ("goal", "1.5"), ("goal", "-1"),
    ("category", "<script>"),
])
def test_wrong_ids_for_category_and_goal_are_refused_keeping_the_text(app, resident, field,
                                                                      value):
    response, key = post_need(resident, UNIQUE_TEXT, confirmed=True, **{field: value})
    assert response.status_code == 400
    assert UNIQUE_TEXT in response.get_data(as_text=True)
    assert needs_with_key(app, key) == []


def test_missing_fields_are_refused_without_a_server_error(app, resident):
    token = csrf_token(resident, NEW)
    assert resident.post(NEW, data={"csrf_token": token}).status_code == 400
    response = resident.post(NEW, data={"csrf_token": token, "text": UNIQUE_TEXT,
                                        "confirmed": "1"})
    assert response.status_code == 302  # a key is drawn when the form lost it
    with app.app_context():
        assert db.session.query(Need).filter_by(text=UNIQUE_TEXT).count() == 1


def test_a_stale_form_keeps_the_text_and_says_why(app, resident):
    response = resident.post(NEW, data={"text": UNIQUE_TEXT, "csrf_token": "stale",
                                        "confirmed": "1"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert UNIQUE_TEXT in page and 'class="error-summary"' in page
    with app.app_context():
        assert db.session.query(Need).filter_by(text=UNIQUE_TEXT).count() == 0


def test_text_is_nfc_normalised(app, resident):
    decomposed = "Va\u030ardcentralen i Na\u0308sa\u030aker"
    response, key = post_need(resident, decomposed, confirmed=True)
    assert response.status_code == 302
    assert needs_with_key(app, key)[0].text == "Vårdcentralen i Näsåker"


# -- changing and withdrawing one's own need ------------------------------------------------

def own_need(app, resident) -> int:
    response, key = post_need(resident, UNIQUE_TEXT)
    return needs_with_key(app, key)[0].id


def test_the_author_changes_her_need(app, resident):
    need_id = own_need(app, resident)
    url = f"{ROUND}/needs/{need_id}/edit"
    assert UNIQUE_TEXT in resident.get(url).get_data(as_text=True)
    response = submit(resident, url, {"text": "Fotvård i byn varje månad", "category": "",
                                      "goal": ""})
    assert response.status_code == 302
    with app.app_context():
        need = db.session.get(Need, need_id)
        assert need.text == "Fotvård i byn varje månad" and need.updated_at is not None


def test_the_author_withdraws_her_need_after_confirming(app, resident):
    need_id = own_need(app, resident)
    url = f"{ROUND}/needs/{need_id}/withdraw"
    page = resident.get(url).get_data(as_text=True)
    assert 'method="post"' in page
    with app.app_context():
        assert db.session.get(Need, need_id).status == NeedStatus.VISIBLE  # a GET changes nothing
    assert submit(resident, url, {}).status_code == 302
    with app.app_context():
        assert db.session.get(Need, need_id).status == NeedStatus.WITHDRAWN
    assert UNIQUE_TEXT not in app.test_client().get(f"{ROUND}/needs?sort=newest").get_data(
        as_text=True)


def test_others_cannot_change_or_withdraw_a_need(app, resident):
    need_id = own_need(app, resident)
    other = app.test_client()
    join(other, "Ahmed")
    assert other.get(f"{ROUND}/needs/{need_id}/edit").status_code == 404
    assert other.get(f"{ROUND}/needs/{need_id}/withdraw").status_code == 404


def test_needs_cannot_be_changed_once_voting_has_opened(app, resident):
    need_id = own_need(app, resident)
    set_round(app, voting_open=True)
    response = resident.get(f"{ROUND}/needs/{need_id}/edit")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/needs/{need_id}")
    page = resident.get(f"{ROUND}/needs/{need_id}").get_data(as_text=True)
    assert "/edit" not in page
