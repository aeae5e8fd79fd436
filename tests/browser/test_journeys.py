"""Journeys of the people in PEOPLE.md, in Debian's Chromium, against a live server.

Every page visited is checked with axe-core against WCAG 2.1 A and AA, and every test
fails on a Content-Security-Policy violation, a JavaScript error or a sub-resource
that does not load. Interface text may be Swedish or English (the catalogs may not be
compiled), so the tests find things by id, URL and role rather than by their words.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from samskapande.demo_content import MEETING, ROUND, STAFF

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

ROUND_PAGE = f"/r/{ROUND['code']}"
MY_PAGE = f"{ROUND_PAGE}/me"
RESUME_CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}")
FACILITATOR = next(person for person in STAFF if person["role"] == "facilitator")
DEMO_PASSWORD = "demo"

# Gunnel's old Android phone, and a desktop; 640 px is a 1280 px screen zoomed to 200 %.
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
ZOOMED_200 = {"viewport": {"width": 640, "height": 800}}

AXE_RUN = """async () => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
  });
  return {
    passes: results.passes.length,
    violations: results.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map(n => n.target.join(' ')),
      html: v.nodes.map(n => n.html),
    })),
  };
}"""

WIDER_THAN_VIEWPORT = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .slice(0, 5)
  .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
       + (el.className && typeof el.className === 'string'
          ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))"""


@cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def assert_accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    # The Content-Security-Policy forbids inline scripts, but page.evaluate goes through
    # the DevTools protocol, which the policy does not govern: no bypass_csp needed.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(AXE_RUN)
    assert results["passes"] > 0, f"axe checked nothing on {page.url}"
    violations = results["violations"]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    at {target}: {html}" for target, html in zip(v["targets"], v["html"],
                                                                       strict=True))
        for v in violations
    )
    assert violations == [], f"accessibility violations on {page.url}:\n{report}"


def assert_no_horizontal_scrolling(page: Page) -> None:
    # Compared with the layout viewport (clientWidth), not window.innerWidth: on a mobile
    # viewport Chromium zooms out to fit content that is too wide, and innerWidth grows
    # with it, so scrollWidth <= innerWidth would hold even on a page that overflows.
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " viewport: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["viewport"], (
        f"{page.url} scrolls sideways at {widths['viewport']} px: content is "
        f"{widths['scroll']} px wide; too wide: {page.evaluate(WIDER_THAN_VIEWPORT)}"
    )


def html_lang(page: Page) -> str | None:
    return page.locator("html").get_attribute("lang")


# -- the browser and its bookkeeping -------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    needed = {CHROMIUM: "apt-get install chromium", AXE: "make assets"}
    missing = [f"{path} ({how})" for path, how in needed.items() if not path.exists()]
    if missing:
        reason = f"the browser tests need {' and '.join(missing)}"
        if os.environ.get("SAMSKAPANDE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Browsing:
    """Opens pages on the live server and notes whatever goes wrong inside them."""

    def __init__(self, browser: Browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.problems: list[str] = []

    def new_page(self, **context_options) -> Page:
        """A page in a fresh browser context: a new device, with no cookies, whose browser
        asks for Swedish (as most residents' do) unless the test says otherwise."""
        context_options.setdefault("locale", "sv-SE")
        context = self.browser.new_context(base_url=self.base_url, **context_options)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"JS error: {error}"))
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)
        return page

    def _console(self, message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.problems.append(f"CSP violation: {text}")
        elif message.type == "error" and not text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {text}")  # HTTP errors: see _response

    def _response(self, response) -> None:
        if response.status >= 400 and not response.request.is_navigation_request():
            self.problems.append(f"{response.status} for {response.url}")

    def _request_failed(self, request) -> None:
        # ERR_ABORTED: the page navigated away while this request was still running
        # (e.g. the favicon of a page left at once) — nothing a user would notice.
        if not request.is_navigation_request() and "ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(f"could not load {request.url}: {request.failure}")

    def url(self, path: str) -> str:
        return self.base_url + path

    def assert_no_console_problems(self) -> None:
        assert self.problems == [], "problems in the browser:\n" + "\n".join(self.problems)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, live_server):
    session = Browsing(browser, live_server.url)
    yield session
    session.close()


# -- the journeys ----------------------------------------------------------------------------

