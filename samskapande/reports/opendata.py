"""Open data from a round: needs, votes per need, themes and links, as CSV and JSON.

The fields are documented in docs/open-data.md and described by the JSON Schemas in
schemas/. Nothing here names a person: votes are added up per need, and only needs the
public can already read are included.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path

from sqlalchemy import select

from samskapande.audit.services import record
from samskapande.core.models import utcnow
from samskapande.core.small_numbers import SMALL, Count
from samskapande.extensions import db
from samskapande.needs.models import Need, NeedStatus
from samskapande.reports.services import (
    NeedSupport,
    goal_order,
    need_support,
    prefetch_needs,
    prioritised,
    reported_themes,
    theme_breadth,
)
from samskapande.rounds.models import Round
from samskapande.themes.models import Theme

DATASETS = ("needs", "votes", "themes", "links")
FORMATS = ("csv", "json")
FORMAT_VERSION = 1
SCHEMAS = Path(__file__).resolve().parent / "schemas"

# Needs the public may read on the round's pages; the others (waiting for approval,
# hidden by a facilitator, withdrawn by their author) are never published.
PUBLIC_NEED_STATUSES = (NeedStatus.VISIBLE, NeedStatus.MERGED)

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV
# injection"); tab and carriage return are on OWASP's list as well.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _public_needs(round_: Round) -> list[Need]:
    return list(db.session.scalars(
        select(Need).where(Need.round_id == round_.id,
                           Need.status.in_(PUBLIC_NEED_STATUSES)).order_by(Need.id)))


def _placement(themes: list[Theme]) -> dict[int, int]:
    """need id -> theme id, for the needs of the themes given."""
    return {link.need_id: theme.id for theme in themes for link in theme.needs
            if link.need.status == NeedStatus.VISIBLE}


def _needs(round_: Round, themes: list[Theme]) -> list[dict]:
    support = need_support(round_)
    placed = _placement(themes)
    return [{
        "id": need.id,
        "text": need.text,
        "status": need.status,
        "merged_into": need.merged_into_id if need.status == NeedStatus.MERGED else None,
        "category": need.category.label if need.category else None,
        "goal_id": need.goal_id,
        "goal": need.goal.title if need.goal else None,
        "theme_id": placed.get(need.id),
        "outside_scope_reason": need.out_of_scope_reason
        if need.status == NeedStatus.VISIBLE else None,
        "support": support.get(need.id, NeedSupport()).votes,
        "created": need.created_at.date().isoformat(),
    } for need in _public_needs(round_)]


def _votes(round_: Round, themes: list[Theme]) -> list[dict]:
    support = need_support(round_)
    return [{"need_id": need.id,
             "votes": support.get(need.id, NeedSupport()).votes,
             "supporters": support.get(need.id, NeedSupport()).supporters}
            for need in _public_needs(round_)]


def withheld(cell: Count) -> str | None:
    """Why a count is null in the open data (core.small_numbers), None when it is not."""
    if cell.shown:
        return None
    return "fewer_than_5" if cell.state == SMALL else "hidden"


def _themes(round_: Round, themes: list[Theme]) -> list[dict]:
    rows = []
    for rank, (theme, support) in enumerate(prioritised(round_), start=1):
        # the same supporters as the report shows beside the theme's breadth
        _breadth, supporters = theme_breadth(round_, support)
        rows.append({
            "id": theme.id,
            "rank": rank,
            "title": theme.title,
            "summary": theme.summary,
            "keywords": list(theme.keywords or []),
            "votes": support.votes,
            "supporters": supporters.public,
            "supporters_withheld": withheld(supporters),
            "need_ids": sorted(link.need_id for link in theme.needs
                               if link.need.status == NeedStatus.VISIBLE),
        })
    return rows


def _links(round_: Round, themes: list[Theme]) -> dict[str, list[dict]]:
    theme_goals = [{
        "theme_id": theme.id,
        "goal_id": link.goal_id,
        "goal_title": link.goal.title,
        "goal_status": link.goal.status,
        "rationale": link.rationale,
    } for theme in themes for link in sorted(theme.goals, key=lambda g: goal_order(g.goal))]
    need_themes = [{"need_id": need_id, "theme_id": theme_id}
                   for need_id, theme_id in sorted(_placement(themes).items())]
    return {"theme_goals": theme_goals, "need_themes": need_themes}


BUILDERS = {"needs": _needs, "votes": _votes, "themes": _themes, "links": _links}

CSV_COLUMNS = {
    "needs": ["id", "text", "status", "merged_into", "category", "goal_id", "goal", "theme_id",
              "outside_scope_reason", "support", "created"],
    "votes": ["need_id", "votes", "supporters"],
    "themes": ["id", "rank", "title", "summary", "keywords", "votes", "supporters", "need_ids",
               "supporters_withheld"],
    "links": ["link", "theme_id", "goal_id", "goal_title", "goal_status", "rationale",
              "need_id"],
}


def export_data(round_: Round, dataset: str) -> dict:
    """The JSON document of one dataset: the round it comes from, then its records."""
    if dataset not in BUILDERS:
        raise KeyError(dataset)
    prefetch_needs(round_)
    themes = reported_themes(round_)
    published = round_.themes_published_at
    return {
        "format_version": FORMAT_VERSION,
        "round": {
            "code": round_.code,
            "title": round_.title,
            "place": round_.place,
            "model_area": round_.model_area.name,
            "voting_mode": round_.voting_mode,
            "themes_published_at": published.isoformat() if published else None,
            "draft": published is None,
        },
        "generated_at": utcnow().replace(microsecond=0).isoformat(),
        dataset: BUILDERS[dataset](round_, themes),
    }


def export_json(round_: Round, dataset: str) -> str:
    return json.dumps(export_data(round_, dataset), ensure_ascii=False, indent=2)


def safe_cell(value) -> str | int:
    """A value as a CSV cell a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_rows(dataset: str, data) -> list[dict]:
    if dataset == "links":
        return ([{"link": "theme_goal", **row} for row in data["theme_goals"]]
                + [{"link": "need_theme", **row} for row in data["need_themes"]])
    if dataset == "themes":
        return [{**row, "keywords": "; ".join(row["keywords"]),
                 "need_ids": " ".join(str(i) for i in row["need_ids"])} for row in data]
    return data


