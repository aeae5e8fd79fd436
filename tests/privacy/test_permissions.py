"""The permission grid of privacy: every service that changes or reveals checks its actor.

Admins run the installation (settings, accessibility reports); admins and the
facilitators of the participant's model area export and erase on a participant's
request. Everyone else is refused before anything is stored.
"""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from samskapande.accounts.models import User
from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.privacy import services
from samskapande.privacy.models import AccessibilityReport, PrivacySettings
from samskapande.rounds.models import Participant
from tests.privacy.test_participants import CODE, staff_in

ROLES = {  # who: (installation's settings and reports, a participant's data)
    "admin": (True, True),
    "facilitator": (False, True),
    "facilitator_elsewhere": (False, False),
    "official": (False, False),
    "politician": (False, False),
    "nobody": (False, False),
}
AREA = {"facilitator": "demo", "facilitator_elsewhere": "other"}


def person(app, role: str):
    if role == "nobody":
        return AnonymousUserMixin()
    account_role = "facilitator" if role == "facilitator_elsewhere" else role
    return db.session.get(User, staff_in(app, account_role, AREA.get(role))["id"])


def gunnel() -> Participant:
    return services.find_participant(CODE)


def first_report() -> AccessibilityReport:
    return db.session.scalar(select(AccessibilityReport))


ACTIONS = {  # name: (which right, the call)
    "update_privacy_settings": (0, lambda a: services.update_privacy_settings(
        {"controller_name": "Sollefteå kommun"}, a)),
    "accessibility_reports": (0, lambda a: services.accessibility_reports(a)),
    "mark_report_handled": (0, lambda a: services.mark_report_handled(first_report(), a)),
    "export_participant": (1, lambda a: services.export_participant(gunnel(), a)),
    "erase_participant": (1, lambda a: services.erase_participant(gunnel(), a)),
}


def stored() -> tuple:
    db.session.expire_all()
    return (db.session.scalar(select(func.count()).select_from(AuditEvent)),
            db.session.scalar(select(func.count()).select_from(PrivacySettings)),
            first_report().status, gunnel() is not None)


@pytest.fixture
def world(app, demo, ctx):
    services.report_accessibility_problem("Knappen syns inte", "/r/NASAKER")
    db.session.commit()


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_privacy_services_check_their_actor(app, world, action, role):
    right, call = ACTIONS[action]
    actor = person(app, role)
    before = stored()
    if ROLES[role][right]:
        call(actor)
        return
    with pytest.raises(services.PrivacyRefusal):
        call(actor)
    assert not (db.session.new or db.session.dirty or db.session.deleted)
    assert stored() == before  # a refused call stores nothing
