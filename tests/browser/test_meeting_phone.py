"""The meeting page on Gunnel's phone, in a meeting already thirty posts long.

She opens it and sees the newest post without scrolling; a post the facilitator writes
from her laptop arrives at the end, in view; "Skriv ett inlägg" takes her to the form; the
page never scrolls sideways and axe finds nothing; and "Var är du?" stays one tidy group
of radios, each box beside its label, on a narrow phone and at 200 % zoom.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from samskapande.extensions import db
from samskapande.live import services
from tests.browser.test_journeys import (  # noqa: F401  (fixtures)
    DESKTOP,
    ROUND_PAGE,
    ZOOMED_200,
    assert_accessible,
    assert_no_horizontal_scrolling,
    browser,
    browsing,
)
from tests.live.helpers import DEMO_PASSWORD, FACILITATOR, demo_meeting, new_participant

PHONE_667 = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True,
             "device_scale_factor": 2}
NARROW_320 = {"viewport": {"width": 320, "height": 568}, "is_mobile": True, "has_touch": True}
POSTS = 30
FROM_THE_FACILITATOR = "Vi tar en kort paus och fortsätter klockan 19.15."


@pytest.fixture
def meeting_path(app, live_server):
    """The demo meeting with thirty posts from thirty residents, some of them long."""
    with app.app_context():
        meeting = demo_meeting()
        for number in range(1, POSTS + 1):
            text = f"Inlägg nummer {number} om vården i byn."
            if number % 4 == 0:
                text += " Det är långt till vårdcentralen och bussen går sällan på kvällen."
            services.post_message(meeting, participant=new_participant(meeting.round_id),
                                  text=text)
        db.session.commit()
        return f"{ROUND_PAGE}/meetings/{meeting.id}"


def join(page: Page, name: str) -> None:
    page.goto(ROUND_PAGE)
    page.locator("#display_name").fill(name)
    page.locator(f"form[action='{ROUND_PAGE}/join'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/me"))


def assert_fully_in_view(page: Page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, (
        f"{selector} is at {box} in a viewport {height} px high"
    )


def assert_each_radio_beside_its_label(page: Page) -> None:
    group = page.locator(".where-form fieldset")
    expect(group.locator("legend")).to_be_visible()
    radios = group.locator("input[type=radio]")
    assert radios.count() == 2
    for index in range(radios.count()):
        radio = radios.nth(index)
        label = group.locator(f"label[for='{radio.get_attribute('id')}']")
        box, text = radio.bounding_box(), label.bounding_box()
        assert box["x"] + box["width"] <= text["x"], "the radio is not left of its label"
        middle = box["y"] + box["height"] / 2
        assert text["y"] <= middle <= text["y"] + text["height"], (
            "the radio and its label are not on one line")


@pytest.mark.browser
def test_the_phone_opens_at_the_newest_post_and_keeps_it_in_view(browsing, meeting_path):  # noqa: F811
    phone = browsing.new_page(**PHONE_667)
    join(phone, "Gunnel")
    phone.goto(meeting_path)
    expect(phone.locator("#live-status .connection")).not_to_be_empty()
    newest = "#post-list .post:last-child"
    expect(phone.locator(newest)).to_contain_text(f"Inlägg nummer {POSTS} ")
    assert_fully_in_view(phone, newest)
    assert re.fullmatch(r"\d\d:\d\d", phone.locator(f"{newest} time").inner_text())
    assert_no_horizontal_scrolling(phone)
    assert_accessible(phone)

    laptop = browsing.new_page(**DESKTOP)
    laptop.goto("/login")
    laptop.locator("#email").fill(FACILITATOR)
    laptop.locator("#password").fill(DEMO_PASSWORD)
    laptop.locator("main form button[type=submit]").click()
    expect(laptop).not_to_have_url(re.compile(r"/login"))
    laptop.goto(meeting_path)
    expect(laptop.locator("#live-status .connection")).not_to_be_empty()
    laptop.locator("#text").fill(FROM_THE_FACILITATOR)
    laptop.locator("#post-form button[type=submit]").click()

    arrived = phone.locator(newest)
    expect(arrived).to_contain_text(FROM_THE_FACILITATOR)  # without a reload
    expect(arrived).to_be_in_viewport(ratio=1)
    assert_fully_in_view(phone, newest)
    assert re.fullmatch(r"\d\d:\d\d", arrived.locator("time").inner_text())
    assert_no_horizontal_scrolling(phone)
    assert_accessible(phone)  # with the post live.js built

    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_the_link_at_the_top_takes_the_phone_to_the_form(browsing, meeting_path):  # noqa: F811
    phone = browsing.new_page(**PHONE_667)
    join(phone, "Gunnel")
    phone.goto(meeting_path)
    phone.evaluate("() => window.scrollTo(0, 0)")
    link = phone.locator(".page-links a[href='#write-heading']")
    link.tap()
    assert phone.evaluate("() => document.activeElement.id") == "write-heading"
    expect(phone.locator("#write-heading")).to_be_in_viewport()
    phone.keyboard.press("Tab")
    assert phone.evaluate("() => !!document.activeElement.closest('#post-form')"), (
        "after the link, Tab does not reach the form")
    assert phone.locator("#post-list").bounding_box()["y"] < phone.locator(
        "#post-form").bounding_box()["y"], "the form comes after the conversation"

    browsing.assert_no_console_problems()


@pytest.mark.browser
@pytest.mark.parametrize("device", [PHONE_667, NARROW_320, ZOOMED_200],
                         ids=["375px", "320px", "200%-zoom"])
def test_where_am_i_stays_one_tidy_radio_group(browsing, meeting_path, device):  # noqa: F811
    page = browsing.new_page(**device)
    join(page, "Gunnel")
    page.goto(meeting_path)
    page.locator(".where-form").scroll_into_view_if_needed()
    assert_each_radio_beside_its_label(page)
    assert_no_horizontal_scrolling(page)
    assert_accessible(page)

    browsing.assert_no_console_problems()
