"""Every admin form takes the bad-input corpus: a clear error or the text kept, never 5xx."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.areas.models import Goal, Organisation
from samskapande.extensions import db
from tests.conftest import csrf_token
from tests.test_bad_input import CORPUS, SCRIPT

GOOD = {
    "organisation": {"name": "Sollefteå kommun", "kind": "municipality"},
    "area": {"name": "Sollefteå", "slug": "solleftea", "description": ""},
    "goal": {"title": "Vård nära", "description": ""},
    "invite": {"email": "ny@kommun.se", "name": "Ny", "role": "facilitator", "title": "",
               "organisation": "", "party": ""},
    "person": {"name": "Fia", "role": "facilitator", "title": "", "organisation": "",
               "party": "", "reason": ""},
}
FIELDS = [("organisation", "name"), ("organisation", "kind"), ("area", "name"),
          ("area", "slug"), ("area", "description"), ("area", "organisations"),
          ("goal", "title"), ("goal", "description"), ("invite", "email"), ("invite", "name"),
          ("invite", "role"), ("invite", "organisation"), ("invite", "party"),
          ("person", "title"), ("person", "reason"), ("person", "areas")]


def _url(form: str, areas) -> str:
    return {"organisation": "/admin/organisations", "area": "/admin/areas/new",
            "goal": f"/admin/areas/{areas['a']['area_id']}/goals",
            "invite": "/admin/staff/invite",
            "person": f"/admin/staff/{areas['a']['facilitator']['id']}"}[form]


@pytest.mark.parametrize(("form", "name"), FIELDS)
def test_admin_forms_take_the_corpus(app, admin_client, areas, form, name):
    url = _url(form, areas)
    token = csrf_token(admin_client, url)
    for n, value in enumerate(CORPUS):
        data = {**GOOD[form], name: value, "csrf_token": token}
        if form == "organisation" and name != "name":
            data["name"] = f"Org {n}"
        if form == "area" and name != "slug":
            data["slug"] = f"area-{n}"
        if form == "invite" and name != "email":
            data["email"] = f"ny{n}@kommun.se"
        response = admin_client.post(url, data=data)
        assert response.status_code < 500, (value, response.status_code)
        text = response.get_data(as_text=True)
        assert SCRIPT not in text, value
        if response.status_code == 400:
            assert 'class="error-summary"' in text, value
    with app.app_context():
        stored = [o.name for o in db.session.scalars(select(Organisation))] + \
                 [g.title + g.description for g in db.session.scalars(select(Goal))]
        assert not any("\x00" in s or "\x07" in s for s in stored)


@pytest.mark.parametrize("action", ["deactivate", "reactivate", "link"])
def test_account_buttons_take_the_corpus(app, admin_client, areas, action):
    url = f"/admin/staff/{areas['a']['facilitator']['id']}"
    for value in CORPUS:
        response = admin_client.post(f"{url}/{action}", data={
            "reason": value, "csrf_token": csrf_token(admin_client, url)})
        assert response.status_code < 500, value
        assert SCRIPT not in admin_client.get(url).get_data(as_text=True)


def test_goal_decisions_take_the_corpus(app, admin_client, areas):
    from samskapande.areas.models import GoalStatus

    url = f"/admin/areas/{areas['a']['area_id']}/goals"
    for n, value in enumerate(CORPUS):
        with app.app_context():
            goal = Goal(model_area_id=areas["a"]["area_id"], title=f"Förslag {n}",
                        status=GoalStatus.PROPOSED)
            db.session.add(goal)
            db.session.commit()
            goal_id = goal.id
        response = admin_client.post(f"/admin/goals/{goal_id}/adopt", data={
            "reason": value, "csrf_token": csrf_token(admin_client, url)})
        assert response.status_code == 302, value
        assert SCRIPT not in admin_client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("url", ["/admin/organisations/999999", "/admin/areas/999999",
                                 "/admin/areas/999999/goals", "/admin/goals/999999",
                                 "/admin/staff/999999", "/admin/staff/x",
                                 "/admin/goals/1/move/sideways", "/admin/staff?area=%00"])
def test_unknown_things_are_not_found(admin_client, url):
    assert admin_client.get(url).status_code in (200, 404, 405)


def test_emoji_and_right_to_left_names_are_kept(app, admin_client):
    response = admin_client.post("/admin/organisations", data={
        "name": "سارا 🙂 kommun", "kind": "municipality",
        "csrf_token": csrf_token(admin_client, "/admin/organisations")})
    assert response.status_code == 302
    assert "سارا 🙂 kommun" in admin_client.get("/admin/organisations").get_data(as_text=True)
