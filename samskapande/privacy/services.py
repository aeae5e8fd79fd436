"""The privacy settings, a participant's data on request, erasure, accessibility reports.

Every service that changes or reveals something checks its actor (privacy.permissions)
and raises `PrivacyRefusal` before it does anything. The caller owns the transaction:
these functions flush, never commit.

Erasure is one action of many packages: `erase_participation` sends
core.signals.participant_erased, and each package removes or anonymises its own rows
(samskapande/<package>/erasure.py, connected by create_app). A receiver that fails
fails the whole erasure, so a person is erased completely or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from samskapande.audit.services import record
from samskapande.core.models import utcnow
from samskapande.core.refusals import Refusal
from samskapande.core.signals import participant_erased
from samskapande.extensions import db
from samskapande.privacy import permissions
from samskapande.privacy.models import AccessibilityReport, PrivacySettings, ReportStatus
from samskapande.rounds.models import Participant, Round
from samskapande.rounds.phases import public_rounds_condition
from samskapande.rounds.services import find_participant_by_resume_code

SETTING_NAMES = ("controller_name", "controller_contact", "dpo_contact", "retention_text",
                 "accessibility_known_issues", "accessibility_assessed_on")
_NOT_YOURS = _l("You do not have access to this page")


class PrivacyRefusal(Refusal):
    """The actor may not see or change this (privacy.permissions said no)."""


def _check(allowed: bool) -> None:
    if not allowed:
        raise PrivacyRefusal(_NOT_YOURS)


_CONFIG_DEFAULTS = {
    "controller_name": "PRIVACY_CONTROLLER_NAME",
    "controller_contact": "PRIVACY_CONTROLLER_CONTACT",
    "dpo_contact": "PRIVACY_DPO_CONTACT",
    "retention_text": "PRIVACY_RETENTION_TEXT",
}


# -- the installation's settings -----------------------------------------------------------

@dataclass
class PrivacyDetails:
    """What the pages show: the stored settings, else the deployment's defaults."""

    controller_name: str = ""
    controller_contact: str = ""
    dpo_contact: str = ""
    retention_text: str = ""
    accessibility_known_issues: str = ""
    accessibility_assessed_on: date | None = None


def _stored() -> PrivacySettings | None:
    return db.session.scalar(select(PrivacySettings).order_by(PrivacySettings.id).limit(1))


def _configured_date() -> date | None:
    try:
        return date.fromisoformat(current_app.config.get("ACCESSIBILITY_ASSESSED_ON") or "")
    except ValueError:
        return None


def privacy_details() -> PrivacyDetails:
    stored = _stored()
    details = PrivacyDetails(accessibility_assessed_on=_configured_date())
    for name, key in _CONFIG_DEFAULTS.items():
        setattr(details, name, current_app.config.get(key) or "")
    if stored is not None:
        for name in SETTING_NAMES:
            value = getattr(stored, name)
            if value:
                setattr(details, name, value)
    return details


def update_privacy_settings(values: dict, actor) -> list[str]:
    """Save the settings an admin typed; returns the names of what changed (audited)."""
    _check(permissions.can_edit_privacy_settings(actor))
    stored = _stored()
    if stored is None:
        stored = PrivacySettings()
        db.session.add(stored)
    changed = []
    for name in SETTING_NAMES:
        value = values.get(name) or (None if name == "accessibility_assessed_on" else "")
        if (getattr(stored, name) or None) != (value or None):
            changed.append(name)
        setattr(stored, name, value)
    stored.updated_at = utcnow()
    db.session.flush()
    if changed:
        record("privacy.settings_updated", stored, actor=actor, changed=changed)
    db.session.flush()
    return changed


def rounds_for_notice() -> list[Round]:
    """Rounds residents can see, with their retention settings, for the privacy notice."""
    return list(db.session.scalars(
        select(Round).where(public_rounds_condition()).order_by(Round.created_at.desc())))


# -- a participant's data, on request ------------------------------------------------------

def find_participant(code: str) -> Participant | None:
    """The (not erased) participant with this resume code, whatever round it is in."""
    return find_participant_by_resume_code(code or "")


