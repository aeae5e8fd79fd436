"""A model area's public page: its goals and the themes from every round that feed them,
and which kinds of limit the responses name most often, across the rounds.

The page reads the reports' overview, so it lives up here with the other public pages
rather than in `areas` (which only holds the models the lower floors need). Its
blueprint keeps the name `areas`, so its address and endpoint (`areas.area`) stay.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from samskapande.reports import services
from samskapande.residents.services import rounds_under_way
from samskapande.responses.public_queries import area_limit_categories

bp = Blueprint("areas", __name__)


@bp.get("/areas/<slug>")
def area(slug: str):
    model_area = services.find_area(slug)
    if model_area is None:
        abort(404)
    return render_template("residents/area.html", overview=services.area_overview(model_area),
                           area=model_area, under_way=rounds_under_way(model_area),
                           limit_counts=area_limit_categories(model_area.id))
