"""Samskapande: dialogue rounds between residents, officials and politicians."""

from __future__ import annotations

import os

from flask import Flask
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from samskapande.config import ROOT, load_config
from samskapande.extensions import babel, csrf, db, login_manager, migrate, socketio


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app from the environment; `overrides` replace settings (tests use this)."""
    config = load_config(overrides)
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=config["INSTANCE_PATH"],
    )
    app.config.update(config)
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    from samskapande.core.lookup import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any route is registered
    _init_extensions(app)
    _register_blueprints(app)
    _connect_signals()
    return app


def _connect_signals() -> None:
    """Who reacts to which signal of samskapande.core.signals, written down in one place.

    Blinker calls receivers in no set order; none of them depends on another having run.
    """
    from samskapande.live import erasure as live_erasure
    from samskapande.needs import erasure as needs_erasure
    from samskapande.notifications import erasure as notifications_erasure
    from samskapande.notifications import services as notifications
    from samskapande.rounds import erasure as rounds_erasure
    from samskapande.voting import erasure as voting_erasure

    notifications.connect_signals()
    for package in (notifications_erasure, live_erasure, voting_erasure, needs_erasure,
                    rounds_erasure):
        package.connect_signals()


def _init_extensions(app: Flask) -> None:
    from samskapande import models  # noqa: F401  (the whole schema, for Alembic)
    from samskapande.accounts.services import load_user
    from samskapande.core import database  # noqa: F401  (SQLite pragmas)
    from samskapande.core.compression import init_compression
    from samskapande.core.concurrency import socketio_async_mode
    from samskapande.core.i18n import init_i18n
    from samskapande.core.security import init_security
    from samskapande.core.transaction import init_transactions

    # Socket.IO handlers must be declared before the first init_app: Flask-SocketIO only
    # carries handlers over to the servers of later apps if none existed when they were
    # declared.
    from samskapande.live import connect, sockets, staff_sockets  # noqa: F401
    from samskapande.ops.logging import init_logging
    from samskapande.realtime.limits import init_rate_limits, origin_check

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in to see that page.")
    login_manager.login_message_category = "info"
    babel.init_app(app)
    csrf.init_app(app)
    socketio.init_app(
        app,
        async_mode=socketio_async_mode(),
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        # Several apps sharing one Redis keep apart by channel (docs/realtime.md).
        channel=app.config.get("SOCKETIO_CHANNEL") or os.environ.get("SOCKETIO_CHANNEL")
        or "flask-socketio",
        manage_session=False,
        cors_allowed_origins=origin_check(app),
    )
    init_rate_limits(app)
    init_transactions(app)
    init_i18n(app)
    init_security(app)
    init_compression(app)
    init_logging(app)


def _register_blueprints(app: Flask) -> None:
    from samskapande.accounts.views import bp as accounts_bp
    from samskapande.admin.views import bp as admin_bp
    from samskapande.audit.views import bp as audit_bp
    from samskapande.core.errors import register_error_handlers
    from samskapande.core.views import bp as core_bp
    from samskapande.inbox.views import bp as inbox_bp
    from samskapande.live.views import bp as live_bp
    from samskapande.manage.views import bp as manage_bp
    from samskapande.needs.views import bp as needs_bp
    from samskapande.notifications.views import bp as notifications_bp
    from samskapande.ops.health import bp as ops_bp
    from samskapande.privacy.views import bp as privacy_bp
    from samskapande.reports.views import bp as reports_bp
    from samskapande.residents.area_page import bp as areas_bp
    from samskapande.residents.views import bp as residents_bp
    from samskapande.responses.mandate_views import bp as mandates_bp
    from samskapande.responses.public import bp as responses_public_bp
    from samskapande.responses.views import bp as responses_bp
    from samskapande.rounds.views import bp as rounds_bp
    from samskapande.terminal.views import bp as terminal_bp
    from samskapande.themes.views import bp as themes_bp
    from samskapande.voting.views import bp as voting_bp

    app.register_blueprint(residents_bp)
    app.register_blueprint(core_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(rounds_bp)
    app.register_blueprint(inbox_bp)
    app.register_blueprint(live_bp)
    app.register_blueprint(needs_bp)
    app.register_blueprint(voting_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(terminal_bp)
    app.register_blueprint(themes_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(areas_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(ops_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(responses_bp)
    app.register_blueprint(responses_public_bp)
    app.register_blueprint(mandates_bp)
    app.register_blueprint(notifications_bp)
    register_error_handlers(app)
