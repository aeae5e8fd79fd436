"""The Atom feeds of responses and follow-ups, per round and per model area."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from samskapande.responses import commitments
from tests.responses.test_public import DRAFT, PUBLIC, draft, sign_all

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(client, url):
    result = client.get(url)
    assert result.status_code == 200
    assert result.mimetype == "application/atom+xml"
    return ET.fromstring(result.data)  # noqa: S314  (our own feed)


def test_round_feed_is_atom_with_the_published_responses_and_updates(app, world):
    hidden = draft(world, DRAFT, need=world.needs[0])  # one response per subject and body
    assert hidden.status == "draft"
    response = draft(world)
    commitment = commitments.add_commitment(response, world.kommun_politician,
                                            organisation_id=world.kommun.id,
                                            text="Tidtabell klar", due_on=None,
                                            responsible_role="Trafikchef")
    sign_all(world, response)
    commitments.post_update(commitment, world.kommun_politician, text="Upphandlingen pågår",
                            status="in_progress")
    client = app.test_client()

    feed = parse(client, f"/r/{world.round.code}/follow-up.atom")
    assert feed.tag == f"{ATOM}feed"
    for child in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{child}").text
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"].endswith(f"/r/{world.round.code}/follow-up.atom")
    assert links["alternate"].endswith(f"/r/{world.round.code}/follow-up")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2  # the response and the commitment update; never the draft
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 2 and all(i.startswith("tag:") for i in ids)
    for entry in entries:
        assert entry.find(f"{ATOM}updated").text.endswith("Z")
        assert entry.find(f"{ATOM}title").text
        assert entry.find(f"{ATOM}link").get("href").endswith(
            f"/r/{world.round.code}/responses/{response.id}"
            + ("" if "update" not in entry.find(f"{ATOM}id").text
               else f"#commitment-{commitment.id}"))
    contents = " ".join(e.find(f"{ATOM}content").text for e in entries)
    assert PUBLIC in contents and "Upphandlingen pågår" in contents and DRAFT not in contents
    assert feed.find(f"{ATOM}updated").text == max(
        e.find(f"{ATOM}updated").text for e in entries)

    area = parse(client, f"/areas/{world.round.model_area.slug}/follow-up.atom")
    assert len(area.findall(f"{ATOM}entry")) == 2


def test_pages_announce_their_feed(app, world):
    client = app.test_client()
    round_feed = f"/r/{world.round.code}/follow-up.atom"
    for url, feed in [(f"/r/{world.round.code}/follow-up", round_feed),
                      (f"/r/{world.round.code}", round_feed),
                      (f"/areas/{world.round.model_area.slug}",
                       f"/areas/{world.round.model_area.slug}/follow-up.atom")]:
        html = client.get(url).get_data(as_text=True)
        assert f'rel="alternate" type="application/atom+xml" href="{feed}"' in html


def test_an_empty_feed_is_still_valid(app, world):
    feed = parse(app.test_client(), f"/r/{world.round.code}/follow-up.atom")
    assert feed.find(f"{ATOM}updated").text and not feed.findall(f"{ATOM}entry")
