"""Erasure is one action of many packages: each removes its own rows on the signal, and
a package that fails leaves everything of the participant in place."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.notifications.models import OutboxMail
from samskapande.privacy import services as privacy_services
from samskapande.privacy.services import erase_participation
from samskapande.realtime.models import LiveEvent
from samskapande.rounds import erasure as rounds_erasure
from samskapande.rounds.models import ErasurePolicy, Participant, ProfileAnswer
from samskapande.voting.models import Vote
from tests.privacy.conftest import count


def author_of_needs(round_) -> Participant:
    """A participant who wrote needs that others supported."""
    return db.session.scalar(
        select(Participant).join(Need, Need.participant_id == Participant.id)
        .join(Vote, Vote.need_id == Need.id)
        .where(Participant.round_id == round_.id, Vote.participant_id != Participant.id)
        .order_by(Participant.id).limit(1))


def everything_of(person: Participant) -> dict:
    db.session.expire_all()
    row = db.session.get(Participant, person.id)
    names = [event.payload["message"]["author"].get("name")
             for event in db.session.scalars(select(LiveEvent).where(LiveEvent.type == "message"))]
    return {
        "row": (row.display_name, row.email, row.email_consent, row.erased_at,
                row.resume_code, row.dots_used),
        "votes": count(Vote, Vote.participant_id == person.id),
        "votes on needs": count(Vote),
        "needs": count(Need, Need.participant_id == person.id),
        "answers": count(ProfileAnswer, ProfileAnswer.participant_id == person.id),
        "mails": count(OutboxMail, OutboxMail.participant_id == person.id),
        "dots of all": sorted(db.session.execute(
            select(Participant.id, Participant.dots_used)).all()),
        "names in the journal": sorted(name or "" for name in names),
    }


@pytest.fixture
def person(closed_round):
    round_, _poll = closed_round
    round_.erasure_policy = ErasurePolicy.DELETE  # the policy that touches the most rows
    person = author_of_needs(round_)
    person.email, person.email_consent = "person@example.se", True
    db.session.add(OutboxMail(participant_id=person.id, to_address=person.email,
                              subject="Nytt svar", body="…", unsubscribe_url="https://x/"))
    db.session.commit()
    return person


def test_erasure_removes_what_each_package_holds(person):
    before = everything_of(person)
    with unit_of_work():
        erase_participation(person)
    after = everything_of(person)
    assert after["row"][:3] == (None, None, False) and after["row"][3] is not None
    assert after["row"][4] != before["row"][4]
    assert (after["votes"], after["needs"], after["answers"], after["mails"]) == (0, 0, 0, 0)
    assert after["votes on needs"] < before["votes on needs"]
    assert after["names in the journal"].count("") == before["names in the journal"].count("") + 1


def broken(*args, **kwargs):
    raise RuntimeError("this step fails")


@pytest.mark.parametrize("failing", [
    # One package's receiver fails (the others may or may not have run before it).
    (rounds_erasure, "new_resume_code"),
    # The audit row after the signal fails: every package's receiver has run by then.
    (privacy_services, "record"),
])
def test_a_failing_step_leaves_everything_of_the_participant_in_place(
        person, monkeypatch, failing):
    before = everything_of(person)
    assert before["votes"] and before["needs"] and before["mails"]

    monkeypatch.setattr(*failing, broken)
    with pytest.raises(RuntimeError), unit_of_work():
        erase_participation(person)

    assert everything_of(person) == before


def test_the_erasure_page_says_what_becomes_of_meeting_posts(app, client, demo):
    from tests.needs.helpers import ROUND, join

    join(client, "Gunnel")
    page = client.get(f"{ROUND}/me/erase").get_data(as_text=True)
    assert "Dina inlägg i dialogmötena finns kvar, utan ditt namn." in page