def export_csv(round_: Round, dataset: str) -> str:
    """The dataset as CSV: UTF-8 with a byte order mark, a header row, CRLF line ends."""
    data = export_data(round_, dataset)[dataset]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS[dataset], extrasaction="raise")
    writer.writeheader()
    for row in _csv_rows(dataset, data):
        writer.writerow({column: safe_cell(row.get(column)) for column in CSV_COLUMNS[dataset]})
    return "\ufeff" + out.getvalue()


def filename(round_: Round, dataset: str, fmt: str) -> str:
    code = "".join(c for c in round_.code.lower() if c.isascii() and c.isalnum()) or "round"
    draft = "-draft" if round_.themes_published_at is None else ""
    return f"{code}-{dataset}{draft}.{fmt}"


def record_download(round_: Round, user, dataset: str, fmt: str) -> None:
    """Staff downloads are audited (who took which data, and when); residents' are not."""
    if not getattr(user, "is_authenticated", False):
        return
    record("round.exported", round_, actor=user, round_id=round_.id,
           model_area_id=round_.model_area_id, dataset=dataset, format=fmt,
           draft=round_.themes_published_at is None)


@cache
def schema_text(dataset: str) -> str:
    if dataset not in DATASETS:
        raise KeyError(dataset)
    return (SCHEMAS / f"{dataset}.schema.json").read_text(encoding="utf-8")


def schema(dataset: str) -> dict:
    return json.loads(schema_text(dataset))
