"""`samskapande demo` loads two model areas and four rounds, the same however often it runs."""

from datetime import timedelta

import pytest
from sqlalchemy import inspect, select, text

from samskapande.accounts.models import User
from samskapande.areas.models import Goal, ModelArea, Organisation
from samskapande.audit.models import AuditEvent
from samskapande.core.transaction import unit_of_work
from samskapande.demo import DemoRefused, load_demo
from samskapande.extensions import db
from samskapande.live.models import Meeting, Message, Poll, PollAnswer
from samskapande.needs.models import Need
from samskapande.responses.models import Response, ResponseStatus
from samskapande.responses.services import local_today
from samskapande.rounds.models import Phase, Round
from samskapande.themes.models import Theme
from samskapande.voting.models import Vote

DEMO_STAFF = {
    "admin@demo.samskapande.se": "admin",
    "facilitator@demo.samskapande.se": "facilitator",
    "tjansteperson@demo.samskapande.se": "official",
    "politiker.region@demo.samskapande.se": "politician",
    "politiker.kommun@demo.samskapande.se": "politician",
    "facilitator.norrbotten@demo.samskapande.se": "facilitator",
    "tjansteperson.norrbotten@demo.samskapande.se": "official",
    "politiker.norrbotten@demo.samskapande.se": "politician",
    "politiker.haparanda@demo.samskapande.se": "politician",
}
NORRBOTTEN = {"Region Norrbotten", "Haparanda kommun", "Övertorneå kommun", "Kalix kommun",
              "Överkalix kommun"}


def snapshot() -> dict:
    """Every row of every table, without password hashes (salted anew by design)."""
    tables = {}
    with db.engine.connect() as connection:
        for name in sorted(inspect(connection).get_table_names()):
            rows = connection.execute(text(f'SELECT * FROM "{name}"')).mappings().all()
            tables[name] = sorted(
                tuple(sorted((k, str(v)) for k, v in row.items() if k != "password_hash"))
                 for row in rows
            )
    return tables


def test_running_the_demo_twice_leaves_the_same_data(app, ctx):
    with unit_of_work():  # as `samskapande demo` runs it: the snapshot reads committed rows
        load_demo(production=False)
    first = snapshot()
    with unit_of_work():
        load_demo(production=False)
    assert snapshot() == first
    assert len(first["model_area"]) == 2 and len(first["round"]) == 4
    assert first["need"] and first["commitment_update"], "the demo loaded nothing"


def test_the_test_suites_demo_is_only_todays_round(app, ctx):
    load_demo(production=False, past_round=False, second_area=False)
    assert [r.code for r in db.session.scalars(select(Round))] == ["NASAKER"]
    assert db.session.scalar(select(db.func.count(ModelArea.id))) == 1


def test_the_demo_holds_the_nasaker_round(app, ctx):
    load_demo(production=False)
    area = db.session.scalar(select(ModelArea).where(ModelArea.slug == "solleftea-nasaker"))
    assert area.name == "Sollefteå – Näsåker"
    assert {org.name for org in area.organisations} == {"Region Västernorrland",
                                                        "Sollefteå kommun"}
    assert 4 <= db.session.scalar(select(db.func.count(Goal.id)).where(
        Goal.model_area_id == area.id)) <= 6
    round_ = db.session.scalar(select(Round).where(Round.code == "NASAKER"))
    assert round_.phase == Phase.COLLECT
    needs = db.session.scalars(select(Need).where(Need.round_id == round_.id)).all()
    assert 25 <= len(needs) <= 35
    assert db.session.scalar(select(db.func.count(Meeting.id)).where(
        Meeting.round_id == round_.id)) == 1


