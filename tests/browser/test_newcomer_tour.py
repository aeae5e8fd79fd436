"""A newcomer tours the whole method in the demo, on a 375 px phone and at 200 % zoom.

From the start page to last year's closed round: what residents said, what the region
and the municipality answered together (both signatures), and how one commitment went,
update by update; then to the second model area's page. Every page is checked with axe,
and none scrolls sideways. The live server holds the whole demo, as `samskapande demo`
loads it (the suite's `demo` fixture leaves the past round and Östra Norrbotten out).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from samskapande import demo_norrbotten_content as norrbotten
from samskapande import demo_past_content as past
from tests.browser.test_journeys import (  # noqa: F401  (browser fixtures)
    PHONE,
    ZOOMED_200,
    Browsing,
    assert_accessible,
    assert_no_horizontal_scrolling,
    browser,
)
from tests.conftest import LiveServer

# The commitment with a history: reported on twice, done at the second report.
ANSWERED, DONE = next((r, c) for r in past.RESPONSES for c in r["commitments"]
                      if len(c["updates"]) > 1 and c["updates"][-1][1] == "done")
THEME = past.THEMES[ANSWERED["theme"]]
NEED = next(need for need in past.NEEDS if need["theme"] == ANSWERED["theme"])


@pytest.fixture
def touring(browser, app):  # noqa: F811  (the browser fixture imported above)
    from samskapande.core.transaction import unit_of_work
    from samskapande.demo import load_demo

    with app.app_context(), unit_of_work():
        load_demo(production=False)
    with LiveServer(app) as server:
        session = Browsing(browser, server.url)
        yield session
        session.close()


def arrive(page: Page) -> None:
    """The page a link led to: it has a heading, fits the width and passes axe."""
    page.wait_for_load_state()
    expect(page.locator("h1")).to_be_visible()
    assert_no_horizontal_scrolling(page)
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.parametrize("device", [PHONE, ZOOMED_200], ids=["phone-375", "zoom-200"])
def test_newcomer_follows_last_years_round_from_the_start_page(touring, device):
    page = touring.new_page(**device)
    page.goto("/")
    arrive(page)

    page.locator("#closed-rounds").get_by_role(
        "link", name="Ni sa – vi svarade – så blev det").click()
    arrive(page)
    expect(page.locator("main")).to_contain_text(past.ROUND["title"])
    page.locator("main").get_by_role("link", name=THEME["title"], exact=True).click()
    arrive(page)
    expect(page.locator("h1")).to_have_text(THEME["title"])
    expect(page.locator("main")).to_contain_text(NEED["text"])  # what residents said

    page.locator("main a.read-more").first.click()
    arrive(page)
    signatures = page.locator(".signed-by .signatures").first
    expect(signatures).to_be_visible()
    expect(signatures).to_contain_text("Region Västernorrland")
    expect(signatures).to_contain_text("Sollefteå kommun")
    expect(signatures.locator("li")).to_have_count(2)

    commitment = page.locator(".commitment", has_text=DONE["text"])
    expect(commitment).to_be_visible()
    updates = commitment.locator(".commitment-updates li")
    expect(updates).to_have_count(len(DONE["updates"]))
    for _by, _status, text, _days in DONE["updates"]:
        expect(commitment).to_contain_text(text)

    touring.assert_no_console_problems()


@pytest.mark.browser
@pytest.mark.parametrize("device", [PHONE, ZOOMED_200], ids=["phone-375", "zoom-200"])
def test_newcomer_finds_the_second_model_area_from_the_start_page(touring, device):
    page = touring.new_page(**device)
    page.goto("/")
    arrive(page)

    page.locator("#model-areas").get_by_role(
        "link", name=norrbotten.MODEL_AREA["name"]).click()
    arrive(page)
    expect(page.locator("h1")).to_have_text(norrbotten.MODEL_AREA["name"])
    main = page.locator("main")
    for organisation in norrbotten.ORGANISATIONS:
        expect(main).to_contain_text(organisation["name"])
    for goal in norrbotten.MODEL_AREA["goals"]:
        expect(main).to_contain_text(goal["title"])

    page.locator("#rounds-under-way").get_by_role(
        "link", name=norrbotten.ROUND["title"]).click()
    arrive(page)
    expect(page.locator("h1")).to_have_text(norrbotten.ROUND["title"])
    expect(main).to_contain_text(norrbotten.NEEDS[0]["text"][:40])

    touring.assert_no_console_problems()
