"""E-mail to staff about the hand-offs, through a real SMTP server on localhost: a signature
requested, a signature cleared by someone's change, a question directed to someone.

Each test's actions are committed as one unit of work, as a request is; the mails go out
after the commit (MAIL_BACKGROUND off, so the test waits for them).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from samskapande.accounts.models import User
from samskapande.core.transaction import unit_of_work
from samskapande.demo import DEMO_PASSWORD
from samskapande.extensions import db
from samskapande.live import services as live
from samskapande.live.models import Meeting
from samskapande.notifications.mail import send_pending
from samskapande.notifications.models import OutboxMail
from samskapande.responses import commitments
from samskapande.responses import services as responses
from samskapande.responses.models import Response
from samskapande.rounds.models import Participant
from tests.conftest import PASSWORD, csrf_token, log_in
from tests.responses import smtp_sink as sink
from tests.responses.limits import LIMITS
from tests.responses.smtp_sink import configure_mail
from tests.test_bad_input import CORPUS, assert_handled

smtp_sink = sink.smtp_sink  # the fixture

TEXT = "Vi ordnar anropsstyrd trafik till vårdcentralen."


def joint_draft(world):
    with unit_of_work():
        return responses.create_draft(world.round, world.kommun_politician, theme=world.theme,
                                      stance="partly", text=TEXT,
                                      organisation_ids={world.kommun.id, world.region.id},
                                      limits=LIMITS)


def sign(response, user):
    with unit_of_work():
        responses.sign(response, user, responses.fingerprint(response))


def to(sink_, address: str) -> list:
    return [m for m in sink_.messages if m["To"] == address]


def body(message) -> str:
    return message.get_content()


def queued_to() -> list[str]:
    return sorted(db.session.scalars(select(OutboxMail.to_address)))


@pytest.fixture
def mailing(app, world, smtp_sink):
    configure_mail(app, smtp_sink)
    return smtp_sink


# -- a signature is requested ------------------------------------------------------------------

def test_a_joint_draft_mails_the_other_organisations_signers(world, mailing):
    response = joint_draft(world)
    # The region's politician and its official authorised to sign; not the region's other
    # official (who cannot sign), and not the author, whose own organisation is theirs.
    assert queued_to() == sorted([world.region_politician.email,
                                  world.region_signing_official.email])
    message = mailing.wait_for(2) and to(mailing, world.region_politician.email)[0]
    assert world.theme.title in message["Subject"]
    assert message["Subject"].startswith("Svar att skriva under:")
    text = body(message)
    assert f"{world.kommun_politician.name} ({world.kommun.name})" in text
    assert world.region.name in text
    assert f"https://samskapande.test/staff/responses/{response.id}/sign" in text
    assert "https://samskapande.test/account#mail" in text
    assert message["List-Unsubscribe"] is None  # no one-click claim for a work mail


def test_a_single_organisation_draft_mails_no_one(world, mailing):
    with unit_of_work():
        responses.create_draft(world.round, world.region_official, theme=world.theme,
                               stance="yes", text=TEXT, organisation_ids={world.region.id},
                               limits=LIMITS)
    assert queued_to() == []


# -- a signature is cleared ----------------------------------------------------------------------

def test_a_change_that_clears_signatures_mails_each_signer_once(world, mailing):
    response = joint_draft(world)
    sign(response, world.region_politician)
    before = set(db.session.scalars(select(OutboxMail.id)))
    with unit_of_work():
        responses.edit(response, world.kommun_politician, stance="partly",
                       text="Vi ordnar trafik två dagar i veckan.")
        commitments.add_commitment(response, world.kommun_politician,
                                   organisation_id=world.kommun.id, text="Linje 12",
                                   due_on=date(2027, 6, 1),
                                   responsible_role="Trafikchef")
    new = db.session.scalars(select(OutboxMail).where(OutboxMail.id.not_in(before))
                             .order_by(OutboxMail.id)).all()
    # Karin signed and is told her signature went; Sara, who may also sign for the region,
    # is asked to sign; nobody twice, and never the one who made the change.
    assert sorted(mail.to_address for mail in new) == sorted([
        world.region_politician.email, world.region_signing_official.email])
    removed = next(m for m in new if m.to_address == world.region_politician.email)
    assert f"{world.kommun_politician.name} ({world.kommun.name}) ändrade texten;" in removed.body
    assert f"din underskrift för {world.region.name} togs bort" in removed.body
    assert f"https://samskapande.test/staff/responses/{response.id}/sign" in removed.body
    assert removed.user_id == world.region_politician.id and removed.participant_id is None
    assert removed.sent_at is not None


def test_the_mail_says_every_part_the_change_touched(world, mailing):
    response = joint_draft(world)
    sign(response, world.region_politician)
    with unit_of_work():
        responses.edit(response, world.kommun_politician, stance="yes",
                       text="Vi ordnar trafik två dagar i veckan.")
    mail = db.session.scalars(select(OutboxMail).where(
        OutboxMail.to_address == world.region_politician.email).order_by(
            OutboxMail.id.desc())).first()
    assert "ändrade ställningstagandet och texten;" in mail.body


def test_withdrawing_a_signed_change_says_the_published_text_stays(world, mailing):
    response = joint_draft(world)
    sign(response, world.kommun_politician)
    sign(response, world.region_politician)
    with unit_of_work():
        responses.edit(response, world.kommun_politician, stance="partly", text="Ändrat.")
    sign(response, world.region_politician)
    with unit_of_work():
        responses.discard_change(response, world.kommun_politician)
    mail = db.session.scalars(select(OutboxMail).where(
        OutboxMail.to_address == world.region_politician.email).order_by(
            OutboxMail.id.desc())).first()
    assert "drog tillbaka" in mail.body
    assert f"https://samskapande.test/staff/responses/{response.id}\n" in mail.body


# -- a question is directed ----------------------------------------------------------------------

def _meeting(world) -> Meeting:
    return db.session.scalar(select(Meeting).where(Meeting.round_id == world.round.id))


def _ask(world, **directed):
    meeting = _meeting(world)
    participant = Participant(round_id=world.round.id, resume_code="FRAGA1234567")
    db.session.add(participant)
    db.session.commit()
    with unit_of_work():
        return live.post_message(meeting, participant=participant, kind="question",
                                 text="När kommer bussen till Näsåker?", **directed)


def test_a_question_to_a_person_mails_that_person(world, mailing):
    question = _ask(world, directed_user_id=world.region_politician.id)
    assert queued_to() == [world.region_politician.email]
    message = mailing.wait_for(1)[0]
    meeting = _meeting(world)
    assert meeting.title in message["Subject"]
    text = body(message)
    assert "När kommer bussen till Näsåker?" in text
    assert (f"https://samskapande.test/r/{world.round.code}/meetings/{meeting.id}"
            f"/messages/{question.id}/answer") in text


def test_a_question_to_an_organisation_mails_its_politicians_and_officials(world, mailing):
    _ask(world, directed_organisation_id=world.kommun.id)
    assert queued_to() == sorted([world.kommun_politician.email, world.kommun_official.email])
    assert world.kommun.name in mailing.wait_for(2)[0]["Subject"]


# -- the account's choice, no mail server, failures, retention ----------------------------------

def _account_client(app, email: str, password: str = DEMO_PASSWORD):
    client = app.test_client()
    assert log_in(client, email, password).status_code == 302
    return client


def test_turning_one_kind_off_on_the_account_page_stops_that_kind_only(app, world, mailing):
    client = _account_client(app, world.region_politician.email)
    page = client.get("/account").get_data(as_text=True)
    assert page.count('type="checkbox"') == 4 and page.count("checked") == 4
    response = client.post("/account/mail", data={
        "csrf_token": csrf_token(client, "/account"),
        "signature_requested": "y", "question_directed": "y",
        "reminders": "y"})  # "signature_cleared" off
    assert response.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert "Dina e-postval är sparade." in page
    assert page.count("checked") == 3
    db.session.expire_all()

    draft = joint_draft(world)  # asked to sign: still mailed
    assert world.region_politician.email in queued_to()
    sign(draft, world.region_politician)
    count = queued_to().count(world.region_politician.email)
    with unit_of_work():
        responses.edit(draft, world.kommun_politician, stance="yes", text=TEXT)
    assert queued_to().count(world.region_politician.email) == count  # cleared: not mailed
    _ask(world, directed_user_id=world.region_politician.id)
    assert queued_to().count(world.region_politician.email) == count + 1  # a question: mailed


def test_the_settings_are_the_account_holders_own_and_audited(app, world):
    from samskapande.accounts.services import AccountRefusal, set_mail_preferences
    from samskapande.audit.models import AuditEvent

    with pytest.raises(AccountRefusal):
        set_mail_preferences(world.region_politician, world.kommun_politician,
                             question_directed=False)
    assert set_mail_preferences(world.region_politician, world.region_politician,
                                question_directed=False)
    assert not set_mail_preferences(world.region_politician, world.region_politician,
                                    question_directed=False)  # a double submit: no change
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "account.mail_settings_changed")).all()
    assert len(events) == 1 and events[0].details["question_directed"] is False


def test_without_a_mail_server_nothing_is_queued(app, world):
    app.config["MAIL_SERVER"] = None
    response = joint_draft(world)
    sign(response, world.region_politician)
    with unit_of_work():
        responses.edit(response, world.kommun_politician, stance="yes", text=TEXT)
    _ask(world, directed_user_id=world.region_politician.id)
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0
    page = _account_client(app, world.region_politician.email).get("/account")
    assert "E-post är inte påslagen" in page.get_data(as_text=True)


def test_a_mail_that_cannot_be_made_fails_the_change_with_it(world, mailing, monkeypatch):
    """The residents' rule: the change and its mails are stored together or not at all."""
    from samskapande.notifications import staff

    response = joint_draft(world)
    sign(response, world.region_politician)
    response_id, queued = response.id, len(queued_to())

    def broken(*args, **kwargs):
        raise RuntimeError("the mail template is broken")

    monkeypatch.setattr(staff, "_render_signature", broken)
    with pytest.raises(RuntimeError), unit_of_work():
        responses.edit(response, world.kommun_politician, stance="yes", text="Ny text")
    db.session.expire_all()
    response = db.session.get(Response, response_id)
    assert (response.stance, response.text) == ("partly", TEXT)
    assert [link.signed_by_id for link in response.organisations
            if link.organisation_id == world.region.id] == [world.region_politician.id]
    assert len(queued_to()) == queued


