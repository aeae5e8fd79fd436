"""The theme workspace in Chromium: moving needs by keyboard and by mouse, the progress of
suggestions, and axe on every state of the page a facilitator passes through."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from samskapande.extensions import db
from samskapande.rounds.models import Round
from samskapande.themes import services
from samskapande.themes.models import RunStatus, SuggestionRun
from tests.browser import test_journeys as journeys
from tests.browser.test_journeys import (
    DEMO_PASSWORD,
    DESKTOP,
    FACILITATOR,
    PHONE,
    ZOOMED_200,
    assert_accessible,
    assert_no_horizontal_scrolling,
)

# The browser and the bookkeeping of what goes wrong in it, shared with the journeys.
browser = journeys.browser
browsing = journeys.browsing


def _settled(page) -> None:
    page.wait_for_load_state("networkidle")


def _log_in(page) -> None:
    page.goto("/login")
    _settled(page)
    page.locator("#email").fill(FACILITATOR["email"])
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/staff")
    _settled(page)


def _round_id(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Round.id).where(Round.code == "NASAKER"))


def _placement(app, round_id) -> dict[int, int]:
    """need id -> theme id, as saved."""
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        return {link.need_id: theme.id for theme in services.themes_of(round_)
                for link in theme.needs}


def _themes(app, round_id) -> list[tuple[int, list[int]]]:
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        return [(t.id, sorted(link.need_id for link in t.needs))
                for t in services.themes_of(round_)]


def _drag(page, source, target) -> None:
    """Drag with the mouse as a person does: press, move a little, carry, release."""
    source.scroll_into_view_if_needed()
    box = source.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 5)
    page.mouse.down()
    page.mouse.move(box["x"] + 40, box["y"] + 30, steps=5)
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 5, steps=5)
    page.mouse.up()


def _suggest(page, base: str, k: str) -> None:
    page.goto(base)
    _settled(page)
    page.locator("#suggest-k").select_option(k)
    page.locator("form.suggest-form button[type=submit]").click()
    page.wait_for_url(f"**{base}#suggest-heading")
    _settled(page)


@pytest.mark.browser
def test_facilitator_moves_a_need_to_another_theme_by_keyboard(browsing, app):
    round_id = _round_id(app)
    base = f"/manage/rounds/{round_id}/themes"
    page = browsing.new_page(**DESKTOP)
    _log_in(page)
    page.goto(base)
    _settled(page)
    assert_accessible(page)  # before any theme exists

    _suggest(page, base, "4")
    assert_accessible(page)
    (first, first_needs), (second, _) = _themes(app, round_id)[:2]
    need = min(first_needs)  # the first need card of the theme

    # Tab from the theme's last "most typical" link into the need's select.
    page.locator(f"#theme-{first} .typical a").last.focus()
    page.keyboard.press("Tab")
    select = page.locator(f"#move-{need}-theme")
    expect(select).to_be_focused()
    for _ in range(12):
        if select.input_value() == str(second):
            break
        page.keyboard.press("ArrowDown")
    assert select.input_value() == str(second)
    page.keyboard.press("Tab")
    expect(page.locator(f"#need-{need} form[data-move-form] button")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{base}#need-{need}")
    _settled(page)

    expect(page.locator(f"#theme-{second} #need-{need}")).to_be_visible()
    expect(page.locator(f"#theme-{first} #need-{need}")).to_have_count(0)
    expect(page.locator(".flash-success")).to_be_visible()
    assert _placement(app, round_id)[need] == second
    assert_accessible(page)
    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_facilitator_drags_a_need_onto_another_theme(browsing, app):
    round_id = _round_id(app)
    base = f"/manage/rounds/{round_id}/themes"
    page = browsing.new_page(**DESKTOP)
    _log_in(page)
    _suggest(page, base, "3")
    (first, first_needs), (_, _), (third, _) = _themes(app, round_id)[:3]
    need = max(first_needs)
    expect(page.locator("[data-drag-help]")).to_be_visible()
    card = page.locator(f"#need-{need}")
    expect(card).to_have_attribute("draggable", "true")

    _drag(page, card.locator(".need-text"), page.locator(f"#theme-{third} h3"))

    expect(page.locator(f"#theme-{third} #need-{need}")).to_be_visible()
    expect(page.locator("[data-move-status]")).not_to_have_text("")
    expect(page.locator(f"#theme-{third} [data-theme-status]")).to_have_class(
        "status status-changed")  # moving a need never accepts the theme
    assert page.locator(f"#move-{need}-theme").input_value() == str(third)
    assert _placement(app, round_id)[need] == third
    page.reload()
    _settled(page)
    expect(page.locator(f"#theme-{third} #need-{need}")).to_be_visible()
    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_every_state_of_the_workspace_is_accessible(browsing, app):
    round_id = _round_id(app)
    base = f"/manage/rounds/{round_id}/themes"
    page = browsing.new_page(**DESKTOP)
    _log_in(page)
    _suggest(page, base, "3")
    first = _themes(app, round_id)[0][0]

    # An error: an empty title keeps the form open with its error linked.
    page.locator(f"#theme-{first} details.change summary").click()
    page.locator(f"#theme-{first}-title").fill("")
    page.locator(f"#theme-{first}-summary").fill("Det jag skrev")
    page.locator(f"#theme-{first} details.change form").first.locator("button").click()
    _settled(page)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(f"#theme-{first}-title-error")).to_be_visible()
    expect(page.locator(f"#theme-{first}-summary")).to_have_value("Det jag skrev")
    assert_accessible(page)

    # Accept, then publish after the confirmation that says what residents will see.
    page.goto(base)
    _settled(page)
    page.locator(f"#theme-{first} form.accept-form button").click()
    _settled(page)
    page.locator("#publish-heading ~ a.button").click()
    _settled(page)
    expect(page.locator("#publish-themes li")).to_have_count(1)
    assert_accessible(page)
    # Its title is still the app's: publishing asks for that to be confirmed first.
    page.locator("#publish-button").click()
    _settled(page)
    expect(page.locator("#publish-confirm_titles-error")).to_be_visible()
    assert_accessible(page)
    page.locator("#publish-confirm_titles").check()
    page.locator("#publish-button").click()
    page.wait_for_url(f"**{base}#publish-heading")
    _settled(page)
    expect(page.locator("#published")).to_be_visible()
    assert_accessible(page)
    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_the_progress_of_suggestions_updates_and_the_page_reloads_when_done(browsing, app):
    round_id = _round_id(app)
    base = f"/manage/rounds/{round_id}/themes"
    with app.app_context():
        run = SuggestionRun(round_id=round_id, status=RunStatus.RUNNING, progress=10)
        db.session.add(run)
        db.session.commit()
        run_id = run.id
    page = browsing.new_page(**DESKTOP)
    _log_in(page)
    page.goto(base)
    _settled(page)
    expect(page.locator("#suggest-progress-bar")).to_have_attribute("value", "10")
    assert_accessible(page)

    with app.app_context():
        db.session.get(SuggestionRun, run_id).progress = 60
        db.session.commit()
    expect(page.locator("[data-progress-text]")).to_contain_text("60")
    expect(page.locator("#suggest-progress-bar")).to_have_js_property("value", 60)

    with app.app_context():
        run = db.session.get(SuggestionRun, run_id)
        run.status, run.progress = RunStatus.FAILED, 60
        db.session.commit()
    expect(page.locator("#suggest-failed")).to_be_visible(timeout=10_000)
    expect(page.locator("#suggest-progress")).to_have_count(0)
    assert_accessible(page)
    browsing.assert_no_console_problems()


@pytest.mark.browser
@pytest.mark.parametrize("device", ["phone", "zoomed"])
def test_the_workspace_fits_a_phone_and_200_percent_zoom(browsing, app, device):
    round_id = _round_id(app)
    base = f"/manage/rounds/{round_id}/themes"
    page = browsing.new_page(**(PHONE if device == "phone" else ZOOMED_200))
    _log_in(page)
    _suggest(page, base, "3")
    for details in page.locator("details").all()[:6]:
        details.locator("summary").click()
    assert_no_horizontal_scrolling(page)
    assert_accessible(page)
    browsing.assert_no_console_problems()
