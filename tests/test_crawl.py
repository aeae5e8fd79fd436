"""Every page a visitor can reach by following links answers without a server error.

The crawl starts at the start page and at the demo round's address, follows every
same-site link, stylesheet, icon and image, and submits the GET forms as they are
(GET only, never a form that changes something). It runs in Swedish and in English,
as each kind of visitor: anonymous, a resident who joined the round, each staff role.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

import pytest

from tests.conftest import ROLES, create_staff, log_in

ROUND = "/r/NASAKER"
START_PAGES = ("/", ROUND)
MAX_PAGES = 400
MEETING_PAGE = re.compile(r"^/r/NASAKER/meetings/\d+$")

# Attributes that make a browser issue a GET to the site.
FOLLOWED = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}


class LinkCollector(HTMLParser):
    """Collects the URLs a page makes a browser GET: links, assets, and GET forms as they are."""

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.links: list[str] = []
        self.html_lang: str | None = None
        self._get_form: tuple[str, list[tuple[str, str]]] | None = None

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.html_lang = values.get("lang")
        attribute = FOLLOWED.get(tag)
        if attribute and values.get(attribute):
            self.links.append(values[attribute])
        if tag == "form" and values.get("method", "get").lower() == "get":
            self._get_form = (values.get("action") or self.page_url, [])
        if tag == "input" and self._get_form and values.get("name"):
            self._get_form[1].append((values["name"], values.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form" and self._get_form:  # submitted untouched, as an impatient visitor would
            action, fields = self._get_form
            self.links.append(f"{action}?{urlencode(fields)}")
            self._get_form = None


def same_site_path(base: str, link: str) -> str | None:
    """The path and query of a link on this site, or None for links the crawl skips."""
    link = link.strip()
    if not link or link.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin(f"http://localhost{base}", link))
    if parts.scheme not in {"http", "https"} or parts.hostname != "localhost":
        return None
    if parts.path.startswith("/language/"):  # only sets a cookie and redirects back
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


def crawl(client) -> dict[str, str]:
    """Visit every reachable URL once; return each URL with its status (and any exception)."""
    seen: dict[str, str] = {}
    queue = deque(START_PAGES)
    queued = set(START_PAGES)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        try:
            response = client.get(url)
        except Exception as error:  # the test app propagates exceptions instead of a 500 page
            seen[url] = f"500 ({type(error).__name__}: {error})"
            continue
        seen[url] = str(response.status_code)
        found: list[str] = []
        if response.location:
            found.append(response.location)
        if response.mimetype == "text/html":
            parser = LinkCollector(url)
            parser.feed(response.get_data(as_text=True))
            found.extend(parser.links)
        response.close()
        for link in found:
            target = same_site_path(url, link)
            if target is not None and target not in queued:
                queued.add(target)
                queue.append(target)
    return seen


def html_lang(client, url: str) -> str | None:
    parser = LinkCollector(url)
    parser.feed(client.get(url).get_data(as_text=True))
    return parser.html_lang


@pytest.fixture(params=("anonymous", "participant", *ROLES))
def visitor(request, app, client, demo):
    """A client for one kind of visitor, with the Näsåker demo loaded."""
    kind = request.param
    if kind == "participant":
        client = request.getfixturevalue("participant_client")
    elif kind in ROLES:
        user = create_staff(app, kind)
        assert log_in(client, user["email"]).status_code == 302, f"{kind} could not log in"
    client.kind = kind
    return client


def expected_pages(kind: str) -> set[str]:
    """Pages the crawl must reach, so that it cannot pass by crawling nothing."""
    pages = {"/", ROUND, "/join?code=", "/resume", "/static/css/site.css", "/static/favicon.svg"}
    if kind in ROLES:
        pages |= {"/staff", "/staff/rounds", "/account", "/account/password"}
    else:
        pages |= {"/login"}
    if kind == "participant":
        pages |= {f"{ROUND}/me"}
    if kind == "admin":  # admins see every round, with its QR code for the posters
        pages |= {f"{ROUND}/qr.svg"}
    return pages


@pytest.mark.parametrize("language", ["sv", "en", "fi"])
def test_every_reachable_page_answers_without_server_error(visitor, language):
    if language != "sv":
        assert visitor.get(f"/language/{language}").status_code == 302
    assert html_lang(visitor, "/") == language

    seen = crawl(visitor)

    broken = sorted(
        f"{url} -> {status}" for url, status in seen.items() if int(status[:3]) >= 500
    )
    assert not broken, (
        f"server errors for {visitor.kind} ({language}):\n" + "\n".join(broken)
    )
    missing = expected_pages(visitor.kind) - seen.keys()
    assert not missing, f"the crawl as {visitor.kind} never reached {sorted(missing)}"
    assert any(MEETING_PAGE.match(url) for url in seen), (
        f"the crawl as {visitor.kind} never reached the demo meeting's page"
    )
    assert len(seen) < MAX_PAGES, "the crawl hit its page limit; is a link generating links?"


def test_the_whole_demo_answers_every_public_page(app, client):
    """As `samskapande demo` loads it: the closed round, its follow-up, themes, responses,
    and the second model area, all reached from the start page."""
    from samskapande.core.transaction import unit_of_work
    from samskapande.demo import load_demo

    with app.app_context(), unit_of_work():
        load_demo(production=False)
    seen = crawl(client)

    broken = sorted(f"{url} -> {status}" for url, status in seen.items()
                    if int(status[:3]) >= 400 and not url.startswith("/join?"))
    assert not broken, "\n".join(broken)
    reached = {"/areas/solleftea-nasaker", "/areas/solleftea-nasaker/follow-up",
               "/areas/ostra-norrbotten", "/r/NASAKER25", "/r/NASAKER25/follow-up",
               "/r/NASAKER25/report", "/r/OSTRANORRBOTTEN", "/r/OSTRANORRBOTTEN/needs",
               "/r/RAMSELE26"}
    assert not reached - seen.keys(), f"never reached {sorted(reached - seen.keys())}"
    for kind in ("themes", "responses"):
        assert any(url.startswith(f"/r/NASAKER25/{kind}/") for url in seen), kind
        assert any(url.startswith(f"/r/RAMSELE26/{kind}/") for url in seen), kind
