"""Drafting, joint signing, publishing and the version history of responses."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from samskapande.audit.models import AuditEvent
from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.responses import services
from samskapande.responses.commitments import add_commitment
from samskapande.responses.models import ResponseStatus
from samskapande.responses.services import ResponseError
from tests.responses.limits import LIMITS


def joint_draft(world, author=None, text="Vi ordnar anropsstyrd trafik till vårdcentralen."):
    author = author or world.kommun_politician
    return services.create_draft(world.round, author, theme=world.theme, stance="partly",
                                 text=text, organisation_ids={world.kommun.id, world.region.id},
                                 limits=LIMITS)


def sign(response, user):
    return services.sign(response, user, services.fingerprint(response))


def actions(response) -> list[str]:
    return list(db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.details["response_id"].as_integer()
                                        == response.id).order_by(AuditEvent.id)))


def test_a_joint_response_is_published_when_the_last_organisation_signs(world):
    response = joint_draft(world)
    assert response.status == ResponseStatus.DRAFT
    assert (response.author_name, response.author_party) == ("Lars Älvhammar", "S")
    assert response.author_organisation == world.kommun.name

    assert sign(response, world.kommun_politician) == "signed"
    assert response.status == ResponseStatus.DRAFT
    assert services.published_responses_for_theme(world.theme) == []
    assert [link.organisation_id for link in services.missing_signatures(response)] == [
        world.region.id]

    assert sign(response, world.region_politician) == "published"
    assert response.status == ResponseStatus.PUBLISHED and response.version == 1
    assert services.published_responses_for_theme(world.theme) == [response]
    assert services.responses_for_round(world.round) == [response]
    names = {s["name"] for s in services.current_signatures(response)}
    assert names == {"Lars Älvhammar", "Karin Fjällström"}
    assert actions(response) == ["response.drafted", "response.signed", "response.signed",
                                 "response.published"]


def test_an_official_signs_only_when_authorised(world):
    response = joint_draft(world)
    with pytest.raises(ResponseError):
        sign(response, world.region_official)
    sign(response, world.kommun_politician)
    assert sign(response, world.region_signing_official) == "published"


def test_a_single_organisation_response_publishes_with_its_one_signature(world):
    response = services.create_draft(world.round, world.region_official,
                                     need=world.needs[0], stance="investigating",
                                     text="Vi utreder hemsjukvård kvällstid.",
                                     organisation_ids={world.region.id}, limits=LIMITS)
    assert sign(response, world.region_politician) == "published"
    assert services.published_responses_for_need(world.needs[0]) == [response]
    assert services.published_responses_for_theme(world.theme) == []


def test_changing_a_draft_clears_the_signatures_given(world):
    response = joint_draft(world)
    sign(response, world.kommun_politician)
    assert services.edit(response, world.region_politician, stance="partly",
                         text="Ny text: vi ordnar anropsstyrd trafik två dagar i veckan.")
    assert len(services.missing_signatures(response)) == 2
    assert "response.edited" in actions(response)
    # A commitment is part of what is signed, too.
    sign(response, world.kommun_politician)
    add_commitment(response, world.region_politician, organisation_id=world.region.id,
                   text="Provkör anropsstyrd trafik", due_on=date(2027, 6, 30),
                   responsible_role="Trafikchef")
    assert len(services.missing_signatures(response)) == 2


def test_a_signature_is_refused_when_the_text_changed_after_the_page_was_opened(world):
    response = joint_draft(world)
    shown = services.fingerprint(response)
    services.edit(response, world.kommun_politician, stance="yes", text="En annan text.")
    with pytest.raises(ResponseError):
        services.sign(response, world.region_politician, shown)
    assert services.missing_signatures(response) != []


def test_signing_twice_is_refused_and_changes_nothing(world):
    response = joint_draft(world)
    sign(response, world.kommun_politician)
    with pytest.raises(ResponseError):
        sign(response, world.kommun_politician)
    assert actions(response).count("response.signed") == 1


def test_an_unchanged_edit_keeps_the_signatures(world):
    response = joint_draft(world)
    sign(response, world.kommun_politician)
    assert not services.edit(response, world.kommun_politician, stance="partly",
                             text=response.text)
    assert len(services.missing_signatures(response)) == 1


def test_a_draft_must_name_the_authors_own_organisation_of_the_area(world):
    with pytest.raises(ResponseError):
        services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                              stance="yes", text="x", organisation_ids={world.region.id},
                              limits=LIMITS)
    with pytest.raises(ResponseError):
        services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                              stance="yes", text="x",
                              organisation_ids={world.kommun.id, world.other.id}, limits=LIMITS)


def test_a_resent_form_drafts_once(world):
    first = services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                                  stance="yes", text="Ja.", organisation_ids={world.kommun.id},
                                  submission_key="k" * 32, limits=LIMITS)
    again = services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                                  stance="yes", text="Ja.", organisation_ids={world.kommun.id},
                                  submission_key="k" * 32, limits=LIMITS)
    assert again.id == first.id
    assert len(services.responses_in_round(world.round)) == 1


# -- after publishing: versions ------------------------------------------------------------

def test_a_change_to_a_published_joint_response_waits_for_all_signatures(world):
    response = joint_draft(world, text="Version ett.")
    sign(response, world.kommun_politician)
    sign(response, world.region_politician)

    services.edit(response, world.region_official, stance="yes", text="Version två.")
    # The public still sees version 1, signed by both.
    assert (response.stance, response.text, response.version) == ("partly", "Version ett.", 1)
    assert len(services.current_signatures(response)) == 2
    assert services.text_to_sign(response) == ("yes", "Version två.")

    assert sign(response, world.region_politician) == "signed"
    assert response.text == "Version ett."
    assert sign(response, world.kommun_politician) == "updated"
    assert (response.stance, response.text, response.version) == ("yes", "Version två.", 2)
    assert response.draft_text is None and response.updated_at is not None

    history = services.response_history(response)
    assert [(v.version, v.text) for v in history] == [(2, "Version två."), (1, "Version ett.")]
    assert history[0].edited_by_name == "Lars Älvhammar"  # the last signer made it public
    assert history[0].created_at >= history[1].created_at
    assert "response.change_proposed" in actions(response)
    assert actions(response)[-1] == "response.version_published"


def test_a_single_organisation_change_also_goes_through_signing(world):
    response = services.create_draft(world.round, world.region_politician, theme=world.theme,
                                     stance="yes", text="Ett.", organisation_ids={world.region.id},
                                     limits=LIMITS)
    sign(response, world.region_politician)
    services.edit(response, world.region_politician, stance="yes", text="Två.")
    assert response.text == "Ett." and response.version == 1
    assert sign(response, world.region_politician) == "updated"
    assert [v.text for v in services.response_history(response)] == ["Två.", "Ett."]


def test_a_proposed_change_can_be_discarded_and_the_public_text_stays(world):
    response = services.create_draft(world.round, world.region_politician, theme=world.theme,
                                     stance="yes", text="Ett.", organisation_ids={world.region.id},
                                     limits=LIMITS)
    sign(response, world.region_politician)
    services.edit(response, world.region_politician, stance="not_now",
                  text="Nej.")
    services.discard_change(response, world.region_politician)
    assert response.draft_text is None and response.text == "Ett."
    assert len(services.response_history(response)) == 1


def test_the_organisations_of_a_published_response_are_fixed(world):
    response = services.create_draft(world.round, world.region_politician, theme=world.theme,
                                     stance="yes", text="Ett.", organisation_ids={world.region.id},
                                     limits=LIMITS)
    sign(response, world.region_politician)
    with pytest.raises(ResponseError):
        services.edit(response, world.region_politician, stance="yes", text="Ett.",
                      organisation_ids={world.region.id, world.kommun.id})


def test_the_author_stays_as_they_were_when_the_account_changes(world):
    response = joint_draft(world)
    sign(response, world.kommun_politician)
    sign(response, world.region_politician)
    world.kommun_politician.name, world.kommun_politician.party = "Lars Nyman", "L"
    db.session.commit()
    db.session.expire_all()
    assert (response.author_name, response.author_party) == ("Lars Älvhammar", "S")
    assert {s["party"] for s in services.current_signatures(response)} == {"S", "C"}


def test_two_signatures_at_once_publish_once(app, world):
    """The region signs on a page loaded before the municipality's signature was saved
    by another request: the response is still published, once."""
    from samskapande.accounts.models import User
    from samskapande.responses.models import Response

    with unit_of_work():
        response_id = joint_draft(world).id
    region_id, kommun_id = world.region_politician.id, world.kommun_politician.id
    with app.app_context(), app.test_request_context():
        response = db.session.get(Response, response_id)
        shown = services.fingerprint(response)
        assert len(services.missing_signatures(response)) == 2  # loaded, now stale
        with app.app_context(), app.test_request_context(), unit_of_work():  # another request
            other = db.session.get(Response, response_id)
            sign(other, db.session.get(User, kommun_id))
        assert services.sign(response, db.session.get(User, region_id), shown) == "published"
        assert len(services.response_history(response)) == 1
        assert actions(response).count("response.published") == 1


def test_changing_the_organisations_of_a_draft_clears_the_signatures(world):
    response = services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                                     stance="yes", text="Ja.", organisation_ids={world.kommun.id},
                                     limits=LIMITS)
    add_commitment(response, world.kommun_politician, organisation_id=world.kommun.id,
                   text="Buss", due_on=None,
                   responsible_role="Trafikchef")
    services.edit(response, world.kommun_politician, stance="yes", text="Ja.",
                  organisation_ids={world.kommun.id, world.region.id})
    sign(response, world.kommun_politician)
    # Dropping the region again clears the municipality's signature: it signed a joint text.
    assert services.edit(response, world.kommun_politician, stance="yes", text="Ja.",
                         organisation_ids={world.kommun.id})
    assert [link.organisation_id for link in services.missing_signatures(response)] == [
        world.kommun.id]
    assert response.status == ResponseStatus.DRAFT
    # An organisation with commitments in the draft cannot be dropped.
    services.edit(response, world.kommun_politician, stance="yes", text="Ja.",
                  organisation_ids={world.kommun.id, world.region.id})
    add_commitment(response, world.region_politician, organisation_id=world.region.id,
                   text="Hemsjukvård", due_on=None,
                   responsible_role="Trafikchef")
    with pytest.raises(ResponseError, match="åtaganden"):
        services.edit(response, world.kommun_politician, stance="yes", text="Ja.",
                      organisation_ids={world.kommun.id})
    assert len(response.organisations) == 2
