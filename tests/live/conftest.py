"""Every event a test of this package emits is checked against its declaration."""

from tests.realtime.event_checks import checked_events  # noqa: F401  (an autouse fixture)
