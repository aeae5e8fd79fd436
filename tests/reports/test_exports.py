"""Open data: needs, votes per need, themes and links as CSV and JSON, with no personal data."""

from __future__ import annotations

import csv
import io
import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import select

from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.reports import opendata as services
from tests.conftest import create_staff, log_in
from tests.reports import helpers

EXPORTS = [(dataset, fmt) for dataset in services.DATASETS for fmt in services.FORMATS]


def url(dataset: str, fmt: str, code: str = "NASAKER") -> str:
    return f"/r/{code}/export/{dataset}.{fmt}"


def read_csv(response) -> list[dict]:
    body = response.get_data().decode("utf-8")
    assert body.startswith("\ufeff"), "spreadsheets need the byte order mark to see UTF-8"
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"), newline="")))


@pytest.fixture
def published(app, demo):
    return helpers.publish_demo(app)


@pytest.mark.parametrize("dataset", services.DATASETS)
def test_each_json_export_validates_against_its_schema(client, published, dataset):
    response = client.get(url(dataset, "json"))
    assert response.status_code == 200
    assert response.content_type == "application/json; charset=utf-8"
    data = response.get_json()
    validator = Draft202012Validator(services.schema(dataset), format_checker=FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    assert data["round"]["code"] == "NASAKER" and data["round"]["draft"] is False


def test_the_schemas_are_served_next_to_the_data(client):
    for dataset in services.DATASETS:
        response = client.get(f"/open-data/schemas/{dataset}.schema.json")
        assert response.status_code == 200
        assert response.content_type.startswith("application/schema+json")
        assert response.get_json()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert client.get("/open-data/schemas/people.schema.json").status_code == 404


def test_the_exports_agree_with_each_other(client, published):
    needs = client.get(url("needs", "json")).get_json()["needs"]
    votes = client.get(url("votes", "json")).get_json()["votes"]
    themes = client.get(url("themes", "json")).get_json()["themes"]
    links = client.get(url("links", "json")).get_json()["links"]
    assert len(needs) == 30 and {n["status"] for n in needs} == {"visible"}
    assert {v["need_id"]: v["votes"] for v in votes} == {n["id"]: n["support"] for n in needs}
    assert all(v["supporters"] <= v["votes"] or v["votes"] == 0 for v in votes)
    assert sum(v["votes"] for v in votes) > 0
    # only the accepted themes, in priority order; the unaccepted suggestion is not there
    assert {t["id"] for t in themes} == set(published["accepted"])
    assert [t["rank"] for t in themes] == list(range(1, len(themes) + 1))
    assert [(-t["votes"], -t["supporters"]) for t in themes] == sorted(
        (-t["votes"], -t["supporters"]) for t in themes)
    placed = {need_id: t["id"] for t in themes for need_id in t["need_ids"]}
    assert {n["id"]: n["theme_id"] for n in needs if n["theme_id"]} == placed
    assert {(x["need_id"], x["theme_id"]) for x in links["need_themes"]} == set(placed.items())
    outside = next(n for n in needs if n["id"] == published["outside"])
    assert outside["theme_id"] is None
    assert outside["outside_scope_reason"] == helpers.OUT_OF_SCOPE_REASON
    linked = {}
    for link in links["theme_goals"]:
        linked.setdefault(link["theme_id"], []).append(link["goal_id"])
    assert linked == {int(k): v for k, v in published["links"].items()}
    assert {link["goal_status"] for link in links["theme_goals"]} == {"adopted", "proposed"}
    assert any(link["rationale"] == helpers.RATIONALE for link in links["theme_goals"])


@pytest.mark.parametrize("dataset", services.DATASETS)
def test_each_csv_export_is_a_download_with_a_header_row(client, published, dataset):
    response = client.get(url(dataset, "csv"))
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="nasaker-{dataset}.csv"')
    rows = read_csv(response)
    assert rows and list(rows[0]) == services.CSV_COLUMNS[dataset]
    as_json = client.get(url(dataset, "json")).get_json()[dataset]
    expected = (len(as_json["theme_goals"]) + len(as_json["need_themes"])
                if dataset == "links" else len(as_json))
    assert len(rows) == expected


def test_the_csv_files_say_the_same_as_the_json(client, published):
    themes_csv = read_csv(client.get(url("themes", "csv")))
    themes_json = client.get(url("themes", "json")).get_json()["themes"]
    for row, theme in zip(themes_csv, themes_json, strict=True):
        assert int(row["id"]) == theme["id"] and row["title"] == theme["title"]
        assert [int(i) for i in row["need_ids"].split()] == theme["need_ids"]
        assert row["keywords"].split("; ") == theme["keywords"]
    needs_csv = read_csv(client.get(url("needs", "csv")))
    needs_json = client.get(url("needs", "json")).get_json()["needs"]
    assert [row["text"] for row in needs_csv] == [n["text"] for n in needs_json]
    assert [row["theme_id"] or None for row in needs_csv] == [
        str(n["theme_id"]) if n["theme_id"] else None for n in needs_json]


def test_no_export_contains_personal_data(app, client, published):
    facilitator = app.test_client()
    log_in(facilitator, "facilitator@demo.samskapande.se", "demo")
    for who in (client, facilitator):  # the facilitator gets no more than anyone else
        for dataset, fmt in EXPORTS:
            body = who.get(url(dataset, fmt)).get_data().decode("utf-8")
            assert helpers.personal_data_in(body) == [], f"{dataset}.{fmt}"
            assert "@demo.samskapande.se" not in body and "participant" not in body
            assert "Maria" not in body  # nor who curated the themes
    # and the names and codes are there to find in the app: the check would see them
    assert helpers.personal_data_in(str([p["display_name"] for p in
                                         helpers.demo_content.PARTICIPANTS]))


def test_the_json_never_names_a_person_even_in_a_field_name(client, published):
    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    found = set()
    for dataset in services.DATASETS:
        found |= set(keys(client.get(url(dataset, "json")).get_json()))
    assert not found & {"display_name", "name", "email", "resume_code", "participant_id",
                        "author", "profile", "answers"}


def test_a_formula_in_a_csv_cell_is_neutralised(app, client, published):
    helpers.add_formulas(app)
    cells = []
    for dataset in services.DATASETS:
        for row in read_csv(client.get(url(dataset, "csv"))):
            cells.extend(row.values())
    for typed in helpers.FORMULAS.values():
        assert "'" + typed in cells, typed
        assert typed not in cells, typed
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    # JSON is data, not a spreadsheet: it keeps the text exactly as typed
    needs = client.get(url("needs", "json")).get_json()["needs"]
    assert helpers.FORMULAS["need"] in {n["text"] for n in needs}


def test_before_publishing_the_public_gets_404_and_the_facilitator_a_draft(app, client, demo,
                                                                          facilitator_client):
    helpers.publish_demo(app, publish=False)
    official = app.test_client()
    log_in(official, create_staff(app, "official")["email"])
    for dataset, fmt in EXPORTS:
        assert client.get(url(dataset, fmt)).status_code == 404
        assert official.get(url(dataset, fmt)).status_code == 404
        response = facilitator_client.get(url(dataset, fmt))
        assert response.status_code == 200, (dataset, fmt)
        assert f"-{dataset}-draft.{fmt}" in response.headers["Content-Disposition"]
    data = facilitator_client.get(url("themes", "json")).get_json()
    assert data["round"]["draft"] is True and data["round"]["themes_published_at"] is None
    assert Draft202012Validator(services.schema("themes")).is_valid(data)


def test_unknown_rounds_datasets_and_formats_are_404(client, published):
    assert client.get(url("needs", "csv", code="NOSUCH")).status_code == 404
    assert client.get("/r/NASAKER/export/participants.csv").status_code == 404
    assert client.get("/r/NASAKER/export/needs.xlsx").status_code == 404
    assert client.get("/r/NASAKER/export/needs").status_code == 404
    moved = client.get(url("needs", "csv", code="nasaker"))
    assert moved.status_code == 301 and moved.headers["Location"].endswith(url("needs", "csv"))


def test_staff_downloads_are_audited_and_residents_are_not(app, client, published,
                                                         facilitator_client):
    client.get(url("needs", "csv"))
    with app.app_context():
        assert db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "round.exported")).all() == []
    facilitator_client.get(url("votes", "json"))
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "round.exported"))
        assert event.actor_user_id is not None and event.round_id == published["round_id"]
        assert event.details == {"dataset": "votes", "format": "json", "draft": False}


def test_exports_are_valid_json_and_csv_for_an_empty_round(app, demo, facilitator_client):
    """A round with no themes yet still exports (to its staff) files that validate."""
    for dataset in services.DATASETS:
        data = json.loads(facilitator_client.get(url(dataset, "json")).get_data())
        assert Draft202012Validator(services.schema(dataset)).is_valid(data)
        assert read_csv(facilitator_client.get(url(dataset, "csv"))) is not None