def participant_data(participant: Participant) -> dict:
    """Everything stored about the participant, as JSON-friendly values (no resume code)."""
    from samskapande.live.models import Meeting, Message, Poll, PollAnswer, PollOption
    from samskapande.needs.models import Need
    from samskapande.voting.models import Vote

    def when(value):
        return value.isoformat() if value is not None else None

    round_ = participant.round
    needs = db.session.scalars(select(Need).where(Need.participant_id == participant.id)
                               .order_by(Need.id)).all()
    votes = db.session.execute(select(Vote.need_id, Vote.dots, Vote.created_at)
                               .where(Vote.participant_id == participant.id)
                               .order_by(Vote.id)).all()
    messages = db.session.execute(
        select(Meeting.title, Message.kind, Message.text, Message.status, Message.created_at)
        .join(Meeting, Meeting.id == Message.meeting_id)
        .where(Message.participant_id == participant.id).order_by(Message.id)).all()
    poll_answers = db.session.execute(
        select(Poll.question, PollOption.label, PollAnswer.created_at)
        .join(PollOption, PollOption.id == PollAnswer.option_id)
        .join(Poll, Poll.id == PollAnswer.poll_id)
        .where(PollAnswer.participant_id == participant.id).order_by(PollAnswer.id)).all()
    return {
        "participant": {
            "id": participant.id,
            "round": {"code": round_.code, "title": round_.title},
            "joined_at": when(participant.created_at),
            "last_seen_at": when(participant.last_seen_at),
            "display_name": participant.display_name,
            "email": participant.email,
            "email_consent": participant.email_consent,
        },
        "profile_answers": [{"question": a.question.label, "answer": a.value}
                            for a in participant.profile_answers],
        "needs": [{"id": n.id, "text": n.text, "status": n.status,
                   "created_at": when(n.created_at)} for n in needs],
        "votes": [{"need_id": need_id, "dots": dots, "created_at": when(at)}
                  for need_id, dots, at in votes],
        "chat": [{"meeting": title, "kind": kind, "text": text, "status": status,
                  "created_at": when(at)} for title, kind, text, status, at in messages],
        "poll_answers": [{"poll": question, "answer": label, "created_at": when(at)}
                         for question, label, at in poll_answers],
    }


def export_participant(participant: Participant, actor) -> dict:
    """The participant's data for handing over on request; the export is audited."""
    _check(permissions.can_handle_participant(actor, participant))
    data = participant_data(participant)
    record("participant.exported", participant, actor=actor, round_id=participant.round_id,
           model_area_id=participant.round.model_area_id)
    db.session.flush()
    return data


def erase_participation(participant: Participant) -> None:
    """Erase a participant at their own request (the caller found them in their session).

    Votes, profile answers, name and e-mail go; their needs are anonymised or deleted as
    the round's erasure policy says, and their meeting posts stay without a name. Deleted
    needs take their votes with them, and whoever had given those votes gets their dots
    back. The participant row stays (erased) so nothing dangles, but its personal code is
    replaced and no longer works. Each package does its part on the signal.
    """
    round_ = participant.round
    participant_erased.send(participant)
    record("participant.erased", participant, round_id=round_.id,
           policy=round_.erasure_policy)
    db.session.flush()
    db.session.expire_all()  # the receivers changed rows in bulk, behind the session


def erase_participant(participant: Participant, actor) -> None:
    """Erase on the participant's request, as they could themselves (the round's policy)."""
    _check(permissions.can_handle_participant(actor, participant))
    record("participant.erased_by_staff", participant, actor=actor,
           round_id=participant.round_id, model_area_id=participant.round.model_area_id)
    erase_participation(participant)


# -- accessibility reports -----------------------------------------------------------------

def report_accessibility_problem(description: str, page: str = "", contact: str = "") -> \
        AccessibilityReport:
    """Anyone may report a problem (no login: the law asks for a way that works for all)."""
    report = AccessibilityReport(description=description, page=page or "", contact=contact or "")
    db.session.add(report)
    db.session.flush()
    return report


def accessibility_reports(actor) -> list[AccessibilityReport]:
    _check(permissions.can_handle_accessibility_reports(actor))
    return list(db.session.scalars(
        select(AccessibilityReport).order_by(AccessibilityReport.status.desc(),
                                             AccessibilityReport.id.desc())))


def mark_report_handled(report: AccessibilityReport, actor) -> bool:
    _check(permissions.can_handle_accessibility_reports(actor))
    if report.status == ReportStatus.HANDLED:
        return False
    report.status = ReportStatus.HANDLED
    report.handled_at = utcnow()
    record("accessibility.report_handled", report, actor=actor)
    db.session.flush()
    return True