def test_the_demo_staff_log_in_with_password_demo(app, ctx):
    load_demo(production=False)
    users = {u.email: u for u in db.session.scalars(select(User))}
    assert {email: u.role for email, u in users.items()} == DEMO_STAFF
    assert all(u.check_password("demo") for u in users.values())
    politicians = [u for u in users.values() if u.role == "politician"]
    assert all(u.party and u.organisation for u in politicians)
    assert {u.organisation.name for u in politicians} == {
        "Region Västernorrland", "Sollefteå kommun", "Region Norrbotten", "Haparanda kommun"}
    assert [area.slug for area in users[
        "facilitator.norrbotten@demo.samskapande.se"].model_areas] == ["ostra-norrbotten"]


def test_the_demo_refuses_a_production_installation(app, ctx):
    with pytest.raises(DemoRefused):
        load_demo(production=True)
    assert db.session.scalar(select(db.func.count(Round.id))) == 0


def test_last_years_round_went_through_every_phase_and_is_closed(app, ctx):
    load_demo(production=False)
    past = db.session.scalar(select(Round).where(Round.code == "NASAKER25"))
    assert past.phase == Phase.CLOSED and past.closed_at is not None
    changes = sorted(past.phase_changes, key=lambda change: change.id)
    assert [change.phase for change in changes] == [
        Phase.DRAFT, Phase.COLLECT, Phase.VOTE, Phase.MEET, Phase.SYNTHESISE, Phase.RESPOND,
        Phase.FOLLOW_UP, Phase.CLOSED]
    moments = [change.changed_at for change in changes]
    assert moments == sorted(moments)
    assert moments[-1].date() < local_today() - timedelta(days=20)  # closed a month ago
    assert db.session.scalar(select(db.func.count(AuditEvent.id)).where(
        AuditEvent.action == "round.phase_changed", AuditEvent.round_id == past.id)) == 7


def test_last_years_round_holds_the_whole_method(app, ctx):
    load_demo(production=False)
    past = db.session.scalar(select(Round).where(Round.code == "NASAKER25"))
    assert past.themes_published_at is not None
    themes = db.session.scalars(select(Theme).where(Theme.round_id == past.id)).all()
    assert len(themes) == 3 and all(theme.goals for theme in themes)
    assert db.session.scalar(select(db.func.count(Vote.id)).where(Vote.round_id == past.id))
    meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == past.id))
    posts = db.session.scalars(select(Message).where(Message.meeting_id == meeting.id)).all()
    assert [m for m in posts if m.answers] and [m for m in posts if m.kind == "message"]
    poll = db.session.scalar(select(Poll).where(Poll.meeting_id == meeting.id))
    assert db.session.scalar(select(db.func.count(PollAnswer.id)).where(
        PollAnswer.poll_id == poll.id)) == 6

    responses = db.session.scalars(select(Response).join(Theme).where(
        Theme.round_id == past.id)).all()
    assert len(responses) == 3
    assert all(r.status == ResponseStatus.PUBLISHED for r in responses)
    for response in responses:
        assert {link.organisation.name for link in response.organisations
                if link.signed_by_id} == {"Region Västernorrland", "Sollefteå kommun"}
    promised = [c for r in responses for c in r.commitments]
    today = local_today()
    assert {c.status for c in promised} == {"done", "in_progress", "planned"}
    assert [c.text for c in promised if c.status == "in_progress" and c.due_on > today]
    assert [c.text for c in promised if c.status == "in_progress" and c.due_on < today]
    assert all(c.updates for c in promised if c.status != "planned")


def test_the_closed_rounds_open_questions_wait_for_each_organisation(app, ctx):
    load_demo(production=False)
    past = db.session.scalar(select(Round).where(Round.code == "NASAKER25"))
    unanswered = db.session.scalars(select(Message).join(Meeting).where(
        Meeting.round_id == past.id, Message.kind == "question",
        Message.answered_at.is_(None))).all()
    assert sorted(db.session.get(Organisation, m.directed_organisation_id).name
                  for m in unanswered) == ["Region Västernorrland", "Sollefteå kommun"]


