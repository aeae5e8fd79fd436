"""The migration that stores phase changes fills them in from the audit log."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade

from samskapande.extensions import db
from samskapande.manage import services
from samskapande.rounds.models import Round
from tests.manage.conftest import facilitator


def test_earlier_phase_changes_and_the_first_opening_come_from_the_audit_log(app, demo):
    with app.test_request_context():
        round_ = db.session.get(Round, demo["round_id"])
        services.set_voting_open(round_, True, facilitator())
        services.change_phase(round_, "vote", facilitator())
        services.change_phase(round_, "meet", facilitator())
        db.session.commit()
        opened_at = round_.voting_first_opened_at
        facilitator_id = facilitator().id
        db.session.rollback()  # no open transaction may hold the tables the migration alters
        downgrade(revision="ca2c0ffee152")
        upgrade()
        db.session.expire_all()
        round_ = db.session.get(Round, demo["round_id"])
        assert [(c.phase, c.changed_by_id) for c in round_.phase_changes] == [
            ("vote", facilitator_id), ("meet", facilitator_id)]
        assert round_.voting_first_opened_at is not None
        assert abs((round_.voting_first_opened_at - opened_at).total_seconds()) < 5
