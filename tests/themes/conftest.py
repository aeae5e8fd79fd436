"""The demo round and its facilitator, for the tests of the theme services."""

import pytest
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.extensions import db
from samskapande.rounds.models import Round


@pytest.fixture
def round_(app, ctx, demo):
    return db.session.get(Round, demo["round_id"])


@pytest.fixture
def maria(round_):
    return db.session.scalar(select(User).where(User.role == "facilitator"))
