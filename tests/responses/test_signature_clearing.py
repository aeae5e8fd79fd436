"""What a change that clears signatures leaves behind, and the hand-off signals it sends.

The "Att göra" inbox and the staff's mails read these: who cleared a signature, when, what
the change touched, and what the organisation had signed before.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from samskapande.core.signals import signature_requested, signatures_cleared
from samskapande.extensions import db
from samskapande.responses import services
from samskapande.responses.commitments import add_commitment, remove_commitment
from samskapande.responses.models import ResponseOrganisation
from tests.responses.limits import LIMITS

TEXT = "Vi ordnar anropsstyrd trafik till vårdcentralen."


@contextmanager
def caught(signal):
    """The (sender, kwargs) of every send of `signal` while the block runs."""
    sent: list[tuple[object, dict]] = []

    def receiver(sender, **kwargs):
        sent.append((sender, kwargs))

    signal.connect(receiver)
    try:
        yield sent
    finally:
        signal.disconnect(receiver)


def joint_draft(world, author=None):
    return services.create_draft(world.round, author or world.kommun_politician,
                                 theme=world.theme, stance="partly", text=TEXT,
                                 organisation_ids={world.kommun.id, world.region.id}, limits=LIMITS)


def sign(response, user):
    return services.sign(response, user, services.fingerprint(response))


def link_of(response, organisation) -> ResponseOrganisation:
    return next(link for link in response.organisations
                if link.organisation_id == organisation.id)


def test_a_joint_draft_asks_the_other_organisation_to_sign(world):
    with caught(signature_requested) as sent:
        response = joint_draft(world)
    assert sent == [(response, {"organisation_ids": [world.region.id],
                                "actor": world.kommun_politician})]


def test_a_single_organisation_draft_asks_no_one(world):
    with caught(signature_requested) as sent:
        services.create_draft(world.round, world.region_official, theme=world.theme,
                              stance="yes", text=TEXT, organisation_ids={world.region.id},
                              limits=LIMITS)
    assert sent == []


def test_a_signature_keeps_what_was_signed(world):
    response = joint_draft(world)
    sign(response, world.kommun_politician)
    link = link_of(response, world.kommun)
    assert (link.signed_stance, link.signed_text) == ("partly", TEXT)
    assert link.cleared_at is None and link.cleared_change == ""


def test_editing_the_text_stores_who_cleared_what_and_when(world):
    response = joint_draft(world)
    sign(response, world.kommun_politician)
    with caught(signatures_cleared) as cleared, caught(signature_requested) as requested:
        services.edit(response, world.region_politician, stance="partly",
                      text="Vi ordnar trafik två dagar i veckan.")
    db.session.commit()
    db.session.expire_all()
    link = link_of(response, world.kommun)
    assert link.signed_by_id is None
    assert link.cleared_at is not None
    assert (link.cleared_by_id, link.cleared_by_name) == (
        world.region_politician.id, "Karin Fjällström")
    assert link.cleared_change == "text"
    assert (link.signed_stance, link.signed_text) == ("partly", TEXT)  # what they signed
    assert link_of(response, world.region).cleared_at is None  # had not signed: not cleared
    assert cleared == [(response, {"actor": world.region_politician, "change": {"text"},
                                   "cleared": [(world.kommun.id,
                                                world.kommun_politician.id)]})]
    assert requested == [(response, {"organisation_ids": [world.kommun.id],
                                     "actor": world.region_politician})]


def test_a_change_of_stance_and_organisations_is_recorded_as_such(world):
    response = joint_draft(world)
    sign(response, world.kommun_politician)
    sign_official = world.kommun_politician
    with caught(signatures_cleared) as cleared:
        services.edit(response, world.region_politician, stance="not_now", text=TEXT,
                      organisation_ids={world.region.id, world.kommun.id})
    assert link_of(response, world.kommun).cleared_change == "stance"
    assert cleared[0][1]["change"] == {"stance"}
    sign(response, sign_official)
    services.edit(response, world.region_politician, stance="not_now", text=TEXT,
                  organisation_ids={world.region.id})
    assert [link.organisation_id for link in response.organisations] == [world.region.id]
    sign(response, world.region_signing_official)


def test_adding_an_organisation_asks_it_to_sign(world):
    response = services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                                     stance="partly", text=TEXT,
                                     organisation_ids={world.kommun.id}, limits=LIMITS)
    with caught(signature_requested) as sent:
        services.edit(response, world.kommun_politician, stance="partly", text=TEXT,
                      organisation_ids={world.kommun.id, world.region.id})
    assert sent == [(response, {"organisation_ids": [world.region.id],
                                "actor": world.kommun_politician})]


def test_a_commitment_added_or_removed_clears_as_commitments(world):
    response = joint_draft(world)
    sign(response, world.region_politician)
    with caught(signatures_cleared) as cleared:
        commitment = add_commitment(response, world.kommun_politician,
                                    organisation_id=world.kommun.id,
                                    text="Linje 12 till vårdcentralen", due_on=date(2027, 6, 1),
                                    responsible_role="Trafikchef")
    link = link_of(response, world.region)
    assert (link.cleared_change, link.cleared_by_name) == ("commitments", "Lars Älvhammar")
    assert cleared[0][1]["cleared"] == [(world.region.id, world.region_politician.id)]
    sign(response, world.region_politician)
    assert link.cleared_at is None and link.cleared_change == ""  # signed again: reset
    with caught(signatures_cleared) as cleared:
        remove_commitment(commitment, world.kommun_politician)
    assert link.cleared_change == "commitments"
    assert cleared[0][1]["change"] == {"commitments"}


def test_nothing_signed_means_nothing_cleared_and_no_signal(world):
    response = joint_draft(world)
    with caught(signatures_cleared) as cleared, caught(signature_requested) as requested:
        services.edit(response, world.kommun_politician, stance="partly", text="Annan text.")
    assert cleared == [] and requested == []
    assert all(link.cleared_at is None for link in response.organisations)


def test_a_proposed_change_clears_and_asks_again_but_discarding_asks_no_one(world):
    response = joint_draft(world)
    sign(response, world.kommun_politician)
    sign(response, world.region_politician)  # published
    services.edit(response, world.kommun_politician, stance="partly", text="Ändrad text.")
    sign(response, world.region_politician)
    with caught(signatures_cleared) as cleared, caught(signature_requested) as requested:
        services.edit(response, world.kommun_politician, stance="yes", text="Ändrad text.")
    link = link_of(response, world.region)
    assert (link.signed_stance, link.signed_text) == ("partly", "Ändrad text.")
    assert link.cleared_change == "stance"
    assert requested == [(response, {"organisation_ids": [world.region.id],
                                     "actor": world.kommun_politician})]
    sign(response, world.region_politician)
    with caught(signatures_cleared) as cleared, caught(signature_requested) as requested:
        services.discard_change(response, world.kommun_politician)
    assert link.cleared_change == "stance,text"  # back to the public stance and text
    assert [kwargs["cleared"] for _, kwargs in cleared] == [
        [(world.region.id, world.region_politician.id)]]
    assert requested == []  # nothing awaits a signature now
