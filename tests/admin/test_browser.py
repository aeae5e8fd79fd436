"""Every admin and audit page in Chromium as an admin: axe finds nothing, keyboard works."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from samskapande.accounts.models import User
from samskapande.areas.models import Goal, GoalStatus, ModelArea, Organisation
from samskapande.extensions import db
from tests.browser.test_journeys import DEMO_PASSWORD, DESKTOP, assert_accessible

ADMIN_EMAIL = "admin@demo.samskapande.se"


def _ids(app) -> dict:
    with app.app_context():
        area = db.session.scalar(db.select(ModelArea))
        db.session.add(Goal(model_area=area, title="Föreslaget mål", description="Varför",
                            status=GoalStatus.PROPOSED, position=99))
        db.session.commit()
        return {"area": area.id, "goal": area.goals[0].id,
                "organisation": db.session.scalar(db.select(Organisation.id)),
                "person": db.session.scalar(db.select(User.id).where(User.role == "official"))}


def _tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element is focused: it can be reached by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


@pytest.mark.browser
def test_every_admin_page_is_accessible_and_works_by_keyboard(browsing, app):
    ids = _ids(app)
    page = browsing.new_page(**DESKTOP)
    page.goto("/login")
    page.locator("#email").fill(ADMIN_EMAIL)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_url("**/staff")
    page.wait_for_load_state("networkidle")

    _tab_to(page, "a[href='/admin']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin")
    for path in ["/admin", "/admin/organisations",
                 f"/admin/organisations/{ids['organisation']}", "/admin/areas",
                 "/admin/areas/new", f"/admin/areas/{ids['area']}",
                 f"/admin/areas/{ids['area']}/goals", f"/admin/goals/{ids['goal']}",
                 "/admin/staff", f"/admin/staff/{ids['person']}", "/audit"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert_accessible(page)

    # An empty form shows its errors accessibly too.
    page.goto("/admin/organisations")
    page.wait_for_load_state("networkidle")
    _tab_to(page, "form.card button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)

    # Invite someone with the keyboard alone, and open the link.
    page.goto("/admin/staff")
    page.wait_for_load_state("networkidle")
    _tab_to(page, "a[href='/admin/staff/invite']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/staff/invite")
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    _tab_to(page, "#email")
    page.keyboard.type("ny.samtalsledare@example.se")
    _tab_to(page, "#role-0")
    page.keyboard.press("Space")
    _tab_to(page, "form.card button[type=submit]")
    page.keyboard.press("Enter")
    link = page.locator("#invitation-link")
    expect(link).to_contain_text("/invitation/")
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    invitation = re.search(r"/invitation/\S+", link.inner_text()).group(0)

    page.goto("/audit?action=account.invited")
    expect(page.locator("table.admin-table tbody tr")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert_accessible(page)

    invitee = browsing.new_page(**DESKTOP)
    invitee.goto(invitation)
    invitee.wait_for_load_state("networkidle")
    assert_accessible(invitee)
    browsing.assert_no_console_problems()
