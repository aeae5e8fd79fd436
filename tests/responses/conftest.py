"""A round that is answering: the demo, moved to the respond phase, with a published theme.

`world` gives the people of the demo (the region's and the municipality's politicians,
the region's official, the facilitator, the admin) plus an official authorised to sign,
a municipal official and a politician of an organisation outside the model area.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.areas.models import Organisation
from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.rounds.models import Phase, Round
from samskapande.themes import services as themes
from tests.conftest import PASSWORD


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _add_user(email: str, name: str, role: str, organisation, **values) -> User:
    user = User(email=email, name=name, role=role, title=values.pop("title", "Handläggare"),
                organisation=organisation, **values)
    user.set_password(PASSWORD)
    db.session.add(user)
    return user


def build_world(round_id: int) -> SimpleNamespace:
    """Move the demo round to responding, with one published theme of three needs."""
    round_ = db.session.get(Round, round_id)
    region = db.session.scalar(select(Organisation).where(Organisation.kind == "region"))
    kommun = next(o for o in round_.model_area.organisations if o.kind == "municipality")
    other = Organisation(name="Bortre kommun", kind="municipality")
    db.session.add(other)
    facilitator = _user("facilitator@demo.samskapande.se")
    needs = list(db.session.scalars(select(Need).where(Need.round_id == round_.id,
                                                      Need.status == "visible")
                                    .order_by(Need.id)))
    theme = themes.create_theme(round_, facilitator, "Resor till vården", "Bussar och färdtjänst")
    for need in needs[:3]:
        themes.move_need(need, theme, facilitator)
    themes.accept(theme, facilitator)
    themes.publish(round_, facilitator)
    round_.phase = Phase.RESPOND
    people = SimpleNamespace(
        admin=_user("admin@demo.samskapande.se"),
        facilitator=facilitator,
        region_official=_user("tjansteperson@demo.samskapande.se"),
        region_politician=_user("politiker.region@demo.samskapande.se"),
        kommun_politician=_user("politiker.kommun@demo.samskapande.se"),
        region_signing_official=_add_user("signerar@region.example.se", "Sara Signér",
                                          "official", region, may_sign=True),
        kommun_official=_add_user("handlaggare@kommun.example.se", "Olle Omsorg",
                                  "official", kommun),
        other_politician=_add_user("politiker@bortre.example.se", "Berit Bortre",
                                   "politician", other, party="M", title="Kommunalråd"),
    )
    db.session.commit()
    return SimpleNamespace(round=round_, theme=theme, needs=needs[:3], region=region,
                           kommun=kommun, other=other, **vars(people))


@pytest.fixture
def world(app, demo):
    """The answering round, inside a request context (refusals are translated messages)."""
    with app.test_request_context():
        yield build_world(demo["round_id"])
        db.session.rollback()