def test_ostra_norrbotten_is_a_second_model_area_collecting_needs(app, ctx):
    load_demo(production=False)
    area = db.session.scalar(select(ModelArea).where(ModelArea.slug == "ostra-norrbotten"))
    assert area.name == "Östra Norrbotten"
    assert {org.name for org in area.organisations} == NORRBOTTEN
    assert [org.kind for org in area.organisations].count("region") == 1
    assert 4 <= len(area.goals) <= 6
    round_ = db.session.scalar(select(Round).where(Round.model_area_id == area.id))
    assert round_.phase == Phase.COLLECT
    needs = db.session.scalars(select(Need).where(Need.round_id == round_.id)).all()
    visible = [need for need in needs if need.status == "visible"]
    assert len(visible) >= 8 and len(needs) - len(visible) == 2  # two wait for moderation
    assert db.session.scalar(select(db.func.count(Vote.id)).where(Vote.round_id == round_.id))


# What each demo account's "Att göra" shows. The closed round's drafts could no longer be
# signed and its themes no longer answered: what outlives it is its commitments and the
# meeting questions still unanswered. Ramsele's round, where the politicians respond,
# leaves a draft to sign, a signature removed by a change and themes waiting for a
# response. Every account has something waiting.
EXPECTED_TODO = {
    "admin@demo.samskapande.se": {"moderation", "respond"},
    "facilitator@demo.samskapande.se": {"respond"},
    "tjansteperson@demo.samskapande.se": {"question", "respond", "commitment"},
    "politiker.region@demo.samskapande.se": {"sign", "cleared", "question", "respond",
                                             "commitment"},
    "politiker.kommun@demo.samskapande.se": {"sign", "question", "respond", "commitment"},
    "facilitator.norrbotten@demo.samskapande.se": {"moderation"},
    "tjansteperson.norrbotten@demo.samskapande.se": {"question"},
    "politiker.norrbotten@demo.samskapande.se": {"question"},
    "politiker.haparanda@demo.samskapande.se": {"question"},
}


def _todo_of_every_account(app) -> dict:
    """Each demo account's "Att göra" as {e-mail: {kind: [item, ...]}}, the demo loaded."""
    from samskapande.inbox.services import todo

    with unit_of_work():
        load_demo(production=False)
    found = {}
    for email in DEMO_STAFF:
        user = db.session.scalar(select(User).where(User.email == email))
        with app.test_request_context():
            found[email] = {kind: items for kind, _heading, items in todo(user) if items}
    return found


def test_each_demo_account_finds_what_waits_for_it(app):
    with app.app_context():
        found = _todo_of_every_account(app)
    assert {email: set(kinds) for email, kinds in found.items()} == EXPECTED_TODO
    assert all(found[email] for email in DEMO_STAFF), "an account has nothing to do"


def test_the_work_waiting_is_the_right_work_for_each_organisation(app):
    with app.app_context():
        found = _todo_of_every_account(app)
    kommun = found["politiker.kommun@demo.samskapande.se"]
    region = found["politiker.region@demo.samskapande.se"]
    facilitator = found["facilitator@demo.samskapande.se"]
    official = found["tjansteperson@demo.samskapande.se"]
    ramsele = "Samskapande i Ramsele 2026"

    # Sollefteå kommun signs the draft the region has signed.
    [draft] = kommun["sign"]
    assert (draft.title, draft.context) == ("Läkemedel utan långa resor", ramsele)
    assert "Karin Fjällström (Region Västernorrland)" in " ".join(draft.notes)
    # The region's author learns who removed its signature, by changing what, and when.
    [cleared] = region["cleared"]
    assert cleared.title == "En distansmottagning i Ramsele"
    assert "Lars Älvhammar" in cleared.notes[0] and "Region Västernorrland" in cleared.notes[0]
    assert local_today() - timedelta(days=10) < cleared.when.date() < local_today()
    [to_sign_again] = region["sign"]
    assert to_sign_again.title == cleared.title and to_sign_again.diff
    # The theme nobody has answered: chased by the facilitator, waiting for both.
    chased = {item.title: item.notes for item in facilitator["respond"]}
    assert chased["Trygg hjälp när vintern kommer"] == [
        "Ingen organisation har börjat på ett svar än."]
    assert "Ett utkast väntar på underskrifter." in chased["Läkemedel utan långa resor"]
    for account in (kommun, region, official):
        assert [item.title for item in account["respond"]] == ["Trygg hjälp när vintern kommer"]
    # The region's unanswered question, and commitments due soon (the kommun's) and
    # overdue (the region's).
    for account in (region, official):
        assert [item.title for item in account["question"]] == [
            "När kommer det bättre mobiltäckning i byarna, så att videobesöken fungerar?"]
        assert any(note.startswith("Försenat") for item in account["commitment"]
                   for note in item.notes)
    today = local_today()
    assert any(today <= item.when <= today + timedelta(days=30)
               for item in kommun["commitment"])
    assert not any(item.when < today for item in kommun["commitment"])


