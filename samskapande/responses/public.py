"""Responses as residents see them: a theme's page, one response with its history, the
round's and the model area's "Ni sa – vi svarade – så blev det" and their Atom feeds.

Everything here is public and read-only, and shows only published responses (see
responses.public_queries). Nothing names a resident.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from samskapande.core.lookup import get_or_404
from samskapande.reports.services import find_area
from samskapande.responses import public_queries as q
from samskapande.rounds.lookup import round_or_404
from samskapande.rounds.models import Round
from samskapande.themes.models import Theme
from samskapande.themes.services import published_themes

bp = Blueprint("responses_public", __name__)


@bp.app_context_processor
def response_helpers():
    return {
        "stance_label": q.stance_label,
        "commitment_status_label": q.commitment_status_label,
        "limit_category_label": q.limit_category_label,
        "is_overdue": q.is_overdue,
        "display_status": q.display_status,
        "display_status_label": q.display_status_label,
        "current_signatures": q.current_signatures,
        "published_responses_of_need": q.for_need,
        "published_responses_of_theme": q.for_theme,
        "response_code": lambda response: q.response_url_values(response)[1]["code"],
    }



@bp.get("/r/<code>/themes/<int:theme_id>")
def theme_page(code: str, theme_id: int):
    round_ = round_or_404(code)
    theme = get_or_404(Theme, theme_id, round_id=round_.id)
    if theme not in published_themes(round_):
        abort(404)
    entry = next(t for t in q.round_follow_up(round_).themes if t.theme.id == theme.id)
    needs = sorted((link.need for link in theme.needs if link.need.status == "visible"),
                   key=lambda n: n.id)
    return render_template("responses/public/theme.html", round=round_, entry=entry,
                           theme=theme, needs=needs)


@bp.get("/r/<code>/responses/<int:response_id>")
def response_page(code: str, response_id: int):
    round_ = round_or_404(code)
    response = q.published_response(round_, response_id)
    if response is None:
        abort(404)
    if round_.code != code:
        return redirect(url_for(".response_page", code=round_.code, response_id=response_id),
                        301)
    return render_template("responses/public/response.html", round=round_,
                           response=response)


@bp.get("/r/<code>/follow-up")
def round_follow_up(code: str):
    round_ = round_or_404(code)
    if round_.code != code:
        return redirect(url_for(".round_follow_up", code=round_.code), 301)
    follows = [q.round_follow_up(round_)]
    return render_template("responses/public/follow_up.html", title=round_.title,
                           area=round_.model_area, rounds=follows,
                           summary=q.follow_up_summary(follows),
                           feed_url=url_for(".round_feed", code=round_.code), single=True)


@bp.get("/areas/<slug>/follow-up")
def area_follow_up(slug: str):
    area = find_area(slug)
    if area is None:
        abort(404)
    follows = [q.round_follow_up(r) for r in q.area_rounds(area.id)]
    return render_template("responses/public/follow_up.html", title=area.name, area=area,
                           rounds=follows, summary=q.follow_up_summary(follows),
                           feed_url=url_for(".area_feed", slug=area.slug), single=False)


# -- Atom -----------------------------------------------------------------------------------

def _tag(specific: str) -> str:
    """A permanent Atom id (RFC 4151 tag URI) on this site's host name."""
    host = urlsplit(request.host_url).hostname or "localhost"
    return f"tag:{host},2026:{specific}"


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _feed(title: str, self_url: str, page_url: str, feed_key: str, rounds: list[Round]):
    events = []
    for round_ in rounds:
        events += [(round_, e) for e in q.events_of(q.round_follow_up(round_).responses)]
    events.sort(key=lambda pair: pair[1].at, reverse=True)
    updated = max((e.at for _r, e in events),
                  default=min((r.created_at for r in rounds), default=datetime.now(UTC)))
    body = render_template("responses/public/feed.xml", title=title, self_url=self_url,
                           page_url=page_url, feed_id=_tag(feed_key), updated=updated,
                           events=events[:100], tag=_tag, rfc3339=_rfc3339)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


@bp.get("/r/<code>/follow-up.atom")
def round_feed(code: str):
    round_ = round_or_404(code)
    return _feed(round_.title, url_for(".round_feed", code=round_.code, _external=True),
                 url_for(".round_follow_up", code=round_.code, _external=True),
                 f"round/{round_.id}/follow-up", [round_])


@bp.get("/areas/<slug>/follow-up.atom")
def area_feed(slug: str):
    area = find_area(slug)
    if area is None:
        abort(404)
    return _feed(area.name, url_for(".area_feed", slug=area.slug, _external=True),
                 url_for(".area_follow_up", slug=area.slug, _external=True),
                 f"area/{area.id}/follow-up", q.area_rounds(area.id))
