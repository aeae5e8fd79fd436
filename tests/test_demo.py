"""`samskapande demo` loads the Näsåker round, the same way however often it runs."""

import pytest
from sqlalchemy import inspect, select, text

from samskapande.accounts.models import User
from samskapande.areas.models import Goal, ModelArea, Organisation
from samskapande.core.transaction import unit_of_work
from samskapande.demo import DemoRefused, load_demo
from samskapande.extensions import db
from samskapande.live.models import Meeting, Message
from samskapande.needs.models import Need
from samskapande.responses.models import Response, ResponseStatus
from samskapande.rounds.models import Phase, Round
from samskapande.themes.models import Theme

DEMO_STAFF = {
    "admin@demo.samskapande.se": "admin",
    "facilitator@demo.samskapande.se": "facilitator",
    "tjansteperson@demo.samskapande.se": "official",
    "politiker.region@demo.samskapande.se": "politician",
    "politiker.kommun@demo.samskapande.se": "politician",
}


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
    assert first["need"], "the demo loaded nothing"


def test_the_demo_holds_the_nasaker_round(app, ctx):
    load_demo(production=False)
    names = set(db.session.scalars(select(Organisation.name)))
    assert names == {"Region Västernorrland", "Sollefteå kommun"}
    area = db.session.scalar(select(ModelArea))
    assert area.name == "Sollefteå – Näsåker"
    assert 4 <= db.session.scalar(select(db.func.count(Goal.id))) <= 6
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
        "Region Västernorrland", "Sollefteå kommun"}


def test_the_demo_refuses_a_production_installation(app, ctx):
    with pytest.raises(DemoRefused):
        load_demo(production=True)
    assert db.session.scalar(select(db.func.count(Round.id))) == 0


def test_last_years_round_is_followed_up_with_work_waiting(app, ctx):
    load_demo(production=False)
    past = db.session.scalar(select(Round).where(Round.code == "NASAKER25"))
    assert past.phase == Phase.FOLLOW_UP and past.themes_published_at is not None
    responses = db.session.scalars(select(Response).join(Theme).where(
        Theme.round_id == past.id)).all()
    published = [r for r in responses if r.status == ResponseStatus.PUBLISHED]
    drafts = [r for r in responses if r.status == ResponseStatus.DRAFT]
    assert len(published) == 1 and len(drafts) == 1
    assert {link.organisation.name for link in published[0].organisations
            if link.signed_by_id} == {"Region Västernorrland", "Sollefteå kommun"}
    assert [link.organisation.name for link in drafts[0].organisations
            if link.signed_by_id is None] == ["Sollefteå kommun"]
    statuses = sorted(c.status for c in published[0].commitments)
    assert statuses == ["done", "in_progress", "planned"]
    unanswered = db.session.scalars(select(Message).join(Meeting).where(
        Meeting.round_id == past.id, Message.kind == "question",
        Message.answered_at.is_(None))).all()
    assert [m.directed_organisation_id for m in unanswered] == [
        db.session.scalar(select(Organisation.id).where(Organisation.kind == "region"))]


@pytest.mark.parametrize("email", sorted(DEMO_STAFF))
def test_every_demo_account_finds_something_to_do(app, email):
    from samskapande.inbox.services import todo

    with app.app_context():
        with unit_of_work():
            load_demo(production=False)
        user = db.session.scalar(select(User).where(User.email == email))
        with app.test_request_context():
            kinds = {kind for kind, _heading, items in todo(user) if items}
    assert kinds, f"{email} has nothing to do in the demo"
    expected = {
        "politiker.kommun@demo.samskapande.se": {"sign", "commitment"},
        "politiker.region@demo.samskapande.se": {"question", "commitment"},
        "tjansteperson@demo.samskapande.se": {"question", "commitment"},
    }.get(email, {"respond"})
    assert expected <= kinds