def test_ramseles_round_went_phase_by_phase_to_the_politicians_responding(app, ctx):
    load_demo(production=False)
    ramsele = db.session.scalar(select(Round).where(Round.code == "RAMSELE26"))
    past = db.session.scalar(select(Round).where(Round.code == "NASAKER25"))
    today = db.session.scalar(select(Round).where(Round.code == "NASAKER"))
    assert ramsele.phase == Phase.RESPOND and ramsele.model_area_id == today.model_area_id
    changes = sorted(ramsele.phase_changes, key=lambda change: change.id)
    assert [change.phase for change in changes] == [
        Phase.DRAFT, Phase.COLLECT, Phase.VOTE, Phase.MEET, Phase.SYNTHESISE, Phase.RESPOND]
    moments = [change.changed_at for change in changes]
    assert moments == sorted(moments) and moments[-1].date() < local_today()
    assert db.session.scalar(select(db.func.count(AuditEvent.id)).where(
        AuditEvent.action == "round.phase_changed", AuditEvent.round_id == ramsele.id)) == 5

    def started(round_, phase):
        return next(dates.starts_on for dates in round_.schedule if dates.phase == phase)

    assert (started(past, Phase.COLLECT) < started(ramsele, Phase.COLLECT)
            < started(today, Phase.COLLECT))
    assert started(ramsele, Phase.RESPOND) <= local_today()
    needs = db.session.scalars(select(Need).where(Need.round_id == ramsele.id)).all()
    assert 10 <= len(needs) <= 14
    assert db.session.scalar(select(db.func.count(Vote.id)).where(Vote.round_id == ramsele.id))
    themes = db.session.scalars(select(Theme).where(Theme.round_id == ramsele.id)).all()
    assert len(themes) == 3 and all(theme.goals for theme in themes)
    assert ramsele.themes_published_at is not None
    responses = db.session.scalars(select(Response).join(Theme).where(
        Theme.round_id == ramsele.id)).all()
    assert sorted(r.status for r in responses) == [ResponseStatus.DRAFT,
                                                   ResponseStatus.PUBLISHED]


def test_the_closed_rounds_meeting_page_leads_to_the_follow_up_not_to_joining(app, client):
    with app.app_context():
        with unit_of_work():
            load_demo(production=False)
        past = db.session.scalar(select(Round).where(Round.code == "NASAKER25"))
        meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.round_id == past.id))
    page = client.get(f"/r/NASAKER25/meetings/{meeting_id}").get_data(as_text=True)
    assert 'id="round-closed"' in page and 'href="/r/NASAKER25/follow-up"' in page
    assert "#join-heading" not in page
    start = client.get("/").get_data(as_text=True)
    assert 'href="/areas/ostra-norrbotten"' in start and 'href="/areas/solleftea-nasaker"' in start
    assert start.index('id="closed-rounds"') < start.index('href="/r/NASAKER25"')
