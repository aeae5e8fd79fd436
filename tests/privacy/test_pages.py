"""The privacy notice, the accessibility statement and its report form, and their settings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.privacy.models import AccessibilityReport
from samskapande.rounds.models import Round
from tests.conftest import create_staff, csrf_token, log_in, make_app, submit
from tests.test_bad_input import CORPUS, SCRIPT, assert_handled


def admin_client(app):
    client = app.test_client()
    assert log_in(client, create_staff(app, "admin")["email"]).status_code == 302
    return client


def test_every_page_links_to_the_privacy_notice_and_accessibility_statement(client, demo):
    for url in ("/", "/r/NASAKER", "/login", "/privacy", "/accessibility"):
        page = client.get(url).get_data(as_text=True)
        assert 'href="/privacy"' in page and 'href="/accessibility"' in page, url


def test_notice_names_the_configured_controller_and_each_rounds_retention(
        database_url, tmp_path, demo):
    app = make_app(database_url, tmp_path, PRIVACY_CONTROLLER_NAME="Sollefteå kommun",
                   PRIVACY_DPO_CONTACT="dataskyddsombud@solleftea.se")
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        round_.chat_retention_days = 30
        round_.delete_profile_answers_at_close = True
        db.session.commit()
    page = app.test_client().get("/privacy").get_data(as_text=True)
    assert "Sollefteå kommun" in page and "dataskyddsombud@solleftea.se" in page
    assert "Raderas 30 dagar efter att omgången stängts" in page
    assert "Raderas när omgången stängs" in page
    assert "Samskapande i Näsåker 2026" in page
    with app.app_context():
        db.engine.dispose()


def test_admin_changes_the_settings_and_the_pages_follow(app, demo):
    client = admin_client(app)
    response = submit(client, "/admin/privacy", {
        "controller_name": "Region Västernorrland", "controller_contact": "Box 1\n871 85 Härnösand",
        "dpo_contact": "", "retention_text": "Granskningsloggen sparas i fem år.",
        "accessibility_known_issues": "Kartan saknar textalternativ.",
        "accessibility_assessed_on": "2026-11-20"})
    assert response.status_code == 302
    notice = client.get("/privacy").get_data(as_text=True)
    assert "Region Västernorrland" in notice and "Granskningsloggen sparas i fem år." in notice
    statement = client.get("/accessibility").get_data(as_text=True)
    assert "Kartan saknar textalternativ." in statement and "2026-11-20" in statement
    assert "delvis förenlig" in statement
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "privacy.settings_updated"))
        assert "controller_name" in event.details["changed"]


@pytest.mark.parametrize("role", ["facilitator", "official", "politician"])
def test_only_admins_edit_the_settings_and_read_the_reports(app, role):
    client = app.test_client()
    log_in(client, create_staff(app, role)["email"])
    assert client.get("/admin/privacy").status_code == 403
    assert client.get("/admin/accessibility-reports").status_code == 403


def test_a_visitor_reports_a_problem_and_an_admin_handles_it(app, client):
    response = submit(client, "/accessibility", {
        "description": "Knappen går inte att nå med tangentbordet.", "page": "/r/NASAKER",
        "contact": ""})
    assert response.status_code == 302
    assert "Tack" in client.get(response.headers["Location"]).get_data(as_text=True)
    admin = admin_client(app)
    page = admin.get("/admin/accessibility-reports").get_data(as_text=True)
    assert "Knappen går inte att nå med tangentbordet." in page and "/r/NASAKER" in page
    with app.app_context():
        report_id = db.session.scalar(select(AccessibilityReport.id))
    token = csrf_token(admin, "/admin/accessibility-reports")
    admin.post(f"/admin/accessibility-reports/{report_id}/handled", data={"csrf_token": token})
    with app.app_context():
        assert db.session.get(AccessibilityReport, report_id).status == "handled"


def test_an_empty_report_is_refused_with_a_clear_message(client):
    response = submit(client, "/accessibility", {"description": "  ", "page": "x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Beskriv problemet." in page and 'value="x"' in page


@pytest.mark.parametrize("value", CORPUS)
def test_report_form_takes_bad_input(app, client, value):
    token = csrf_token(client, "/accessibility")
    response = client.post("/accessibility", data={
        "csrf_token": token, "description": value, "page": value, "contact": value})
    assert_handled(response, value)
    with app.app_context():
        stored = db.session.scalars(select(AccessibilityReport)).all()
    for report in stored:  # what was kept is the text as typed, and nothing with NUL
        assert "\x00" not in report.description + report.page + report.contact
    if response.status_code == 302:
        admin = admin_client(app)
        assert SCRIPT not in admin.get("/admin/accessibility-reports").get_data(as_text=True)


@pytest.mark.parametrize("value", CORPUS)
def test_settings_form_takes_bad_input(app, value):
    client = admin_client(app)
    token = csrf_token(client, "/admin/privacy")
    response = client.post("/admin/privacy", data={
        "csrf_token": token, "controller_name": value, "controller_contact": value,
        "dpo_contact": value, "retention_text": value, "accessibility_known_issues": value,
        "accessibility_assessed_on": ""})
    assert_handled(response, value)
    if value == SCRIPT:  # kept as typed, shown escaped
        assert response.status_code == 302
        assert "&lt;script&gt;" in client.get("/privacy").get_data(as_text=True)
    assert SCRIPT not in client.get("/privacy").get_data(as_text=True)
    assert SCRIPT not in client.get("/accessibility").get_data(as_text=True)


def test_a_wrong_date_in_the_settings_is_refused(app):
    client = admin_client(app)
    response = submit(client, "/admin/privacy", {"accessibility_assessed_on": "30 februari"})
    assert response.status_code == 400
    assert 'id="accessibility_assessed_on-error"' in response.get_data(as_text=True)
