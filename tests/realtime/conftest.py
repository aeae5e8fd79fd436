"""Every event a test of this package emits is checked against its declaration. (Rate
limits need no reset: each test's app counts in a memory of its own, realtime.limits.)"""

from tests.realtime.event_checks import (  # noqa: F401  (an autouse fixture and its marker)
    checked_events,
    pytest_configure,
)
