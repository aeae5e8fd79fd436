from tests.admin.conftest import admin, admin_client, areas  # noqa: F401  (fixtures)
