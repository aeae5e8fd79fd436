"""Finding what a URL names, or answering 404."""

from __future__ import annotations

from flask import abort, request
from werkzeug.routing import IntegerConverter

from samskapande.extensions import db

# Ids are 32-bit integers on PostgreSQL; a larger number in an address names nothing.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number beyond any id matches no page (a 404, not a 500)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def id_arg(name: str) -> int | None:
    """An id from the query string (`?area=3`), or None when absent or no possible id."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


def get_or_404(model, id_, **belongs_to):
    """The `model` row with this id whose attributes equal `belongs_to`, or a 404.

    `get_or_404(Theme, theme_id, round_id=round_.id)` finds a theme only in its own round,
    so an address cannot reach another round's rows by changing one number.
    """
    if not isinstance(id_, int) or not 0 < id_ <= MAX_ID:
        abort(404)
    obj = db.session.get(model, id_)
    if obj is None or any(getattr(obj, name) != value for name, value in belongs_to.items()):
        abort(404)
    return obj


def found_or_404(obj):
    """`obj`, or a 404 when a lookup by something other than an id found nothing."""
    if obj is None:
        abort(404)
    return obj
