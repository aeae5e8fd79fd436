"""Every event a test of this package emits is checked against its declaration."""

from tests.realtime.event_checks import (  # noqa: F401  (an autouse fixture and its marker)
    checked_events,
    pytest_configure,
)
