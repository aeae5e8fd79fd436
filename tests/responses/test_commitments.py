"""Commitments made in a response: who may add them, progress reports, overdue flags."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.responses import services
from samskapande.responses.commitments import add_commitment, post_update, remove_commitment
from samskapande.responses.models import Commitment
from samskapande.responses.services import ResponseError, is_overdue
from tests.responses.limits import LIMITS


def published_joint(world):
    response = services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                                     stance="yes", text="Ja, tillsammans.",
                                     organisation_ids={world.kommun.id, world.region.id},
                                     limits=LIMITS)
    commitment = add_commitment(response, world.kommun_official,
                                organisation_id=world.kommun.id, text="Ny busslinje",
                                due_on=date(2027, 3, 1),
                                responsible_role="Trafikchef")
    for signer in (world.kommun_politician, world.region_politician):
        services.sign(response, signer, services.fingerprint(response))
    return response, commitment


def audited(obj) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == type(obj).__name__.lower(), AuditEvent.object_id == obj.id)
        .order_by(AuditEvent.id)))


@pytest.mark.parametrize(("due_on", "status", "today", "overdue"), [
    (date(2027, 3, 1), "planned", date(2027, 3, 1), False),  # due today: not yet late
    (date(2027, 3, 1), "planned", date(2027, 3, 2), True),
    (date(2027, 3, 1), "in_progress", date(2027, 3, 2), True),
    (date(2027, 3, 1), "done", date(2027, 3, 2), False),
    (date(2027, 3, 1), "not_done", date(2027, 3, 2), False),
    (None, "planned", date(2099, 1, 1), False),  # no date, never late
])
def test_overdue_means_past_its_date_and_still_open(due_on, status, today, overdue):
    assert is_overdue(Commitment(due_on=due_on, status=status), today) is overdue


def test_progress_updates_change_the_status_and_are_audited(world):
    _, commitment = published_joint(world)
    post_update(commitment, world.kommun_official, text="Upphandlingen är klar.",
                status="in_progress")
    post_update(commitment, world.kommun_politician, text="Bussen går sedan i måndags.",
                status="done")
    assert commitment.status == "done" and commitment.status_reason is None
    assert [(u.status, u.author_name) for u in commitment.updates] == [
        ("in_progress", "Olle Omsorg"), ("done", "Lars Älvhammar")]
    assert audited(commitment) == ["commitment.added", "commitment.status_changed",
                                   "commitment.status_changed"]
    assert all(audited(u) == ["commitment.update_posted"] for u in commitment.updates)


def test_not_carried_out_keeps_the_reason(world):
    _, commitment = published_joint(world)
    post_update(commitment, world.kommun_official, text="Ingen förare gick att anställa.",
                status="not_done")
    assert commitment.status_reason == "Ingen förare gick att anställa."
    with pytest.raises(ResponseError):
        post_update(commitment, world.kommun_official, text="", status="not_done")


def test_only_the_commitments_organisation_reports_on_it(world):
    _, commitment = published_joint(world)
    for outsider in (world.region_politician, world.facilitator, world.admin,
                     world.other_politician):
        with pytest.raises(ResponseError):
            post_update(commitment, outsider, text="Klart!", status="done")
    assert commitment.updates == []


def test_a_resent_update_is_posted_once(world):
    _, commitment = published_joint(world)
    for _ in range(2):
        post_update(commitment, world.kommun_official, text="På gång.", status="in_progress",
                    submission_key="a" * 32)
    assert len(commitment.updates) == 1


def test_updates_on_a_draft_wait_until_it_is_public(world):
    response = services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                                     stance="yes", text="Ja.", organisation_ids={world.kommun.id},
                                     limits=LIMITS)
    commitment = add_commitment(response, world.kommun_politician,
                                organisation_id=world.kommun.id, text="X", due_on=None,
                                responsible_role="Trafikchef")
    with pytest.raises(ResponseError):
        post_update(commitment, world.kommun_politician, text="Klart", status="done")
    remove_commitment(commitment, world.kommun_politician)
    assert response.commitments == []


def test_once_public_only_a_signer_adds_a_commitment_and_none_is_removed(world):
    response, commitment = published_joint(world)
    with pytest.raises(ResponseError):
        add_commitment(response, world.kommun_official, organisation_id=world.kommun.id,
                       text="Mer", due_on=None,
                       responsible_role="Trafikchef")
    with pytest.raises(ResponseError):
        add_commitment(response, world.region_politician, organisation_id=world.kommun.id,
                       text="För någon annan", due_on=None,
                       responsible_role="Trafikchef")
    added = add_commitment(response, world.region_signing_official,
                           organisation_id=world.region.id, text="Hemsjukvård kvällstid",
                           due_on=date(2027, 9, 1),
                           responsible_role="Trafikchef")
    assert added.response_id == response.id and response.version == 1
    with pytest.raises(ResponseError):
        remove_commitment(commitment, world.kommun_politician)
