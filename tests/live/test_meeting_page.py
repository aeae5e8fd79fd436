"""The meeting page as a resident reads it on a phone, without JavaScript: the conversation
first, oldest to newest, with the form after it and a link there; one radio group for where
I am; times as people write them; the poll's button in plain Swedish."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from samskapande.extensions import db
from samskapande.live import polls, services
from tests.conftest import log_in
from tests.live.helpers import DEMO_PASSWORD, FACILITATOR, demo_meeting, new_participant, staff

# 17:30 UTC on a winter evening is 18:30 in Sweden (CET).
STARTS = datetime(2026, 12, 4, 17, 30, tzinfo=UTC)
ENDS = datetime(2026, 12, 4, 19, 30, tzinfo=UTC)
TEXTS = ["Första inlägget", "Andra inlägget", "Tredje och senaste inlägget"]


@pytest.fixture
def url(app, demo):
    with app.app_context():
        meeting = demo_meeting()
        meeting.starts_at, meeting.ends_at = STARTS, ENDS
        for text in TEXTS:
            services.post_message(meeting, participant=new_participant(meeting.round_id),
                                  text=text)
        db.session.commit()
        return f"/r/NASAKER/meetings/{meeting.id}"


def page_in(client, url: str, language: str) -> str:
    client.get(f"/language/{language}")
    return client.get(url).get_data(as_text=True)


def seconds_or_zone(page: str):
    """A time with seconds or a zone in what the page says (not in its attributes)."""
    return re.search(r"\d\d?[:.]\d\d[:.]\d\d|CET|\+0100", re.sub(r"<[^>]*>", " ", page))


class Elements(HTMLParser):
    """Every start tag of a page in order, with its attributes and the tags it is inside."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict, tuple[str, ...]]] = []
        self.open: list[str] = []
        self.texts: dict[int, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs), tuple(self.open)))
        if tag not in {"input", "br", "img", "meta", "link", "hr"}:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]

    def handle_data(self, data):
        if self.found and data.strip():
            index = len(self.found) - 1
            self.texts[index] = self.texts.get(index, "") + data


def test_the_conversation_comes_first_oldest_to_newest_then_the_form(participant_client, url):
    page = page_in(participant_client, url, "sv")
    positions = [page.index(text) for text in TEXTS]
    assert positions == sorted(positions), "posts read oldest to newest"
    assert page.index('id="post-list"') < page.index('id="post-form"')
    assert page.index("Tredje och senaste inlägget") < page.index('id="post-form"')


def test_a_link_at_the_top_leads_to_the_form_and_one_to_the_newest_post(participant_client,
                                                                       url):
    page = page_in(participant_client, url, "sv")
    skip = re.search(r'<a href="#([\w-]+)">Skriv ett inlägg</a>', page)
    assert skip and page.index(skip.group(0)) < page.index('id="post-list"')
    target = skip.group(1)
    assert f'id="{target}"' in page and page.index(f'id="{target}"') < page.index('id="post-form"')
    newest = re.search(r'<a href="#(post-\d+)">Till det senaste inlägget</a>', page)
    assert newest, "a link to the newest post"
    post = page[page.index(f'id="{newest.group(1)}"'):]
    assert post.index("Tredje och senaste inlägget") < post.index("</li>")


def test_where_am_i_is_one_fieldset_with_a_legend_and_a_label_for_each_radio(
        participant_client, url):
    elements = Elements(page_in(participant_client, url, "sv"))
    radios = [(attrs, inside) for tag, attrs, inside in elements.found
              if tag == "input" and attrs.get("name") == "where"]
    assert [attrs["value"] for attrs, _ in radios] == ["room", "remote"]
    assert all(attrs["type"] == "radio" and "fieldset" in inside for attrs, inside in radios)
    legends = [elements.texts.get(i, "").strip() for i, (tag, _, inside)
               in enumerate(elements.found) if tag == "legend" and "form" in inside]
    assert "Var är du?" in legends
    labels = {attrs.get("for"): elements.texts.get(i, "").strip()
              for i, (tag, attrs, _) in enumerate(elements.found) if tag == "label"}
    assert [labels.get(attrs["id"]) for attrs, _ in radios] == ["I salen", "På distans"]


def test_times_read_without_seconds_or_zone_in_each_language(participant_client, url):
    swedish = page_in(participant_client, url, "sv")
    assert "4 december 2026 kl. 18:30 – 20:30" in swedish
    assert not seconds_or_zone(swedish)
    times = re.findall(r'<time datetime="[^"]+">([^<]*)</time>', swedish)
    assert len(times) == len(TEXTS) and all(re.fullmatch(r"\d\d:\d\d", t) for t in times)

    assert "4. joulukuuta 2026 klo 18.30 – 20.30" in page_in(participant_client, url, "fi")
    assert "December 4, 2026 at 6:30\u202fPM" in page_in(participant_client, url, "en")


def test_the_transcript_and_the_meetings_list_write_the_time_the_same_way(app, url):
    client = app.test_client()
    assert log_in(client, FACILITATOR, DEMO_PASSWORD).status_code == 302
    with app.app_context():
        round_id = demo_meeting().round_id
    for path in (f"{url}/transcript", f"/manage/rounds/{round_id}/meetings"):
        page = page_in(client, path, "sv")
        assert "4 december 2026 kl. 18:30" in page, path
        assert not seconds_or_zone(page), path


def test_the_poll_button_says_svara(app, participant_client, url):
    with app.app_context():
        meeting, facilitator = demo_meeting(), staff(FACILITATOR)
        poll = polls.create_poll(meeting, facilitator, question="Hur kom du hit i kväll?",
                                 kind="single", options=["Bil", "Buss", "Till fots"])
        polls.open_poll(poll, facilitator)
        db.session.commit()
    page = page_in(participant_client, url, "sv")
    form = page[page.index('class="poll-form"'):]
    form = form[:form.index("</form>")]
    assert re.search(r'<button type="submit" class="button primary">Svara</button>', form)
    assert "Välj ett alternativ" in form
