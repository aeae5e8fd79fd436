"""Admins set up organisations, model areas and their målbild; every change is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.areas.models import Goal, GoalStatus, ModelArea, Organisation
from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from tests.admin.conftest import logged_in
from tests.conftest import create_staff, submit


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_admin_adds_and_renames_an_organisation(app, admin_client, admin):
    response = submit(admin_client, "/admin/organisations",
                      {"name": "Region Västernorrland", "kind": "region"})
    assert response.status_code == 302
    page = admin_client.get("/admin/organisations").get_data(as_text=True)
    assert "Region Västernorrland" in page
    with app.app_context():
        org_id = db.session.scalar(select(Organisation.id))
    response = submit(admin_client, f"/admin/organisations/{org_id}",
                      {"name": "Sollefteå kommun", "kind": "municipality"})
    assert response.status_code == 302
    with app.app_context():
        organisation = db.session.get(Organisation, org_id)
        assert (organisation.name, organisation.kind) == ("Sollefteå kommun", "municipality")
    [created] = events(app, "organisation.created")
    [updated] = events(app, "organisation.updated")
    assert created.actor_user_id == admin["id"]
    assert updated.details["before"]["name"] == "Region Västernorrland"


def test_organisation_names_are_unique_whatever_the_case(app, admin_client):
    submit(admin_client, "/admin/organisations", {"name": "Ånge kommun", "kind": "municipality"})
    response = submit(admin_client, "/admin/organisations",
                      {"name": "ÅNGE KOMMUN", "kind": "municipality"})
    assert response.status_code == 400
    assert "There is already an organisation with that name." in response.get_data(as_text=True)


def test_a_model_area_gets_its_organisations_and_a_checked_address(app, admin_client):
    with app.app_context():
        region = Organisation(name="Region V", kind="region")
        town = Organisation(name="Kommunen", kind="municipality")
        db.session.add_all([region, town])
        db.session.commit()
        ids = [region.id, town.id]
    response = submit(admin_client, "/admin/areas/new",
                      {"name": "Sollefteå", "slug": "Sollefteå!", "organisations": ids})
    assert response.status_code == 400
    assert "Use lower-case letters" in response.get_data(as_text=True)
    response = submit(admin_client, "/admin/areas/new",
                      {"name": "Sollefteå", "slug": "solleftea", "description": "Byarna",
                       "organisations": ids})
    assert response.status_code == 302
    with app.app_context():
        area = db.session.scalar(select(ModelArea).where(ModelArea.slug == "solleftea"))
        assert sorted(o.name for o in area.organisations) == ["Kommunen", "Region V"]
        area_id = area.id
    response = submit(admin_client, f"/admin/areas/{area_id}",
                      {"name": "Sollefteå", "slug": "solleftea", "description": "Byarna",
                       "organisations": [ids[0]]})
    assert response.status_code == 302
    with app.app_context():
        assert [o.name for o in db.session.get(ModelArea, area_id).organisations] == ["Region V"]
    [updated] = events(app, "model_area.updated")
    assert updated.model_area_id == area_id and updated.details["changed"] == ["organisations"]
    assert admin_client.get("/areas/solleftea").status_code == 200


def test_two_model_areas_cannot_share_an_address(app, admin_client, areas):
    response = submit(admin_client, f"/admin/areas/{areas['b']['area_id']}",
                      {"name": "Ljungaverk", "slug": "a-area"})
    assert response.status_code == 400
    assert "Another model area has that web address." in response.get_data(as_text=True)


def goal_titles(app, area_id: int) -> list[str]:
    with app.app_context():
        area = db.session.get(ModelArea, area_id)
        return [g.title for g in sorted(area.goals, key=lambda g: g.position)
                if g.status == GoalStatus.ADOPTED]


def test_goals_are_added_edited_and_reordered_without_javascript(app, admin_client, areas):
    area_id = areas["a"]["area_id"]
    url = f"/admin/areas/{area_id}/goals"
    for title in ("Vård nära", "Trygg hemtjänst", "Resor till vården"):
        assert submit(admin_client, url, {"title": title, "description": "Så här"}) \
            .status_code == 302
    assert goal_titles(app, area_id) == ["Vård nära", "Trygg hemtjänst", "Resor till vården"]
    with app.app_context():
        last = db.session.scalar(select(Goal.id).where(Goal.title == "Resor till vården"))
    response = submit(admin_client, url, {}, action=f"/admin/goals/{last}/move/up")
    assert response.status_code == 302
    assert goal_titles(app, area_id) == ["Vård nära", "Resor till vården", "Trygg hemtjänst"]
    submit(admin_client, url, {}, action=f"/admin/goals/{last}/move/up")
    submit(admin_client, url, {}, action=f"/admin/goals/{last}/move/up")  # already first
    assert goal_titles(app, area_id) == ["Resor till vården", "Vård nära", "Trygg hemtjänst"]
    response = submit(admin_client, f"/admin/goals/{last}",
                      {"title": "Resor till vården och hem", "description": "Färdtjänst"})
    assert response.status_code == 302
    page = admin_client.get(url).get_data(as_text=True)
    assert page.index("Resor till vården och hem") < page.index("Trygg hemtjänst")
    assert len(events(app, "goal.moved")) == 2
    assert events(app, "goal.updated")[0].details["after"]["description"] == "Färdtjänst"


@pytest.fixture
def proposals(app, areas):
    with app.app_context():
        goals = [Goal(model_area_id=areas["a"]["area_id"], title=title, position=i,
                      status=GoalStatus.PROPOSED) for i, title in enumerate(("Ja", "Nej"))]
        db.session.add_all(goals)
        db.session.commit()
        return [g.id for g in goals]


def test_proposed_goals_are_adopted_or_rejected_with_a_reason(app, admin_client, areas,
                                                               proposals):
    url = f"/admin/areas/{areas['a']['area_id']}/goals"
    yes, no = proposals
    submit(admin_client, url, {"reason": "Styrgruppen 12/11"}, action=f"/admin/goals/{yes}/adopt")
    submit(admin_client, url, {"reason": "Finns redan"}, action=f"/admin/goals/{no}/reject")
    assert goal_titles(app, areas["a"]["area_id"]) == ["Ja"]
    with app.app_context():
        assert db.session.get(Goal, no) is None
    [rejected] = events(app, "goal.rejected")
    assert rejected.reason == "Finns redan" and rejected.details["title"] == "Nej"
    assert events(app, "goal.adopted")[0].reason == "Styrgruppen 12/11"
    area_page = admin_client.get("/areas/a-area").get_data(as_text=True)
    assert "Ja" in area_page and "Nej" not in area_page


ADMIN_PAGES = ["/admin", "/admin/organisations", "/admin/areas", "/admin/areas/new",
               "/admin/staff", "/admin/staff/invite"]


@pytest.mark.parametrize("role", ["facilitator", "official", "politician"])
def test_only_admins_reach_the_admin_pages(app, areas, role):
    client = logged_in(app, create_staff(app, role))
    area_id = areas["a"]["area_id"]
    for url in [*ADMIN_PAGES, f"/admin/areas/{area_id}", f"/admin/areas/{area_id}/goals",
                f"/admin/staff/{areas['a']['facilitator']['id']}"]:
        assert client.get(url).status_code == 403, url
    response = submit(client, "/account/password", {"name": "X", "kind": "region"},
                      action="/admin/organisations")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Organisation.id).where(Organisation.name == "X")) is None


def test_visitors_are_sent_to_the_login(app, client):
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location, url


def test_the_admin_overview_links_to_the_privacy_tools_once_they_exist(app, admin_client):
    page = admin_client.get("/admin").get_data(as_text=True)
    for endpoint, path in (("privacy.participant_lookup", "/admin/participants"),
                           ("privacy.settings", "/admin/privacy")):
        assert (f'href="{path}"' in page) is (endpoint in app.view_functions)