def test_sent_staff_mails_are_forgotten_after_thirty_days(world, mailing):
    joint_draft(world)
    mails = db.session.scalars(select(OutboxMail)).all()
    assert mails and all(mail.sent_at is not None for mail in mails)
    for mail in mails:
        mail.sent_at -= timedelta(days=31)
    db.session.commit()
    send_pending()
    assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_a_deleted_account_takes_its_waiting_mails_with_it(app, world):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_BACKGROUND=False,
                      MAIL_TIMEOUT=1, MAIL_USE_TLS=False)
    with unit_of_work():
        responses.create_draft(world.round, world.region_politician, theme=world.theme,
                               stance="partly", text=TEXT,
                               organisation_ids={world.kommun.id, world.region.id}, limits=LIMITS)
    assert queued_to() == [world.kommun_politician.email]
    user = db.session.scalar(select(User).where(User.email == world.kommun_official.email))
    waiting = OutboxMail(user_id=user.id, to_address=user.email, subject="x", body="x",
                         unsubscribe_url="https://samskapande.test/account")
    db.session.add(waiting)
    db.session.commit()
    db.session.delete(user)
    db.session.commit()
    assert queued_to() == [world.kommun_politician.email]


# -- the settings form takes bad input -------------------------------------------------------

@pytest.mark.parametrize("value", CORPUS)
def test_the_mail_settings_form_takes_bad_input(app, world, value):
    client = _account_client(app, world.kommun_official.email, PASSWORD)
    response = client.post("/account/mail", data={
        "csrf_token": csrf_token(client, "/account"), "signature_requested": value,
        "signature_cleared": value, "question_directed": value})
    assert_handled(response, value)
    assert client.get("/account").status_code == 200


def test_a_stale_settings_form_is_refused_with_a_reason_and_changes_nothing(app, world):
    client = _account_client(app, world.kommun_official.email, PASSWORD)
    response = client.post("/account/mail", data={"csrf_token": "stale"})
    assert response.status_code == 400
    assert "Formuläret hade slutat gälla" in response.get_data(as_text=True)
    db.session.expire_all()
    user = db.session.get(User, world.kommun_official.id)
    assert user.mail_signature_requested and user.mail_question_directed
