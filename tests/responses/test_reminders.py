"""`samskapande remind`: mails about commitments 14 days before their date, on the date,
and after 90 days without an update; once per commitment and reason, whatever the runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from samskapande.cli import main
from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.notifications.models import CommitmentReminder, OutboxMail
from samskapande.notifications.reminders import remind
from samskapande.responses import services
from samskapande.responses.commitments import add_commitment, post_update
from tests.responses import smtp_sink as sink
from tests.responses.smtp_sink import configure_mail

smtp_sink = sink.smtp_sink  # the fixture

DUE = date(2027, 6, 1)
ROLE = "verksamhetschef primärvård, Region Västernorrland"


def at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=UTC)


@pytest.fixture
def mailing(app, world, smtp_sink):
    configure_mail(app, smtp_sink)
    return smtp_sink


def published(world, *, due_on=DUE, holder=None, published_on=None):
    """A public commitment of the region, published `published_on` (20 days before its
    date unless said), so that only the reminders a test looks at are due."""
    response = services.create_draft(world.round, world.region_politician, theme=world.theme,
                                     stance="yes", text="Ja.",
                                     organisation_ids={world.region.id})
    commitment = add_commitment(response, world.region_politician,
                                organisation_id=world.region.id, text="Provtagning i Näsåker",
                                due_on=due_on, responsible_role=ROLE,
                                holder_id=holder.id if holder else None)
    services.sign(response, world.region_politician, services.fingerprint(response))
    response.published_at = at(published_on or (due_on - timedelta(days=20)))
    commitment.created_at = response.published_at
    db.session.commit()
    return commitment


def run(day: date) -> list[tuple[str, list[str]]]:
    with unit_of_work():
        sent = remind(day)
    return [(r.reason, sorted(u.email for u in r.recipients)) for r in sent]


def reasons(day: date) -> list[str]:
    return [reason for reason, _to in run(day)]


def mails() -> list[OutboxMail]:
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


# -- the dates ---------------------------------------------------------------------------------

def test_reminders_at_each_boundary_of_the_due_date(world, mailing):
    published(world)
    assert reasons(DUE - timedelta(days=15)) == []
    assert reasons(DUE - timedelta(days=14)) == ["soon"]
    assert reasons(DUE - timedelta(days=13)) == []
    assert reasons(DUE - timedelta(days=1)) == []
    assert reasons(DUE) == ["due"]
    assert reasons(DUE + timedelta(days=1)) == []
    assert db.session.scalar(select(func.count()).select_from(CommitmentReminder)) == 2
    assert len(mails()) == 2 * 2  # the region's politician and its signing official, twice


def test_a_missed_run_catches_up_once(world, mailing):
    published(world)
    assert reasons(DUE - timedelta(days=5)) == ["soon"]  # cron was down on the 14th day
    assert reasons(DUE + timedelta(days=3)) == ["due"]  # and on the day itself
    assert reasons(DUE + timedelta(days=4)) == []


def test_after_90_days_without_an_update_and_again_90_days_after_the_next(world, mailing):
    start = date(2027, 1, 10)
    commitment = published(world, due_on=None, published_on=start)
    assert reasons(start + timedelta(days=89)) == []
    assert reasons(start + timedelta(days=90)) == ["quiet"]
    assert reasons(start + timedelta(days=91)) == []
    post_update(commitment, world.region_politician, text="Lokalen är klar.",
                status="in_progress")
    commitment.updates[-1].created_at = at(start + timedelta(days=100))  # an update resets
    db.session.commit()
    assert reasons(start + timedelta(days=189)) == []
    assert reasons(start + timedelta(days=190)) == ["quiet"]


def test_a_done_or_given_up_commitment_gets_none(world, mailing):
    done = published(world)
    post_update(done, world.region_politician, text="Klart.", status="done")
    given_up = add_commitment(done.response, world.region_politician,
                              organisation_id=world.region.id, text="Kvällsöppet",
                              due_on=DUE, responsible_role=ROLE)
    given_up.created_at = done.created_at
    post_update(given_up, world.region_politician, text="Ingen lokal.", status="not_done")
    for update in done.updates + given_up.updates:
        update.created_at = at(DUE - timedelta(days=20))
    db.session.commit()
    for day in (DUE - timedelta(days=14), DUE, DUE + timedelta(days=200)):
        assert reasons(day) == []
    assert mails() == []


# -- who is mailed -----------------------------------------------------------------------------

def test_the_holder_is_reminded_and_nobody_else(world, mailing):
    commitment = published(world, holder=world.region_official)
    assert run(DUE) == [("due", [world.region_official.email])]
    mail = mails()[0]
    assert mail.user_id == world.region_official.id
    assert "Provtagning i Näsåker" in mail.subject
    assert ROLE in mail.body
    assert f"https://samskapande.test/staff/commitments/{commitment.id}/update" in mail.body
    assert "har den roll som ansvarar" in mail.body


def test_without_a_holder_the_organisations_signers_are_reminded(world, mailing):
    published(world)
    assert run(DUE) == [("due", sorted([world.region_politician.email,
                                        world.region_signing_official.email]))]
    assert "får skriva under för Region Västernorrland" in mails()[0].body


def test_a_deactivated_holder_leaves_it_to_the_signers(world, mailing):
    published(world, holder=world.region_official)
    world.region_official.active = False
    db.session.commit()
    assert run(DUE)[0][1] == sorted([world.region_politician.email,
                                     world.region_signing_official.email])


def test_a_holder_who_turned_reminders_off_gets_none(world, mailing):
    published(world, holder=world.region_official)
    world.region_official.mail_reminders = False
    db.session.commit()
    assert run(DUE) == [("due", [])]
    assert mails() == []
    assert reasons(DUE + timedelta(days=1)) == []  # its moment passed: not sent later


# -- the command ---------------------------------------------------------------------------------

def cli(app, *args):
    result = app.test_cli_runner().invoke(main, ["remind", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_running_remind_twice_on_one_day_sends_nothing_more(app, world, mailing):
    published(world)
    first = cli(app, "--today", DUE.isoformat())
    assert "Reminded (due)" in first and world.region_politician.email in first
    assert len(mails()) == 2
    second = cli(app, "--today", DUE.isoformat())
    assert "No reminders" in second
    assert len(mails()) == 2
    assert len(mailing.wait_for(2)) == 2


def test_a_dry_run_lists_and_changes_nothing(app, world, mailing):
    published(world)
    output = cli(app, "--dry-run", "--today", DUE.isoformat())
    assert "Would remind (due)" in output and world.region_politician.email in output
    db.session.expire_all()
    assert mails() == []
    assert db.session.scalar(select(func.count()).select_from(CommitmentReminder)) == 0
    assert "Reminded (due)" in cli(app, "--today", DUE.isoformat())  # the real run still does


def test_without_a_mail_server_nothing_is_sent_or_recorded(app, world):
    app.config["MAIL_SERVER"] = None
    published(world)
    assert "MAIL_SERVER is not set" in cli(app, "--today", DUE.isoformat())
    assert db.session.scalar(select(func.count()).select_from(CommitmentReminder)) == 0


def test_a_bad_date_is_refused_with_a_message(app, world):
    result = app.test_cli_runner().invoke(main, ["remind", "--today", "2027-13-45"])
    assert result.exit_code != 0 and "Invalid value for '--today'" in result.output
    assert db.session.scalar(select(func.count()).select_from(CommitmentReminder)) == 0
