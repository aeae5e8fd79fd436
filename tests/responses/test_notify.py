"""E-mail to residents, through a real SMTP server on localhost: who gets it, what it says,
that it survives a mail server being down, and that the unsubscribe link works."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select, update

from samskapande.cli import send_mail
from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.notifications.models import OutboxMail
from samskapande.privacy.services import erase_participation
from samskapande.responses import commitments
from samskapande.responses import services as responses
from samskapande.rounds.services import join_round
from samskapande.voting.models import Vote
from tests.responses import smtp_sink as sink
from tests.responses.limits import LIMITS
from tests.responses.smtp_sink import configure_mail, free_port

smtp_sink = sink.smtp_sink  # the fixture

TEXT = "Vi startar en anropsstyrd buss till vårdcentralen i Sollefteå från mars."


@pytest.fixture(autouse=True)
def no_staff_mail(world):
    """Only the residents' mails here: the staff's hand-off mails are in test_staff_mail."""
    from samskapande.accounts.models import User

    db.session.execute(update(User).values(mail_signature_requested=False,
                                           mail_signature_cleared=False,
                                           mail_question_directed=False))
    db.session.commit()


def unsubscribe_url(message) -> str:
    """The address in the List-Unsubscribe header (which may be folded)."""
    return re.search(r"<([^>]+)>", str(message["List-Unsubscribe"])).group(1)


def resident(world, email=None, consent=False, locale="sv", supports=0):
    participant = join_round(world.round, None)
    participant.email, participant.email_consent, participant.locale = email, consent, locale
    if supports is not None:
        db.session.add(Vote(round_id=world.round.id, need_id=world.needs[supports].id,
                            participant_id=participant.id, dots=1))
    db.session.commit()
    return participant


def publish_joint(world, need=None):
    """Draft, sign twice and publish, as one committed action (the mails go after it)."""
    with unit_of_work():
        response = responses.create_draft(
            world.round, world.kommun_politician, stance="yes", text=TEXT,
            organisation_ids=[world.kommun.id, world.region.id],
            theme=None if need else world.theme, need=need, limits=LIMITS)
        commitments.add_commitment(response, world.kommun_politician,
                                   organisation_id=world.kommun.id, text="Buss varje tisdag",
                                   due_on=None,
                                   responsible_role="Trafikchef")
        responses.sign(response, world.kommun_politician, responses.fingerprint(response))
        assert responses.sign(response, world.region_politician,
                              responses.fingerprint(response)) == "published"
    return response


def post_update(commitment, actor, **values):
    with unit_of_work():
        return commitments.post_update(commitment, actor, **values)


def test_those_who_consented_get_the_mail_in_their_language(app, world, smtp_sink):
    configure_mail(app, smtp_sink)
    resident(world, "gunnel@example.se", consent=True, locale="sv", supports=0)
    writer = resident(world, "amir@example.se", consent=True, locale="en", supports=None)
    world.needs[1].participant_id = writer.id
    resident(world, "no-consent@example.se", consent=False, supports=0)
    erased = resident(world, "erased@example.se", consent=True, supports=2)
    erase_participation(erased)
    outside = resident(world, "outside@example.se", consent=True, supports=None)
    db.session.commit()
    assert outside.id  # supports nothing in the theme

    response = publish_joint(world)

    messages = smtp_sink.wait_for(2)
    assert sorted(m["To"] for m in messages) == ["amir@example.se", "gunnel@example.se"]
    swedish = next(m for m in messages if m["To"] == "gunnel@example.se")
    english = next(m for m in messages if m["To"] == "amir@example.se")
    assert swedish["Subject"] == "Nytt svar: Resor till vården"
    assert english["Subject"] == "New response: Resor till vården"
    body = swedish.get_content()
    assert "Ja, vi gör det" in body and TEXT in body
    assert world.region.name in body and world.kommun.name in body
    link = f"https://samskapande.test/r/{world.round.code}/responses/{response.id}"
    assert link in body
    assert "Yes, we will do it" in english.get_content()
    unsubscribe = unsubscribe_url(swedish)
    assert unsubscribe.startswith("https://samskapande.test/unsubscribe/")
    assert unsubscribe in body
    assert swedish["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)
                             .where(OutboxMail.sent_at.is_(None))) == 0


def test_unsubscribe_link_asks_first_then_stops_the_mail(app, world, smtp_sink):
    configure_mail(app, smtp_sink)
    supporter = resident(world, "gunnel@example.se", consent=True, supports=0)
    publish_joint(world)
    path = urlsplit(unsubscribe_url(smtp_sink.wait_for(1)[0])).path
    client = app.test_client()

    page = client.get(path)  # what a mail scanner does: nothing changes
    assert page.status_code == 200 and 'id="unsubscribe-button"' in page.get_data(as_text=True)
    db.session.refresh(supporter)
    assert supporter.email_consent and supporter.email == "gunnel@example.se"

    done = client.post(path)  # no login, no form token: the signed address is the proof
    assert done.status_code == 200 and 'id="unsubscribed"' in done.get_data(as_text=True)
    db.session.refresh(supporter)
    assert not supporter.email_consent and supporter.email is None
    assert 'id="already-unsubscribed"' in client.get(path).get_data(as_text=True)

    response = publish_joint(world, need=world.needs[0])  # a second response: no mail now
    responses_sent = len(smtp_sink.messages)
    post_update(response.commitments[0], world.kommun_politician,
                text="Upphandlingen är klar", status="in_progress")
    assert len(smtp_sink.messages) == responses_sent == 1


def test_a_forged_unsubscribe_token_is_not_found(app, world):
    client = app.test_client()
    assert client.get("/unsubscribe/1.forged").status_code == 404
    assert client.post("/unsubscribe/1.forged").status_code == 404


def test_commitment_update_is_mailed(app, world, smtp_sink):
    configure_mail(app, smtp_sink)
    resident(world, "gunnel@example.se", consent=True, supports=1)
    response = publish_joint(world)
    smtp_sink.wait_for(1)
    post_update(response.commitments[0], world.kommun_politician,
                text="Upphandlingen är klar, bussen börjar gå i mars.", status="in_progress")
    update = smtp_sink.wait_for(2)[1]
    assert update["Subject"] == "Uppföljning av ett åtagande: Resor till vården"
    body = update.get_content()
    assert "Buss varje tisdag" in body and "Upphandlingen är klar" in body
    assert "Pågår" in body


def test_without_a_mail_server_nothing_is_queued(app, world):
    app.config["MAIL_SERVER"] = None
    resident(world, "gunnel@example.se", consent=True, supports=0)
    publish_joint(world)
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_mail_survives_a_server_that_is_down_and_send_mail_retries(app, world, smtp_sink):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False,
                      MAIL_BACKGROUND=False, MAIL_TIMEOUT=2)
    resident(world, "gunnel@example.se", consent=True, supports=0)
    publish_joint(world)  # the politician's signature succeeds although SMTP is down
    waiting = db.session.scalars(select(OutboxMail)).all()
    assert len(waiting) == 1 and waiting[0].sent_at is None and waiting[0].attempts == 1
    assert waiting[0].last_error and "@" not in waiting[0].last_error

    configure_mail(app, smtp_sink)
    result = app.test_cli_runner().invoke(send_mail)
    assert result.exit_code == 0, result.output
    assert "Sent 1" in result.output
    assert smtp_sink.wait_for(1)[0]["To"] == "gunnel@example.se"
    again = app.test_cli_runner().invoke(send_mail)
    assert "Sent 0" in again.output and len(smtp_sink.messages) == 1


def test_sent_mails_are_forgotten_after_thirty_days(app, world, smtp_sink):
    from datetime import timedelta

    from samskapande.notifications.mail import send_pending

    configure_mail(app, smtp_sink)
    resident(world, "gunnel@example.se", consent=True, supports=0)
    publish_joint(world)
    mail = db.session.scalars(select(OutboxMail)).one()
    assert mail.sent_at is not None
    send_pending()
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 1
    mail.sent_at -= timedelta(days=31)
    db.session.commit()
    send_pending()
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_a_mail_that_cannot_be_queued_leaves_the_last_signature_ungiven(
        app, world, smtp_sink, monkeypatch):
    """Signing and queueing the mails are one action: a failure in the second undoes both."""
    import pytest

    from samskapande.notifications import services as notifications
    from samskapande.responses.models import Response, ResponseStatus

    configure_mail(app, smtp_sink)
    resident(world, "gunnel@example.se", consent=True, supports=0)
    with unit_of_work():
        response = responses.create_draft(
            world.round, world.kommun_politician, stance="yes", text=TEXT,
            organisation_ids=[world.kommun.id, world.region.id], theme=world.theme, limits=LIMITS)
        responses.sign(response, world.kommun_politician, responses.fingerprint(response))
    response_id = response.id

    def broken(*args, **kwargs):
        raise RuntimeError("the mail template is broken")

    monkeypatch.setattr(notifications, "_render", broken)
    with pytest.raises(RuntimeError), unit_of_work():
        responses.sign(response, world.region_politician, responses.fingerprint(response))

    db.session.expire_all()
    response = db.session.get(Response, response_id)
    assert response.status == ResponseStatus.DRAFT and response.version == 0
    assert [link.signed_by_id for link in response.organisations
            if link.organisation_id == world.region.id] == [None]
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0
    assert smtp_sink.messages == []
