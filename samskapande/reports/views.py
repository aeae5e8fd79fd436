"""The round's printable report and its open-data exports.

Both are public once the round's themes are published; before that only staff who may
run the round see them, marked as a draft, and everyone else gets a 404 (a draft's
existence is not announced). The rules live in reports.services and reports.opendata.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from samskapande.core.small_numbers import SMALL_NUMBER_THRESHOLD
from samskapande.manage.permissions import can_manage_round
from samskapande.reports import opendata, services
from samskapande.rounds.lookup import round_or_404
from samskapande.rounds.models import Round, VotingMode

bp = Blueprint("reports", __name__)

DATASET = "any(" + ", ".join(opendata.DATASETS) + ")"
FORMAT = "any(" + ", ".join(opendata.FORMATS) + ")"


def _visible_round(code: str) -> tuple[Round, str]:
    round_ = round_or_404(code)
    level = services.access(round_, current_user)
    if level is None:
        abort(404)
    return round_, level


@bp.get("/r/<code>/report")
def report(code: str):
    round_, _level = _visible_round(code)
    if round_.code != code:  # one address per round
        return redirect(url_for("reports.report", code=round_.code), 301)
    # Staff who run the round read the exact counts, marked as not for publication, unless
    # they ask for the public version (to print it or hand it out).
    may_see_exact = can_manage_round(current_user, round_)
    return render_template("reports/report.html", report=services.build_report(round_),
                           round=round_, dots_mode=round_.voting_mode == VotingMode.DOTS,
                           may_see_exact=may_see_exact,
                           exact=may_see_exact and request.args.get("view") != "public",
                           small_number_threshold=SMALL_NUMBER_THRESHOLD)


@bp.get(f"/r/<code>/export/<{DATASET}:dataset>.<{FORMAT}:fmt>")
def export(code: str, dataset: str, fmt: str):
    round_, _level = _visible_round(code)
    if round_.code != code:
        return redirect(url_for("reports.export", code=round_.code, dataset=dataset, fmt=fmt),
                        301)
    if fmt == "csv":
        response = Response(opendata.export_csv(round_, dataset),
                            mimetype="text/csv", content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{opendata.filename(round_, dataset, fmt)}"')
    else:
        response = Response(opendata.export_json(round_, dataset),
                            content_type="application/json; charset=utf-8")
        response.headers["Content-Disposition"] = (
            f'inline; filename="{opendata.filename(round_, dataset, fmt)}"')
    opendata.record_download(round_, current_user, dataset, fmt)
    return response


@bp.get(f"/open-data/schemas/<{DATASET}:dataset>.schema.json")
def schema(dataset: str):
    return Response(opendata.schema_text(dataset),
                    content_type="application/schema+json; charset=utf-8")
