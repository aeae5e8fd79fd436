"""Commitments owned by a role: the role required and public, the holder from the
organisation's staff and seen only by staff, and the staff's page of commitments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask import g
from sqlalchemy import select

from samskapande.audit.models import AuditEvent
from samskapande.demo import DEMO_PASSWORD
from samskapande.extensions import db
from samskapande.responses import services
from samskapande.responses.commitments import (
    OwnerError,
    add_commitment,
    overview,
    post_update,
    set_owner,
)
from samskapande.responses.models import Commitment
from samskapande.responses.services import ResponseError
from tests.conftest import PASSWORD, csrf_token, log_in
from tests.test_bad_input import CORPUS, assert_handled

ROLE = "verksamhetschef primärvård, Region Västernorrland"


def draft(world):
    return services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                                 stance="yes", text="Ja, tillsammans.",
                                 organisation_ids={world.kommun.id, world.region.id})


def sign_all(response, world):
    for signer in (world.kommun_politician, world.region_politician):
        services.sign(response, signer, services.fingerprint(response))


def commit(response, world, *, role=ROLE, holder=None, due_on=None, text="Provtagning"):
    return add_commitment(response, world.region_politician, organisation_id=world.region.id,
                          text=text, due_on=due_on, responsible_role=role,
                          holder_id=holder.id if holder else None)


def forget_user() -> None:
    """The `world` fixture's request context shares `g` with the test clients' requests:
    forget the user Flask-Login keeps there before another client speaks."""
    g.pop("_login_user", None)


def client_of(app, user):
    forget_user()
    client = app.test_client()
    demo = user.email.endswith("@demo.samskapande.se")
    assert log_in(client, user.email, DEMO_PASSWORD if demo else PASSWORD).status_code == 302
    return client


# -- the role and its holder -----------------------------------------------------------------

@pytest.mark.parametrize("role", ["", "   ", None, "x" * 201])
def test_a_new_commitment_needs_a_role_of_sensible_length(world, role):
    response = draft(world)
    with pytest.raises(OwnerError):
        commit(response, world, role=role)
    assert response.commitments == []


def test_the_holder_is_an_active_politician_or_official_of_the_organisation(world):
    response = draft(world)
    for outsider in (world.kommun_politician, world.other_politician, world.facilitator,
                     world.admin):
        with pytest.raises(OwnerError):
            commit(response, world, holder=outsider)
    world.region_official.active = False
    with pytest.raises(OwnerError):
        commit(response, world, holder=world.region_official)
    commitment = commit(response, world, holder=world.region_signing_official)
    assert commitment.holder == world.region_signing_official
    assert commitment.responsible_role == ROLE


def test_the_role_is_public_and_the_holder_is_not(app, world):
    response = draft(world)
    commit(response, world, holder=world.region_official)
    sign_all(response, world)
    db.session.commit()
    html = app.test_client().get(
        f"/r/{world.round.code}/responses/{response.id}").get_data(as_text=True)
    assert f"Ansvarig: {ROLE}" in html
    assert world.region_official.name not in html and world.region_official.email not in html
    staff = client_of(app, world.region_politician).get(
        f"/staff/responses/{response.id}").get_data(as_text=True)
    assert f"Ansvarig: {ROLE} ({world.region_official.name})" in staff


def test_a_commitment_made_before_roles_says_it_has_none(app, world):
    response = draft(world)
    commitment = commit(response, world)
    sign_all(response, world)
    commitment.responsible_role = None  # as the migration leaves the old ones
    db.session.commit()
    staff = client_of(app, world.region_politician)
    assert "Ansvarig roll saknas" in staff.get(
        f"/staff/responses/{response.id}").get_data(as_text=True)
    public = app.test_client().get(
        f"/r/{world.round.code}/responses/{response.id}").get_data(as_text=True)
    assert "Ansvarig" not in public


def test_changing_the_role_of_a_draft_clears_signatures_the_holder_does_not(world):
    response = draft(world)
    commitment = commit(response, world)
    services.sign(response, world.kommun_politician, services.fingerprint(response))
    assert set_owner(commitment, world.region_politician, responsible_role=ROLE,
                     holder_id=world.region_official.id)
    assert len(services.missing_signatures(response)) == 1  # the holder: not signed text
    assert set_owner(commitment, world.region_politician,
                     responsible_role="hälsocentralschef, Region Västernorrland",
                     holder_id=world.region_official.id)
    assert len(services.missing_signatures(response)) == 2  # the role: signed again
    assert not set_owner(commitment, world.region_politician,
                         responsible_role="hälsocentralschef, Region Västernorrland",
                         holder_id=world.region_official.id)  # nothing new
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "commitment", AuditEvent.object_id == commitment.id))
    assert list(actions).count("commitment.owner_changed") == 2


def test_once_public_only_a_signer_changes_who_is_responsible(world):
    response = draft(world)
    commitment = commit(response, world)
    sign_all(response, world)
    for user in (world.region_official, world.kommun_politician, world.facilitator):
        with pytest.raises(ResponseError):
            set_owner(commitment, user, responsible_role="någon annan", holder_id=None)
    set_owner(commitment, world.region_signing_official, responsible_role=ROLE,
              holder_id=world.region_official.id)
    assert services.missing_signatures(response) == []  # public at once, still published
    assert commitment.holder == world.region_official


def test_the_form_names_the_role_and_refuses_a_holder_of_another_organisation(app, world):
    response = draft(world)
    db.session.commit()
    client = client_of(app, world.region_politician)
    url = f"/staff/responses/{response.id}/commitments/new"
    page = client.get(url).get_data(as_text=True)
    assert 'name="responsible_role"' in page and world.region_official.name in page
    assert world.kommun_official.name not in page  # not of the region
    base = {"csrf_token": csrf_token(client, url), "organisation": world.region.id,
            "text": "Provtagning i Näsåker"}
    empty = client.post(url, data={**base, "responsible_role": ""})
    assert empty.status_code == 400
    assert "Skriv vilken roll som ansvarar för åtagandet." in empty.get_data(as_text=True)
    foreign = client.post(url, data={**base, "responsible_role": ROLE,
                                     "holder": world.kommun_official.id})
    assert foreign.status_code == 400
    assert "Provtagning i Näsåker" in foreign.get_data(as_text=True)  # nothing lost
    saved = client.post(url, data={**base, "responsible_role": ROLE,
                                   "holder": world.region_official.id})
    assert saved.status_code == 302
    commitment = db.session.scalar(select(Commitment))
    assert commitment.responsible_role == ROLE and commitment.holder == world.region_official


@pytest.mark.parametrize("value", CORPUS)
def test_bad_input_on_the_role_is_handled(app, world, value):
    response = draft(world)
    commitment = commit(response, world)
    db.session.commit()
    client = client_of(app, world.region_politician)
    url = f"/staff/commitments/{commitment.id}/owner"
    assert client.get(url).status_code == 200
    answer = client.post(url, data={"csrf_token": csrf_token(client, url),
                                    "responsible_role": value, "holder": value})
    assert_handled(answer, value)
    db.session.expire_all()
    role = db.session.get(Commitment, commitment.id).responsible_role
    assert role == ROLE or role == value.strip()


# -- the staff's page ------------------------------------------------------------------------

def _aged(commitment, days: int) -> None:
    """Make the commitment look published `days` ago, without updates since."""
    past = datetime.now(UTC) - timedelta(days=days)
    commitment.response.published_at = past
    commitment.created_at = past


@pytest.fixture
def spread(world):
    """The region's commitments: overdue, due in 10 days, due in 60 (quiet for 100 days),
    done; and one of the municipality held by no one of the region."""
    today = services.local_today()
    response = draft(world)
    late = commit(response, world, text="Försenad", due_on=today - timedelta(days=3))
    soon = commit(response, world, text="Snart", due_on=today + timedelta(days=10))
    quiet = commit(response, world, text="Tyst", due_on=today + timedelta(days=60))
    done = commit(response, world, text="Klar", due_on=today - timedelta(days=30))
    theirs = add_commitment(response, world.kommun_politician, organisation_id=world.kommun.id,
                            text="Kommunens", due_on=today, responsible_role="kommunchef")
    sign_all(response, world)
    post_update(done, world.region_politician, text="Klart.", status="done")
    for commitment in (late, soon, quiet, theirs):
        _aged(commitment, 100)
    post_update(late, world.region_politician, text="Snart klart.", status="in_progress")
    post_update(soon, world.region_politician, text="På gång.", status="in_progress")
    db.session.commit()
    return world


@pytest.mark.parametrize(("show", "texts"), [
    ("all", ["Försenad", "Klar", "Snart", "Tyst"]),
    ("overdue", ["Försenad"]),
    ("soon", ["Snart"]),
    ("quiet", ["Tyst"]),
    ("nonsense", ["Försenad", "Klar", "Snart", "Tyst"]),
])
def test_the_commitments_page_filters(app, spread, show, texts):
    client = client_of(app, spread.region_official)
    page = client.get(f"/staff/commitments?show={show}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert sorted(t for t in ("Försenad", "Klar", "Snart", "Tyst", "Kommunens")
                  if f">{t}</a>" in html) == texts
    assert 'type="radio"' in html and "<script" not in html.split("<main", 1)[-1]


def test_the_page_links_to_each_update_page_and_shows_my_own(app, spread):
    mine = db.session.scalar(select(Commitment).where(Commitment.text == "Kommunens"))
    mine.holding = None
    db.session.flush()
    set_owner(mine, spread.kommun_politician, responsible_role="kommunchef",
              holder_id=spread.kommun_official.id)
    db.session.commit()
    rows = overview(spread.kommun_official, "all", services.local_today())
    assert [row.commitment.text for row in rows] == ["Kommunens"]
    assert rows[0].mine
    client = client_of(app, spread.region_official)
    html = client.get("/staff/commitments").get_data(as_text=True)
    late = db.session.scalar(select(Commitment).where(Commitment.text == "Försenad"))
    assert f'href="/staff/commitments/{late.id}/update"' in html
    todo = client.get("/staff").get_data(as_text=True)
    assert 'href="/staff/commitments"' in todo


def test_only_an_organisations_staff_see_the_page(app, spread):
    from samskapande.responses.permissions import can_see_commitment_overview

    assert client_of(app, spread.facilitator).get("/staff/commitments").status_code == 403
    assert not can_see_commitment_overview(spread.admin)
    assert overview(spread.admin, "all", services.local_today()) == []
    forget_user()
    assert app.test_client().get("/staff/commitments").status_code in (302, 401)


def test_the_quiet_rule_is_the_to_do_lists(world):
    """90 days without an update: quiet on the page and in "Att göra"; 89: not yet."""
    from samskapande.inbox.services import todo

    response = draft(world)
    commitment = commit(response, world, due_on=date.today() + timedelta(days=300))
    sign_all(response, world)
    for days, quiet in ((89, False), (90, True)):
        _aged(commitment, days)
        db.session.flush()
        rows = overview(world.region_politician, "quiet", services.local_today())
        assert bool(rows) is quiet, days
        kinds = [kind for kind, _h, _items in todo(world.region_politician)]
        assert ("commitment" in kinds) is quiet, days
