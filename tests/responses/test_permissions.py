"""The permission grid: role × own/other organisation × state of the response × action.

The response speaks for the municipality (kommun) alone; "own" people belong to it,
"other" people to the region of the same model area, "outside" to a municipality of
another area.
"""

from __future__ import annotations

from datetime import date

import pytest

from samskapande.extensions import db
from samskapande.responses import permissions as p
from samskapande.responses import services
from samskapande.responses.commitments import add_commitment
from samskapande.rounds.models import Phase
from tests.responses.conftest import _add_user
from tests.responses.limits import LIMITS

T, F = True, False
# person: see a draft, edit, sign, add a commitment (draft), add one (public), report on one
GRID = {
    "admin": (T, F, F, F, F, F),
    "facilitator": (T, F, F, F, F, F),
    "facilitator_elsewhere": (F, F, F, F, F, F),
    "own_politician": (T, T, T, T, T, T),
    "own_signing_official": (T, T, T, T, T, T),
    "own_official": (T, T, F, T, F, T),
    "other_politician": (T, F, F, F, F, F),
    "other_signing_official": (T, F, F, F, F, F),
    "other_official": (T, F, F, F, F, F),
    "outside_politician": (F, F, F, F, F, F),
}
STATES = ("draft", "published", "change_pending")


def people(world) -> dict:
    own_signing = _add_user("signerar@kommun.example.se", "Siv Kommunsson", "official",
                            world.kommun, may_sign=True)
    elsewhere = _add_user("annan@samtal.example.se", "Frida Fjärran", "facilitator", None)
    db.session.commit()
    return {
        "admin": world.admin,
        "facilitator": world.facilitator,
        "facilitator_elsewhere": elsewhere,
        "own_politician": world.kommun_politician,
        "own_signing_official": own_signing,
        "own_official": world.kommun_official,
        "other_politician": world.region_politician,
        "other_signing_official": world.region_signing_official,
        "other_official": world.region_official,
        "outside_politician": world.other_politician,
    }


def response_in(world, state: str):
    author = world.kommun_politician
    response = services.create_draft(world.round, author, theme=world.theme, stance="yes",
                                     text="Ja, vi gör det.", organisation_ids={world.kommun.id},
                                     limits=LIMITS)
    commitment = add_commitment(response, author, organisation_id=world.kommun.id,
                                text="Ny busslinje", due_on=date(2027, 3, 1),
                                responsible_role="Trafikchef")
    if state != "draft":
        services.sign(response, author, services.fingerprint(response))
    if state == "change_pending":
        services.edit(response, author, stance="partly", text="Delvis.")
    return response, commitment


@pytest.mark.parametrize("state", STATES)
def test_permission_grid(world, state):
    response, commitment = response_in(world, state)
    everyone = people(world)
    for name, user in everyone.items():
        see_draft, edit, sign, commit_draft, commit_public, report = GRID[name]
        expected = {
            "see": see_draft if state == "draft" else True,
            "edit": edit,
            "sign": sign and state != "published",
            "add_commitment": commit_draft if state == "draft" else commit_public,
            "report_on": report and state != "draft",
        }
        actual = {
            "see": p.can_see_response(user, response),
            "edit": p.can_edit(user, response),
            "sign": p.can_sign(user, response),
            "add_commitment": p.can_add_commitment(user, response, world.kommun.id),
            "report_on": p.can_report_on(user, commitment),
        }
        assert actual == expected, f"{name} on a {state} response"


def test_nobody_answers_or_signs_before_the_round_responds(world):
    response, _ = response_in(world, "draft")
    world.round.phase = Phase.SYNTHESISE
    db.session.commit()
    assert not p.can_answer_in(world.kommun_politician, world.round)
    assert not p.can_edit(world.kommun_politician, response)
    assert not p.can_sign(world.kommun_politician, response)


def test_an_organisation_that_signed_cannot_sign_again(world):
    joint = services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                                  stance="yes", text="Tillsammans.",
                                  organisation_ids={world.kommun.id, world.region.id},
                                  limits=LIMITS)
    services.sign(joint, world.kommun_politician, services.fingerprint(joint))
    assert not p.can_sign(world.kommun_politician, joint)
    assert p.can_sign(world.region_politician, joint)
    assert not p.can_sign(world.region_official, joint)


def test_logged_out_visitors_see_only_published_responses(world):
    from flask_login import AnonymousUserMixin

    anonymous = AnonymousUserMixin()
    draft, _ = response_in(world, "draft")
    assert not p.can_see_response(anonymous, draft)
    assert not p.can_see_round_responses(anonymous, world.round)
    assert not p.can_answer_in(anonymous, world.round)
