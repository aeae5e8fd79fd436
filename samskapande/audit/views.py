"""The audit log at /audit: admins see everything, facilitators their model areas' events.

Nothing here changes an event; there is no edit page. The CSV export is itself recorded.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from samskapande.areas.models import ModelArea
from samskapande.audit import services
from samskapande.audit.forms import FilterForm
from samskapande.audit.labels import action_label
from samskapande.audit.permissions import audit_area_ids, can_view_audit
from samskapande.extensions import db

bp = Blueprint("audit", __name__)


@bp.app_context_processor
def audit_helpers():
    return {"can_view_audit": can_view_audit, "action_label": action_label}


def _visible_areas(area_ids: set[int] | None) -> list[ModelArea]:
    query = select(ModelArea).order_by(ModelArea.name)
    if area_ids is not None:
        query = query.where(ModelArea.id.in_(area_ids))
    return list(db.session.scalars(query))


def _filter_form(area_ids: set[int] | None) -> tuple[FilterForm, services.AuditFilter]:
    form = FilterForm(request.args)
    everything = [("", _l("All"))]
    form.action.choices = everything + [(a, action_label(a))
                                        for a in services.known_actions(area_ids)]
    form.actor.choices = everything + [(str(i), name)
                                       for i, name in services.known_actors(area_ids)]
    form.area.choices = everything + [(str(a.id), a.name) for a in _visible_areas(area_ids)]
    if not form.validate():
        return form, services.AuditFilter()
    return form, services.AuditFilter(
        action=form.action.data or None,
        actor_id=int(form.actor.data) if form.actor.data else None,
        area_id=int(form.area.data) if form.area.data else None,
        since=form.since.data, until=form.until.data,
    )


def _reader_scope() -> set[int] | None:
    if not can_view_audit(current_user):
        abort(403)
    return audit_area_ids(current_user)


@bp.get("/audit")
@login_required
def log():
    area_ids = _reader_scope()
    form, wanted = _filter_form(area_ids)
    total = services.count(area_ids, wanted)
    pages = max(1, -(-total // services.PAGE_SIZE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    query = {k: v for k, v in request.args.items() if k != "page" and v and not form.errors}
    return render_template("audit/log.html", form=form, total=total, page=page, pages=pages,
                           entries=services.entries(area_ids, wanted, page), query=query), \
        400 if form.errors else 200


@bp.get("/audit/export.csv")
@login_required
def export():
    area_ids = _reader_scope()
    form, wanted = _filter_form(area_ids)
    if form.errors:
        abort(400)
    response = Response(services.export_csv(area_ids, wanted, current_user),
                        content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