@pytest.mark.browser
def test_resident_joins_on_her_phone_forgets_the_device_and_continues_with_her_code(browsing):
    page = browsing.new_page(**PHONE)

    page.goto("/")
    assert_accessible(page)
    assert_no_horizontal_scrolling(page)
    page.locator("#code").fill("nasaker")
    page.locator("form.code-form button[type=submit]").tap()

    expect(page).to_have_url(browsing.url(ROUND_PAGE))
    expect(page.locator("h1")).to_have_text(ROUND["title"])
    assert_accessible(page)
    assert_no_horizontal_scrolling(page)
    page.locator("#display_name").fill("Gunnel")
    page.locator(f"form[action='{ROUND_PAGE}/join'] button[type=submit]").tap()

    expect(page).to_have_url(re.compile(re.escape(browsing.url(MY_PAGE))))
    code = page.locator(".resume-code .code").inner_text().strip()
    assert RESUME_CODE.fullmatch(code), f"the personal code {code!r} is not like XXXX-XXXX"
    expect(page.locator("main")).to_contain_text("Gunnel")
    assert_accessible(page)
    assert_no_horizontal_scrolling(page)

    page.locator(f"main form[action='{ROUND_PAGE}/leave'] button[type=submit]").tap()
    expect(page).to_have_url(browsing.url(ROUND_PAGE))
    assert_accessible(page)

    # The next visitor on the same phone cannot open Gunnel's page.
    page.goto(MY_PAGE)
    expect(page).to_have_url(browsing.url(ROUND_PAGE))
    expect(page.locator("#display_name")).to_be_visible()  # a join form, not Gunnel's data
    expect(page.locator("main")).not_to_contain_text(code)
    assert_accessible(page)

    # On another device (the library computer), her code brings her back.
    elsewhere = browsing.new_page(**PHONE)
    elsewhere.goto("/resume")
    assert_accessible(elsewhere)
    assert_no_horizontal_scrolling(elsewhere)
    elsewhere.locator("#resume_code").fill(code.lower())
    elsewhere.locator("main form button[type=submit]").tap()
    expect(elsewhere).to_have_url(browsing.url(MY_PAGE))
    expect(elsewhere.locator(".resume-code .code")).to_have_text(code)
    assert_accessible(elsewhere)
    assert_no_horizontal_scrolling(elsewhere)

    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_facilitator_logs_in_sees_her_round_with_its_qr_code_and_logs_out(browsing):
    page = browsing.new_page(**DESKTOP)

    page.goto("/login")
    assert_accessible(page)
    page.locator("#email").fill(FACILITATOR["email"])
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(browsing.url("/staff"))
    round_card = page.locator(".round-summary").filter(
        has=page.locator(f"a[href='{ROUND_PAGE}']")
    )
    expect(round_card).to_have_count(1)
    expect(round_card.locator("h3")).to_have_text(ROUND["title"])  # under "Mina dialogomgångar"
    qr = round_card.locator("img.qr")
    expect(qr).to_have_attribute("src", f"{ROUND_PAGE}/qr.svg")
    page.wait_for_load_state("load")
    assert qr.evaluate("img => img.complete && img.naturalWidth") > 0, "the QR image is blank"
    assert_accessible(page)

    page.locator(".main-nav a[href='/account']").click()
    expect(page).to_have_url(browsing.url("/account"))
    expect(page.locator("main")).to_contain_text(FACILITATOR["email"])
    expect(page.locator("main")).to_contain_text(FACILITATOR["name"])
    assert_accessible(page)

    page.locator(".main-nav form[action='/logout'] button").click()
    expect(page).to_have_url(browsing.url("/"))
    expect(page.locator(".main-nav a[href='/login']")).to_be_visible()
    assert_accessible(page)

    page.goto("/staff/rounds")  # logged out for real: the staff pages ask for a login
    expect(page).to_have_url(re.compile(re.escape(browsing.url("/login"))))
    assert_accessible(page)

    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_keyboard_user_skips_to_content_and_goes_to_the_round_by_code(browsing):
    page = browsing.new_page(**DESKTOP)
    page.goto("/")
    assert_accessible(page)

    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('a.skip-link')"), (
        "the first Tab does not reach the skip link"
    )
    expect(page.locator(".skip-link")).to_be_in_viewport()  # visible while focused

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main", (
        "the skip link does not move focus to the main content"
    )

    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "code", (
        "after skipping, Tab does not reach the code field"
    )
    page.keyboard.type("nasaker")
    page.keyboard.press("Enter")

    expect(page).to_have_url(browsing.url(ROUND_PAGE))
    assert_accessible(page)

    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_resident_without_javascript_joins_the_round(browsing):
    page = browsing.new_page(java_script_enabled=False, **PHONE)
    # axe cannot run without JavaScript; the same pages are checked below with it on.

    page.goto("/")
    page.locator("#code").fill("NASAKER")
    page.locator("form.code-form button[type=submit]").click()
    expect(page).to_have_url(browsing.url(ROUND_PAGE))

    page.locator("#display_name").fill("Ahmed")
    page.locator(f"form[action='{ROUND_PAGE}/join'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(browsing.url(MY_PAGE))))
    expect(page.locator(".resume-code .code")).to_have_text(RESUME_CODE)
    expect(page.locator("main")).to_contain_text("Ahmed")

    # The pages she saw, as she saw them (same cookies), checked by axe with JavaScript on.
    checked = browsing.new_page(**PHONE)
    checked.context.add_cookies(page.context.cookies())
    for path in ("/", ROUND_PAGE, MY_PAGE):
        checked.goto(path)
        expect(checked).to_have_url(browsing.url(path))
        assert_accessible(checked)

    browsing.assert_no_console_problems()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", ROUND_PAGE, "/resume", "/login"])
def test_page_reflows_without_sideways_scrolling_at_200_percent_zoom(browsing, path):
    page = browsing.new_page(**ZOOMED_200)
    page.goto(path)
    expect(page.locator("h1")).to_be_visible()
    assert_no_horizontal_scrolling(page)
    assert_accessible(page)

    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_visitor_switches_the_interface_to_english_and_back(browsing):
    page = browsing.new_page(**DESKTOP)
    page.goto(ROUND_PAGE)
    assert html_lang(page) == "sv"
    assert_accessible(page)

    page.locator(".languages").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(browsing.url(ROUND_PAGE))  # back on the same page
    assert_accessible(page)

    page.locator(".languages").get_by_role("link", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page).to_have_url(browsing.url(ROUND_PAGE))
    assert_accessible(page)

    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_mistyped_address_shows_a_helpful_404_page(browsing):
    page = browsing.new_page(**DESKTOP)
    response = page.goto("/r/NOSUCHROUND")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main a[href='/']")).to_be_visible()  # a way back to the start
    assert_accessible(page)

    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_unknown_round_code_is_explained_next_to_the_field(browsing):
    page = browsing.new_page(**PHONE)
    page.goto("/")
    assert_accessible(page)
    page.locator("#code").fill("NOSUCH")
    page.locator("form.code-form button[type=submit]").tap()

    expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#code-error")).to_contain_text("NOSUCH")
    assert_accessible(page)
    assert_no_horizontal_scrolling(page)

    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_empty_login_form_shows_errors_linked_to_the_fields(browsing):
    page = browsing.new_page(**DESKTOP)
    page.goto("/login")
    assert_accessible(page)

    page.locator("main form button[type=submit]").click()

    expect(page.locator(".error-summary")).to_be_visible()
    for field in ("email", "password"):
        expect(page.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#{field}-error")).to_be_visible()
        expect(page.locator(f".error-summary a[href='#{field}']")).to_be_visible()
    assert_accessible(page)

    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_resident_reads_about_the_dialogue_meeting(browsing):
    page = browsing.new_page(**PHONE)
    page.goto(ROUND_PAGE)
    page.get_by_role("link", name=MEETING["title"]).tap()

    expect(page).to_have_url(re.compile(rf"{re.escape(browsing.url(ROUND_PAGE))}/meetings/\d+$"))
    expect(page.locator("h1")).to_have_text(MEETING["title"])
    assert_accessible(page)
    assert_no_horizontal_scrolling(page)

    browsing.assert_no_console_problems()


@pytest.mark.browser
def test_a_finnish_browser_gets_every_resident_page_in_finnish_and_accessible(browsing):
    """Aino in Haparanda: her phone asks for Finnish, and the pages she walks are Finnish
    (`lang="fi"`, for her screen reader) and pass axe in Finnish too."""
    page = browsing.new_page(locale="fi-FI", **PHONE)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    assert_accessible(page)
    page.locator("#code").fill("nasaker")
    page.locator("form.code-form button[type=submit]").tap()
    expect(page).to_have_url(browsing.url(ROUND_PAGE))
    assert_accessible(page)
    page.locator("#display_name").fill("Aino")
    page.locator(f"form[action='{ROUND_PAGE}/join'] button[type=submit]").tap()
    expect(page).to_have_url(re.compile(re.escape(browsing.url(MY_PAGE))))
    for path in (MY_PAGE, f"{ROUND_PAGE}/needs", f"{ROUND_PAGE}/needs/new", "/resume",
                 "/privacy", "/accessibility"):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "fi")
        assert_accessible(page)
        assert_no_horizontal_scrolling(page)
    page.goto(ROUND_PAGE)
    page.get_by_role("link", name=MEETING["title"]).tap()
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    assert_accessible(page)

    browsing.assert_no_console_problems()
