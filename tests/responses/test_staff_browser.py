"""The staff pages of responses in a real browser: axe finds no WCAG 2.1 AA violation,
keyboard users can tick the confirmation and sign, and errors are linked to their fields."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from samskapande.core.transaction import unit_of_work
from samskapande.demo import DEMO_PASSWORD
from samskapande.responses import services
from samskapande.responses.commitments import add_commitment, post_update
from tests.browser.test_journeys import (  # noqa: F401  (browser fixtures)
    DESKTOP,
    assert_accessible,
    browser,
    browsing,
)
from tests.responses.conftest import build_world
from tests.responses.limits import LIMITS


def prepare(app, round_id: int) -> dict:
    """A published joint response with an overdue commitment and an update, a change that
    waits for signatures, and a draft that waits for the region (committed: the live
    server reads it)."""
    with app.test_request_context(), unit_of_work():
        w = build_world(round_id)
        response = services.create_draft(w.round, w.kommun_politician, theme=w.theme,
                                         stance="partly", text="Vi provar anropsstyrd trafik.",
                                         organisation_ids={w.kommun.id, w.region.id}, limits=LIMITS)
        commitment = add_commitment(response, w.kommun_politician, organisation_id=w.kommun.id,
                                    text="Provkör trafiken i ett år", due_on=date(2020, 1, 1),
                                    responsible_role="Trafikchef")
        for signer in (w.kommun_politician, w.region_politician):
            services.sign(response, signer, services.fingerprint(response))
        post_update(commitment, w.kommun_official, text="Upphandling pågår.",
                    status="in_progress")
        services.edit(response, w.region_politician, stance="yes", text="Vi gör det.")
        draft = services.create_draft(w.round, w.kommun_politician, need=w.needs[0],
                                      stance="investigating", text="Vi utreder saken.",
                                      organisation_ids={w.kommun.id, w.region.id}, limits=LIMITS)
        return {"round_id": w.round.id, "response_id": response.id, "draft_id": draft.id,
                "commitment_id": commitment.id, "theme_id": w.theme.id,
                "need_id": w.needs[1].id,
                "email": w.kommun_politician.email}


@pytest.mark.browser
def test_staff_pages_of_responses_are_accessible_and_signing_works_by_keyboard(
        browsing, live_server, demo):  # noqa: F811  (the fixture imported above)
    ids = prepare(live_server.app, demo["round_id"])
    page = browsing.new_page(**DESKTOP)
    page.goto("/login")
    page.locator("#email").fill(ids["email"])
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(browsing.url("/staff"))

    page.locator("#awaiting-responses").click()
    expect(page).to_have_url(browsing.url("/staff/responses"))
    assert_accessible(page)
    page.goto(f"/staff/rounds/{ids['round_id']}/responses")
    assert_accessible(page)
    page.goto(f"/staff/responses/{ids['response_id']}")
    expect(page.locator(".overdue")).to_have_count(1)
    assert_accessible(page)
    page.goto(f"/staff/responses/{ids['response_id']}/edit")
    assert_accessible(page)
    page.goto(f"/staff/responses/{ids['response_id']}/commitments/new")
    assert_accessible(page)
    page.goto(f"/staff/commitments/{ids['commitment_id']}/update")
    assert_accessible(page)
    page.goto(f"/staff/commitments/{ids['commitment_id']}/owner")
    assert_accessible(page)
    page.goto("/staff/commitments?show=overdue")
    expect(page.locator(".commitment-row")).to_have_count(1)
    assert_accessible(page)

    # The theme is answered by the municipality already: "write a response" leads there.
    page.goto(f"/staff/rounds/{ids['round_id']}/responses/new?theme={ids['theme_id']}")
    expect(page).to_have_url(browsing.url(f"/staff/responses/{ids['response_id']}/sign"))
    # An empty draft: the error summary links to the fields, and is accessible too.
    page.goto(f"/staff/rounds/{ids['round_id']}/responses/new?need={ids['need_id']}")
    assert_accessible(page)
    page.locator("#save-response").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)

    # Sign the draft with the keyboard only; it waits for the region afterwards.
    page.goto(f"/staff/responses/{ids['draft_id']}/sign")
    expect(page.locator("#waits-note")).to_be_visible()
    assert_accessible(page)
    page.locator("#confirm").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(browsing.url(f"/staff/responses/{ids['draft_id']}"))
    expect(page.locator("#sign-link")).to_have_count(0)
    assert_accessible(page)
    browsing.assert_no_console_problems()
