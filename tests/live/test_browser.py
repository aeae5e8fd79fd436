"""One journey in real browsers: a resident's phone, the big screen and a politician.

The resident asks a question from a 375 px phone; the projector shows it without a reload;
the politician answers it from the meeting page and the resident sees the answer arrive.
axe checks the meeting page, the moderation page and the projector.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.test_journeys import (  # noqa: F401  (fixtures)
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_horizontal_scrolling,
    browser,
    browsing,
)
from tests.live.helpers import DEMO_PASSWORD, FACILITATOR, POLITICIAN

ROUND_PAGE = "/r/NASAKER"
QUESTION = "Kan bussen till vårdcentralen gå en gång till på eftermiddagen?"
ANSWER = "Ja, vi prövar det från mars."


def log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/login"))


def meeting_path(page: Page) -> str:
    page.goto(ROUND_PAGE)
    href = page.locator("a[href*='/meetings/']").first.get_attribute("href")
    return href


def test_a_question_reaches_the_big_screen_and_its_answer_the_phone(browsing):  # noqa: F811
    screen = browsing.new_page(**DESKTOP)
    log_in(screen, FACILITATOR)
    meeting = meeting_path(screen)
    screen.goto(f"{meeting}/moderate")
    assert_accessible(screen)
    screen.goto(f"{meeting}/screen")
    expect(screen.locator("#top-questions")).to_be_attached()
    assert_accessible(screen)

    politician = browsing.new_page(**DESKTOP)
    log_in(politician, POLITICIAN)
    politician.goto(meeting)

    phone = browsing.new_page(**PHONE)
    phone.goto(ROUND_PAGE)
    phone.locator("#display_name").fill("Gunnel")
    phone.locator(f"form[action='{ROUND_PAGE}/join'] button[type=submit]").tap()
    expect(phone).to_have_url(re.compile(r"/me"))
    phone.goto(meeting)
    expect(phone.locator("#live-status .connection")).not_to_be_empty()
    assert_accessible(phone)
    assert_no_horizontal_scrolling(phone)
    phone.locator("input[name=kind][value=question]").check()
    phone.locator("#text").fill(QUESTION)
    phone.locator("#post-form button[type=submit]").tap()
    expect(phone).to_have_url(re.compile(re.escape(meeting) + r"$"))  # no page load
    expect(phone.locator("#text")).to_have_value("")
    expect(phone.locator("#post-list .post.question").first).to_contain_text(QUESTION)

    expect(screen.locator("#top-questions")).to_contain_text(QUESTION)  # without reload

    post = politician.locator("#post-list .post.question").filter(has_text=QUESTION)
    expect(post).to_be_visible()
    assert_accessible(politician)  # with a post that live.js built
    post.locator("summary").click()
    post.locator("textarea[name=answer]").fill(ANSWER)
    post.locator(".answer-form button[type=submit]").click()

    answer = phone.locator("#post-list .post.question .post-answer")
    expect(answer).to_contain_text(ANSWER)
    expect(answer).to_contain_text("Karin Fjällström")
    expect(screen.locator("#top-questions")).not_to_contain_text(QUESTION)  # answered
    assert_accessible(phone)
    browsing.assert_no_console_problems()
