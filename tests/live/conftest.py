"""Every event a test of this package emits is checked against its declaration, and every
test starts with full rate buckets (ids repeat between test databases)."""

import pytest

from samskapande.realtime import limits
from tests.realtime.event_checks import (  # noqa: F401  (an autouse fixture and its marker)
    checked_events,
    pytest_configure,
)


@pytest.fixture(autouse=True)
def fresh_rate_buckets():
    limits.buckets.reset()
    yield
    limits.buckets.reset()
