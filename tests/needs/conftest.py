import pytest

from samskapande.extensions import db
from tests.browser.test_journeys import browser, browsing  # noqa: F401  (browser fixtures)


@pytest.fixture
def rctx(app):
    """A request context: rules that refuse give a translated message, which needs a locale."""
    with app.test_request_context():
        yield
        db.session.rollback()
