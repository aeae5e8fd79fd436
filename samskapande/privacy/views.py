"""Privacy pages: the notice and accessibility statement for everyone, tools for staff.

The participant lookup takes the resume code in a POST only and remembers the participant
it found (by id) in the staff member's session; the code itself goes nowhere else: not
into an address, the audit log or the logs.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from samskapande.accounts import throttle
from samskapande.core.errors import render_error
from samskapande.core.lookup import get_or_404
from samskapande.core.refusals import add_error
from samskapande.core.security import client_ip
from samskapande.privacy import forms, services
from samskapande.privacy.models import AccessibilityReport
from samskapande.privacy.permissions import (
    can_edit_privacy_settings,
    can_handle_accessibility_reports,
    can_handle_participant,
    can_look_up_participants,
)
from samskapande.rounds.lookup import visible_round
from samskapande.rounds.models import Participant
from samskapande.rounds.services import current_participant

bp = Blueprint("privacy", __name__)

LOOKUP_KEY = "privacy_lookup"  # the participant id found by the last lookup


@bp.get("/privacy")
def notice():
    return render_template("privacy/notice.html", details=services.privacy_details(),
                           rounds=services.rounds_for_notice())


@bp.route("/accessibility", methods=["GET", "POST"])
def accessibility():
    form = forms.AccessibilityReportForm()
    if form.validate_on_submit():
        services.report_accessibility_problem(form.description.data, form.page.data,
                                              form.contact.data)
        flash(_("Thank you. Your report was sent and will be read by the people who run "
                "this service."), "success")
        return redirect(url_for("privacy.accessibility"))
    status = 400 if form.errors else 200
    return render_template("privacy/accessibility.html", form=form,
                           details=services.privacy_details()), status


@bp.get("/r/<code>/me/data.json")
def my_data(code: str):
    """A participant's own copy of everything stored about them (the right of access)."""
    round_ = visible_round(code)
    participant = current_participant(round_) if round_ is not None else None
    if participant is None:
        abort(404)
    return _json_download(services.participant_data(participant), "my-data")


def _json_download(data: dict, name: str) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f"attachment; filename={name}.json"})


# -- admins --------------------------------------------------------------------------------

@bp.route("/admin/privacy", methods=["GET", "POST"])
@login_required
def settings():
    if not can_edit_privacy_settings(current_user):
        abort(403)
    details = services.privacy_details()
    form = forms.PrivacySettingsForm(data=vars(details))
    if form.validate_on_submit():
        changed = services.update_privacy_settings(
            {name: form[name].data for name in services.SETTING_NAMES}, current_user)
        flash(_("The privacy settings were saved.") if changed else _("Nothing was changed."),
              "success")
        return redirect(url_for("privacy.settings"))
    return render_template("privacy/settings.html", form=form), 400 if form.errors else 200


@bp.get("/admin/accessibility-reports")
@login_required
def accessibility_reports():
    if not can_handle_accessibility_reports(current_user):
        abort(403)
    return render_template("privacy/reports.html",
                           reports=services.accessibility_reports(current_user),
                           form=forms.ConfirmForm())


@bp.post("/admin/accessibility-reports/<int:report_id>/handled")
@login_required
def report_handled(report_id: int):
    if not can_handle_accessibility_reports(current_user):
        abort(403)
    report = get_or_404(AccessibilityReport, report_id)
    if forms.ConfirmForm().validate_on_submit():
        services.mark_report_handled(report, current_user)
        flash(_("The report is marked as handled."), "success")
    return redirect(url_for("privacy.accessibility_reports"))


# -- a participant's data on request ---------------------------------------------------------

@bp.route("/admin/participants", methods=["GET", "POST"])
@login_required
def participant_lookup():
    if not can_look_up_participants(current_user):
        abort(403)
    form = forms.LookupForm()
    if form.validate_on_submit():
        ip = client_ip()
        if throttle.lookup_paused(ip):  # per address: a staff account guessing codes
            return render_error(429)
        participant = services.find_participant(form.resume_code.data)
        if can_handle_participant(current_user, participant):
            session[LOOKUP_KEY] = participant.id
            return redirect(url_for("privacy.participant", participant_id=participant.id))
        throttle.note(throttle.LOOKUP, ip, identifier=str(current_user.id))
        # The same answer whether the code is unknown or belongs to another model area.
        add_error(form.resume_code,
                  _("No participant in the rounds you manage has that code. Check the code."))
    return render_template("privacy/lookup.html", form=form), 400 if form.errors else 200


def _looked_up_or_abort(participant_id: int) -> Participant:
    """The participant found by this staff member's own lookup by code, and theirs to handle."""
    participant = get_or_404(Participant, participant_id, erased_at=None)
    if session.get(LOOKUP_KEY) != participant_id:
        abort(404)
    if not can_handle_participant(current_user, participant):
        abort(403)
    return participant


@bp.get("/admin/participants/<int:participant_id>")
@login_required
def participant(participant_id: int):
    found = _looked_up_or_abort(participant_id)
    return render_template("privacy/participant.html", participant=found,
                           data=services.participant_data(found),
                           export_form=forms.ConfirmForm(),
                           erase_form=forms.EraseParticipantForm())


@bp.post("/admin/participants/<int:participant_id>/export")
@login_required
def export(participant_id: int):
    found = _looked_up_or_abort(participant_id)
    if not forms.ConfirmForm().validate_on_submit():
        return redirect(url_for("privacy.participant", participant_id=found.id))
    return _json_download(services.export_participant(found, current_user),
                          f"participant-{found.id}")


@bp.post("/admin/participants/<int:participant_id>/erase")
@login_required
def erase(participant_id: int):
    found = _looked_up_or_abort(participant_id)
    form = forms.EraseParticipantForm()
    if not form.validate_on_submit():
        return render_template("privacy/participant.html", participant=found,
                               data=services.participant_data(found),
                               export_form=forms.ConfirmForm(), erase_form=form), 400
    services.erase_participant(found, current_user)
    session.pop(LOOKUP_KEY, None)
    flash(_("The participant's data is erased."), "success")
    return redirect(url_for("privacy.participant_lookup"))
