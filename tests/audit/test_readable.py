"""The audit log reads as a person says it: names for ids, words for codes, no escaped JSON."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select

from samskapande.accounts.models import User
from samskapande.areas.models import Organisation
from samskapande.audit.services import record
from samskapande.extensions import db
from samskapande.rounds.models import Round
from tests.audit.conftest import DEMO_ADMIN
from tests.test_bad_input import CORPUS, SCRIPT


def details(page: str) -> list[tuple[str, str]]:
    return re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", page)


def test_a_signed_response_names_the_organisation_and_the_theme(reader, signed):
    page = reader.get("/audit?action=response.signed").get_data(as_text=True)
    assert "Response signed" in page and "response.signed</" not in page
    assert ("Organisation", "Sollefteå kommun") in details(page)
    assert signed["theme"] in page.split("Response signed")[-1]  # what was signed
    assert f"<dd>{signed['kommun_id']}</dd>" not in page
    drafted = reader.get("/audit?action=response.drafted").get_data(as_text=True)
    assert ("Stance", "Yes, we will do it") in details(drafted)
    assert ("Organisations", "Sollefteå kommun") in details(drafted)


def test_the_log_reads_in_swedish_with_swedish_letters_as_they_are(reader, signed):
    assert reader.get("/language/sv").status_code == 302
    page = reader.get("/audit?action=response.signed").get_data(as_text=True)
    assert "Svaret signerat" in page
    assert ("Organisation", "Sollefteå kommun") in details(page)
    assert "\\u00e5" not in page and "&#229;" not in page


@pytest.fixture
def recorded(app, demo):
    """Events of the kinds whose details once showed as JSON, codes or ids."""
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        admin = db.session.scalar(select(User).where(User.email == DEMO_ADMIN))
        kommun = db.session.scalar(select(Organisation).where(
            Organisation.name == "Sollefteå kommun"))
        where = {"actor": admin, "round_id": round_.id, "model_area_id": round_.model_area_id}
        record("theme.deleted", round_, title="Telefon, försvinner, svårt", **where)
        record("organisation.updated", kommun, actor=admin,
               before={"name": "Sollefteå", "kind": "region"},
               after={"name": "Sollefteå kommun", "kind": "municipality"})
        record("round.phase_changed", round_, before="collect", after="vote", **where)
        record("round.exported", round_, draft=True, format="csv", **where)
        record("commitment.added", round_, due_on="2026-12-31", **where)
        record("retention.purged", round_, participants_cleared=3, old_backups=2, **where)
        record("account.created", admin, actor=admin, areas=[round_.model_area_id],
               organisation=kommun.id, role="facilitator")
        db.session.commit()


def test_details_are_words_not_json_codes_or_ids(reader, recorded):
    page = reader.get("/audit").get_data(as_text=True)
    shown = details(page)
    assert ("Title", "Telefon, försvinner, svårt") in shown
    assert "f\\u00f6rsvinner" not in page and '{"' not in page
    assert ("Name", "Sollefteå → Sollefteå kommun") in shown          # what became what
    assert ("Kind", "Region → Municipality") in shown
    assert ("What changed", "Collecting needs → Voting") in shown            # a phase, in words
    assert ("Before the themes were published", "Yes") in shown       # a boolean
    assert ("Due date", "Dec 31, 2026") in shown                       # a date, by Babel
    assert ("Participants cleared", "3") in shown
    assert ("Old backups", "2") in shown                               # a key nobody named
    assert ("Model areas", "Sollefteå – Näsåker") in shown             # ids, by name
    assert ("Organisation", "Sollefteå kommun") in shown
    assert ("Role", "Facilitator") in shown


def test_names_are_read_for_the_whole_page_at_once(app, reader, demo):
    """The number of queries for a page does not grow with the events on it."""
    def add(events: int) -> None:
        with app.app_context():
            round_ = db.session.get(Round, demo["round_id"])
            kommun = db.session.scalar(select(Organisation).where(
                Organisation.name == "Sollefteå kommun"))
            for _n in range(events):
                record("commitment.added", round_, round_id=round_.id,
                       organisation_id=kommun.id, meeting=None)
            db.session.commit()

    def queries() -> int:
        statements = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            page = reader.get("/audit?action=commitment.added").get_data(as_text=True)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert ("Organisation", "Sollefteå kommun") in details(page)
        return len(statements)

    add(1)
    one = queries()
    add(29)
    assert queries() == one


def test_the_action_filter_offers_the_labels(reader, signed):
    page = reader.get("/audit").get_data(as_text=True)
    assert '<option value="response.signed">Response signed</option>' in page
    filtered = reader.get("/audit?action=response.signed").get_data(as_text=True)
    assert "1 event" in filtered and "Response drafted" not in filtered.split("</select>")[-1]


def test_the_export_keeps_swedish_letters(reader, recorded):
    export = reader.get("/audit/export.csv?action=theme.deleted").get_data(as_text=True)
    assert "Telefon, försvinner, svårt" in export and "\\u00f6" not in export
    logged = details(reader.get("/audit?action=audit.exported").get_data(as_text=True))
    assert ("Action", "Theme deleted") in logged and ("Model area", "–") in logged


@pytest.mark.parametrize("value", CORPUS)
def test_bad_input_in_every_filter_is_explained_never_500(reader, recorded, value):
    for name in ("action", "actor", "area", "since", "until", "page"):
        response = reader.get("/audit", query_string={name: value})
        assert response.status_code in (200, 400), (name, value)
        page = response.get_data(as_text=True)
        assert SCRIPT not in page
        if response.status_code == 400:
            assert 'class="error' in page  # said next to the field, in words
