"""The staff pages: drafting, signing and following up responses through plain forms."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from samskapande.demo import DEMO_PASSWORD
from samskapande.extensions import db
from samskapande.responses.models import Commitment, CommitmentUpdate, Response
from tests.conftest import PASSWORD, log_in
from tests.responses.conftest import build_world
from tests.responses.limits import LIMIT_FORM


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page)
    assert match, f"no {name} on the page"
    return match.group(1)


def post_form(client, url: str, data: dict, keys=("csrf_token",)):
    """Open the form, then send it with its hidden fields, as a browser would."""
    page = client.get(url).get_data(as_text=True)
    fields = {key: hidden(page, key) for key in keys}
    return client.post(url, data={**fields, **data})


@pytest.fixture
def setup(app, demo):
    with app.app_context():
        w = build_world(demo["round_id"])
        return {"round_id": w.round.id, "theme_id": w.theme.id, "need_id": w.needs[0].id,
                "kommun_id": w.kommun.id, "region_id": w.region.id,
                "kommun": w.kommun_politician.email, "region": w.region_politician.email,
                "official": w.region_official.email, "facilitator": w.facilitator.email,
                "outsider": w.other_politician.email}


def as_user(app, email):
    client = app.test_client()
    password = DEMO_PASSWORD if email.endswith("@demo.samskapande.se") else PASSWORD
    assert log_in(client, email, password).status_code == 302
    return client


def draft_joint(client, setup, text="Vi ordnar anropsstyrd trafik."):
    url = f"/staff/rounds/{setup['round_id']}/responses/new?theme={setup['theme_id']}"
    return post_form(client, url, {"stance": "partly", "text": text, **LIMIT_FORM,
                                   "organisations": [setup["kommun_id"], setup["region_id"]]},
                     keys=("csrf_token", "submission_key"))


def only_response(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Response.id))


def test_joint_signing_through_the_pages(app, setup):
    kommun = as_user(app, setup["kommun"])
    overview = kommun.get("/staff/rounds").get_data(as_text=True)
    assert f"/staff/rounds/{setup['round_id']}/responses" in overview
    page = kommun.get(f"/staff/rounds/{setup['round_id']}/responses").get_data(as_text=True)
    assert "Resor till vården" in page and 'class="status status-pending"' in page

    assert draft_joint(kommun, setup).status_code == 302
    response_id = only_response(app)
    detail = kommun.get(f"/staff/responses/{response_id}").get_data(as_text=True)
    assert "Vi ordnar anropsstyrd trafik." in detail

    sign_page = kommun.get(f"/staff/responses/{response_id}/sign").get_data(as_text=True)
    assert 'id="waits-note"' in sign_page and "Vi ordnar anropsstyrd trafik." in sign_page
    # Without ticking the box nothing is signed.
    unconfirmed = post_form(kommun, f"/staff/responses/{response_id}/sign", {},
                            keys=("csrf_token", "fingerprint"))
    assert unconfirmed.status_code == 400
    signed = post_form(kommun, f"/staff/responses/{response_id}/sign", {"confirm": "y"},
                       keys=("csrf_token", "fingerprint"))
    assert signed.status_code == 302
    # The same form sent again (a double click) signs nothing more and does not fail.
    again = kommun.post(f"/staff/responses/{response_id}/sign",
                        data={"confirm": "y", "csrf_token": "x", "fingerprint": "x"})
    assert again.status_code == 302
    with app.app_context():
        signed_links = [link for link in db.session.get(Response, response_id).organisations
                        if link.signed_by_id is not None]
        assert len(signed_links) == 1
    assert app.test_client().get(f"/staff/responses/{response_id}").status_code == 302  # login

    region = as_user(app, setup["region"])
    last = region.get(f"/staff/responses/{response_id}/sign").get_data(as_text=True)
    assert 'id="publishes-note"' in last  # says before signing that it publishes
    assert post_form(region, f"/staff/responses/{response_id}/sign", {"confirm": "y"},
                     keys=("csrf_token", "fingerprint")).status_code == 302
    detail = region.get(f"/staff/responses/{response_id}").get_data(as_text=True)
    assert 'id="public-version"' in detail and 'id="version-1"' in detail


def test_a_double_submitted_draft_is_saved_once(app, setup):
    kommun = as_user(app, setup["kommun"])
    url = f"/staff/rounds/{setup['round_id']}/responses/new?theme={setup['theme_id']}"
    page = kommun.get(url).get_data(as_text=True)
    data = {"csrf_token": hidden(page, "csrf_token"),
            "submission_key": hidden(page, "submission_key"),
            "stance": "yes", "text": "Ja.", "organisations": [setup["kommun_id"]]}
    assert kommun.post(url, data=data).status_code == 302
    assert kommun.post(url, data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 1


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001, "Hej\x00då", "Hej\x1bdå"])
def test_bad_text_gets_a_clear_error_and_keeps_the_form(app, setup, text):
    kommun = as_user(app, setup["kommun"])
    result = draft_joint(kommun, setup, text=text)
    page = result.get_data(as_text=True)
    assert result.status_code == 400
    assert 'class="error-summary"' in page and 'aria-invalid="true"' in page
    assert re.search(r'<input checked[^>]*value="partly"', page)
    assert only_response(app) is None


@pytest.mark.parametrize("text", ["<script>alert(1)</script> & <b>fet</b>",
                                  "Bra 👍🏽 vård", "مرحبا بالعالم ‏שלום"])
def test_markup_emoji_and_right_to_left_text_are_kept_as_text(app, setup, text):
    kommun = as_user(app, setup["kommun"])
    assert draft_joint(kommun, setup, text=text).status_code == 302
    page = kommun.get(f"/staff/responses/{only_response(app)}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    with app.app_context():
        assert db.session.get(Response, only_response(app)).text == text


def test_odd_organisations_and_stances_are_refused(app, setup):
    kommun = as_user(app, setup["kommun"])
    url = f"/staff/rounds/{setup['round_id']}/responses/new?theme={setup['theme_id']}"
    for data in ({"stance": "maybe", "text": "x", "organisations": [setup["kommun_id"]]},
                 {"stance": "yes", "text": "x", "organisations": ["999999"]},
                 {"stance": "yes", "text": "x", "organisations": ["abc"]},
                 {"stance": "yes", "text": "x", "organisations": [setup["region_id"]]}):
        assert post_form(kommun, url, data, keys=("csrf_token", "submission_key")
                         ).status_code == 400
    assert only_response(app) is None


# who: (write a new response, sign, edit, see the draft) as HTTP statuses
REFUSALS = {
    "facilitator": (403, 403, 403, 200),
    # The region's official drafts, but may not sign; the joint draft names the region
    # already, so "write a response" leads to it (302) instead of a second one.
    "official": (302, 403, 200, 200),
    "outsider": (403, 403, 403, 403),
}


@pytest.mark.parametrize("who", list(REFUSALS))
def test_who_cannot_answer_or_sign_is_refused(app, setup, who):
    kommun = as_user(app, setup["kommun"])
    draft_joint(kommun, setup)
    response_id = only_response(app)
    client = as_user(app, setup[who])
    url = f"/staff/rounds/{setup['round_id']}/responses/new?theme={setup['theme_id']}"
    statuses = (client.get(url).status_code,
                client.get(f"/staff/responses/{response_id}/sign").status_code,
                client.get(f"/staff/responses/{response_id}/edit").status_code,
                client.get(f"/staff/responses/{response_id}").status_code)
    assert statuses == REFUSALS[who]
    # A sign form sent anyway signs nothing.
    client.post(f"/staff/responses/{response_id}/sign", data={"confirm": "y"})
    with app.app_context():
        assert all(link.signed_by_id is None
                   for link in db.session.get(Response, response_id).organisations)


def test_commitment_and_progress_through_the_pages(app, setup):
    kommun = as_user(app, setup["kommun"])
    region = as_user(app, setup["region"])
    draft_joint(kommun, setup)
    response_id = only_response(app)
    url = f"/staff/responses/{response_id}/commitments/new"
    data = {"organisation": setup["kommun_id"], "text": "Ny busslinje", "due_on": "2020-01-31",
            "responsible_role": "Trafikchef"}
    assert post_form(kommun, url, data, keys=("csrf_token", "submission_key")
                     ).status_code == 302
    bad = post_form(kommun, url, {**data, "due_on": "31/31/2020"},
                    keys=("csrf_token", "submission_key"))
    assert bad.status_code == 400
    for client in (kommun, region):
        post_form(client, f"/staff/responses/{response_id}/sign", {"confirm": "y"},
                  keys=("csrf_token", "fingerprint"))
    with app.app_context():
        commitment_id = db.session.scalar(select(Commitment.id))
    detail = kommun.get(f"/staff/responses/{response_id}").get_data(as_text=True)
    assert "overdue" in detail  # due in 2020, still planned
    # The region does not report on the municipality's commitment.
    assert region.get(f"/staff/commitments/{commitment_id}/update").status_code == 403
    update_url = f"/staff/commitments/{commitment_id}/update"
    assert post_form(kommun, update_url, {"status": "not_done", "text": ""},
                     keys=("csrf_token", "submission_key")).status_code == 400
    assert post_form(kommun, update_url,
                     {"status": "not_done", "text": "Ingen förare gick att anställa."},
                     keys=("csrf_token", "submission_key")).status_code == 302
    with app.app_context():
        commitment = db.session.get(Commitment, commitment_id)
        assert commitment.status == "not_done"
        assert commitment.status_reason == "Ingen förare gick att anställa."
        assert db.session.scalar(select(func.count(CommitmentUpdate.id))) == 1
    detail = kommun.get(f"/staff/responses/{response_id}").get_data(as_text=True)
    assert "Ingen förare gick att anställa." in detail and "overdue" not in detail


@pytest.mark.parametrize("query", ["theme=²", "theme=abc", "need=99999", "theme=1&need=1",
                                   "", "theme=%00", "theme=99999999999999999999"])
def test_odd_addresses_of_the_new_response_form_are_not_found(app, setup, query):
    kommun = as_user(app, setup["kommun"])
    result = kommun.get(f"/staff/rounds/{setup['round_id']}/responses/new?{query}")
    if query == "theme=1&need=1":  # the theme wins, as the form's link says
        assert result.status_code == 200
    else:
        assert result.status_code == 404
    assert kommun.get("/staff/responses/99999").status_code == 404
    assert kommun.get("/staff/commitments/99999/update").status_code == 404


def test_an_expired_form_says_so_and_keeps_what_was_typed(app, setup):
    kommun = as_user(app, setup["kommun"])
    url = f"/staff/rounds/{setup['round_id']}/responses/new?theme={setup['theme_id']}"
    page = kommun.get(url).get_data(as_text=True)
    result = kommun.post(url, data={"csrf_token": "expired", "stance": "yes",
                                    "text": "Min långa text om färdtjänsten.",
                                    "submission_key": hidden(page, "submission_key"),
                                    "organisations": [setup["kommun_id"]]})
    assert result.status_code == 400
    assert "Min långa text om färdtjänsten." in result.get_data(as_text=True)
    assert only_response(app) is None


def test_themes_awaiting_a_response_until_one_is_published(app, setup):
    kommun = as_user(app, setup["kommun"])
    assert 'id="awaiting-responses"' in kommun.get("/staff/rounds").get_data(as_text=True)
    page = kommun.get("/staff/responses").get_data(as_text=True)
    assert "Resor till vården" in page
    assert f"/responses/new?theme={setup['theme_id']}" in page
    draft_joint(kommun, setup)
    response_id = only_response(app)
    assert "Resor till vården" in kommun.get("/staff/responses").get_data(as_text=True)
    region = as_user(app, setup["region"])
    for client in (kommun, region):
        post_form(client, f"/staff/responses/{response_id}/sign", {"confirm": "y"},
                  keys=("csrf_token", "fingerprint"))
    page = kommun.get("/staff/responses").get_data(as_text=True)
    assert "Resor till vården" not in page and 'id="nothing-awaits"' in page
    # Someone outside the model area sees none of it.
    outsider = as_user(app, setup["outsider"]).get("/staff/responses").get_data(as_text=True)
    assert 'id="nothing-awaits"' in outsider


def test_an_edit_on_a_stale_form_shows_the_newer_text_and_loses_nothing(app, setup):
    kommun = as_user(app, setup["kommun"])
    region = as_user(app, setup["region"])
    draft_joint(kommun, setup, text="Första texten.")
    edit_url = f"/staff/responses/{only_response(app)}/edit"
    kommun_form = fields_of(kommun, edit_url)
    assert post_form(region, edit_url, {"stance": "yes", "text": "Regionens text.",
                                        "organisations": [setup["kommun_id"],
                                                          setup["region_id"]]},
                     keys=("csrf_token", "submission_key", "based_on")).status_code == 302
    mine = {"stance": "partly", "text": "Kommunens text.", **LIMIT_FORM,
            "organisations": [setup["kommun_id"], setup["region_id"]]}
    stale = kommun.post(edit_url, data={**kommun_form, **mine})
    page = stale.get_data(as_text=True)
    assert stale.status_code == 400
    assert 'id="saved-now"' in page and "Regionens text." in page and "Kommunens text." in page
    # Sent again from the page that showed the newer text, it is saved.
    again = kommun.post(edit_url, data={**mine, "csrf_token": hidden(page, "csrf_token"),
                                        "submission_key": hidden(page, "submission_key"),
                                        "based_on": hidden(page, "based_on")})
    assert again.status_code == 302
    with app.app_context():
        assert db.session.get(Response, only_response(app)).text == "Kommunens text."


def fields_of(client, url):
    page = client.get(url).get_data(as_text=True)
    return {key: hidden(page, key) for key in ("csrf_token", "submission_key", "based_on")}
