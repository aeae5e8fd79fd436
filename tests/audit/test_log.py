"""The audit log: who sees which events, filters, pages and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from samskapande.accounts.models import User
from samskapande.audit.models import AuditEvent
from samskapande.audit.services import record
from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.rounds.models import Round
from tests.admin.conftest import logged_in
from tests.conftest import create_staff


@pytest.fixture
def history(app, areas, admin):
    """Events in both model areas: one linked by area, one by round only, one by neither."""
    with app.app_context():
        actor = db.session.get(User, areas["a"]["facilitator"]["id"])
        other = db.session.get(User, areas["b"]["facilitator"]["id"])
        round_a = db.session.get(Round, areas["a"]["round_id"])
        round_b = db.session.get(Round, areas["b"]["round_id"])
        record("round.phase_changed", round_a, actor=actor, round_id=round_a.id,
               model_area_id=round_a.model_area_id, before="draft", after="collect")
        record("need.hidden", round_a, actor=actor, round_id=round_a.id,
               reason="=HYPERLINK(\"x\") personangrepp")
        record("need.hidden", round_b, actor=other, round_id=round_b.id, reason="Bara B")
        record("round.updated", round_b, actor=other, model_area_id=round_b.model_area_id)
        record("organisation.created", actor, actor=db.session.get(User, admin["id"]))
        db.session.commit()
    return areas


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_admins_see_every_event(admin_client, history):
    text = page(admin_client, "/audit")
    assert "5 events" in text
    assert "Bara B" in text and "personangrepp" in text and "Organisation created" in text


def test_facilitators_see_only_their_model_areas_events(app, history):
    client = logged_in(app, history["a"]["facilitator"])
    text = page(client, "/audit")
    assert "2 events" in text
    assert "personangrepp" in text and "Bara B" not in text
    assert "Organisation created" not in text and "Ljungaverk" not in text
    assert client.get(f"/audit?area={history['b']['area_id']}").status_code == 400
    export = client.get("/audit/export.csv").get_data(as_text=True)
    assert "personangrepp" in export and "Bara B" not in export


@pytest.mark.parametrize("role", ["official", "politician"])
def test_officials_and_politicians_do_not_see_the_log(app, history, role):
    client = logged_in(app, create_staff(app, role))
    assert client.get("/audit").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403


def test_visitors_are_sent_to_the_login(client):
    assert "/login" in client.get("/audit").location
    assert "/login" in client.get("/audit/export.csv").location


def test_filters_by_action_actor_area_and_dates(admin_client, history):
    assert "2 events" in page(admin_client, "/audit?action=need.hidden")
    actor = history["b"]["facilitator"]["id"]
    text = page(admin_client, f"/audit?actor={actor}")
    assert "2 events" in text and "personangrepp" not in text
    text = page(admin_client, f"/audit?area={history['a']['area_id']}")
    assert "2 events" in text and "Bara B" not in text  # by model area or by round
    today = utcnow().date()
    assert "5 events" in page(admin_client, f"/audit?since={today - timedelta(days=1)}")
    assert "No events match." in page(admin_client, f"/audit?since={today + timedelta(days=2)}")
    assert "No events match." in page(admin_client, f"/audit?until={today - timedelta(days=2)}")


@pytest.mark.parametrize("query", ["since=igår", "until=2026-13-45", "action=<script>",
                                   "actor=abc", "area=999999", "since=2026-11-27&until=2026-11-01",
                                   "since=%00", "page=-3", "page=99999"])
def test_bad_filters_are_explained_never_500(admin_client, history, query):
    response = admin_client.get(f"/audit?{query}")
    assert response.status_code in (200, 400)
    assert "<script>" not in response.get_data(as_text=True).split("</header>")[1]


def test_events_are_paginated_newest_first(app, admin_client, areas):
    with app.app_context():
        round_ = db.session.get(Round, areas["a"]["round_id"])
        for n in range(55):
            record("round.updated", round_, actor=None, round_id=round_.id, n=n)
        db.session.commit()
    first = page(admin_client, "/audit?action=round.updated")
    assert "page 1 of 2" in first and "<dd>54</dd>" in first and "<dd>4</dd>" not in first
    second = page(admin_client, "/audit?action=round.updated&page=2")
    assert "<dd>4</dd>" in second and "<dd>54</dd>" not in second
    assert 'action=round.updated' in second.split('rel="prev"')[0].rsplit("href=", 1)[1]


def test_the_export_is_a_safe_csv_and_is_itself_recorded(app, admin_client, admin, history):
    response = admin_client.get("/audit/export.csv?action=need.hidden")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert {row["reason"] for row in rows} == {"Bara B", "'=HYPERLINK(\"x\") personangrepp"}
    assert rows[0]["model_area"] in {"Näsåker", "Ljungaverk"}
    with app.app_context():
        exported = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "audit.exported"))
        assert exported.actor_user_id == admin["id"]
        assert exported.details["filter"]["action"] == "need.hidden"


def test_there_is_no_way_to_change_an_entry_through_the_site(admin_client, history):
    assert admin_client.post("/audit").status_code in (400, 405)
    assert admin_client.get("/audit/1").status_code == 404
    assert admin_client.get("/audit/1/edit").status_code == 404


def test_the_export_service_decides_who_reads_the_log(app, ctx):
    """Called by someone who may not read the log, it refuses and records nothing; a
    facilitator never gets more than their model areas, whatever scope is passed in."""
    from samskapande.audit.services import AuditFilter, export_csv
    from samskapande.core.refusals import Refusal

    official = db.session.get(User, create_staff(app, "official")["id"])
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    with pytest.raises(Refusal):
        export_csv(None, AuditFilter(), official)
    assert db.session.scalar(select(func.count(AuditEvent.id))) == before
    facilitator = db.session.get(User, create_staff(app, "facilitator")["id"])
    rows = export_csv(None, AuditFilter(), facilitator).splitlines()
    assert len(rows) == 1  # the header only: no model area of theirs has events
