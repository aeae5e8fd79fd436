from tests.admin.conftest import admin, admin_client, areas  # noqa: F401  (fixtures)
from tests.browser.test_journeys import browser, browsing  # noqa: F401  (fixtures)
