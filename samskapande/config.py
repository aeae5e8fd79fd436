"""Settings from environment variables, with defaults that are safe for local use.

Every setting a deployment may change is read here and documented in the README and
in `.env.example`. Production mode refuses to start without an explicit secret key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LANGUAGES = {"sv": "Svenska", "en": "English", "fi": "Suomi"}


class ConfigError(RuntimeError):
    """The configuration cannot be used as it is; the message says what to set."""


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _local_secret_key(instance: Path) -> str:
    """Read the key generated for this checkout, creating it on first use."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load_config(overrides: dict | None = None) -> dict:
    """Build the Flask configuration from the environment and the given overrides."""
    overrides = dict(overrides or {})
    env = overrides.pop("ENV", None) or os.environ.get("SAMSKAPANDE_ENV", "development")
    if env not in {"development", "production", "testing"}:
        raise ConfigError(
            f"SAMSKAPANDE_ENV must be development, production or testing, not {env!r}"
        )
    production = env == "production"
    instance = Path(
        overrides.pop("INSTANCE_PATH", None)
        or os.environ.get("SAMSKAPANDE_INSTANCE_PATH")
        or ROOT / "instance"
    )

    secret_key = overrides.pop("SECRET_KEY", None) or os.environ.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigError("SECRET_KEY must be set when SAMSKAPANDE_ENV=production.")
        secret_key = _local_secret_key(instance)

    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'samskapande.db'}"
    if database_url.startswith("postgres://"):
        # Heroku-style URLs name a dialect SQLAlchemy no longer accepts.
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")

    config = {
        "SAMSKAPANDE_ENV": env,
        "PRODUCTION": production,
        "TESTING": env == "testing",
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        # Connections kept open per process: a room answering at once needs more than
        # SQLAlchemy's 5, and a connection opened for the overflow is closed again after
        # its one transaction (PostgreSQL starts a backend process for each).
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_pre_ping": True,
            "pool_size": int(os.environ.get("DATABASE_POOL_SIZE", "15")),
            "max_overflow": int(os.environ.get("DATABASE_MAX_OVERFLOW", "10")),
        },
        "SOCKETIO_MESSAGE_QUEUE": os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None,
        # Where the live rate limits count (realtime.limits): none means the queue's Redis,
        # or this process's memory without one. The prefix keeps apps on one Redis apart.
        "RATE_LIMIT_STORAGE_URL": os.environ.get("RATE_LIMIT_STORAGE_URL") or None,
        "RATE_LIMIT_KEY_PREFIX": os.environ.get("RATE_LIMIT_KEY_PREFIX") or "samskapande:rate",
        "BABEL_DEFAULT_LOCALE": os.environ.get("DEFAULT_LOCALE", "sv"),
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("DEFAULT_TIMEZONE", "Europe/Stockholm"),
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "LANGUAGES": LANGUAGES,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", production),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES", "5")),
        "LOGIN_WINDOW_SECONDS": int(os.environ.get("LOGIN_WINDOW_SECONDS", "900")),
        # Residents' codes and joining (accounts.throttle): strict per code tried, generous
        # per address, since a meeting hall puts fifty people behind one router.
        "RESUME_MAX_FAILURES_PER_CODE": int(os.environ.get("RESUME_MAX_FAILURES_PER_CODE", "5")),
        "RESUME_MAX_FAILURES_PER_ADDRESS": int(
            os.environ.get("RESUME_MAX_FAILURES_PER_ADDRESS", "60")),
        "JOIN_MAX_PER_ADDRESS_PER_10_SECONDS": int(
            os.environ.get("JOIN_MAX_PER_ADDRESS_PER_10_SECONDS", "25")),
        "JOIN_MAX_PER_ADDRESS_PER_MINUTE": int(
            os.environ.get("JOIN_MAX_PER_ADDRESS_PER_MINUTE", "120")),
        "TICKET_MAX_FAILURES_PER_ADDRESS": int(
            os.environ.get("TICKET_MAX_FAILURES_PER_ADDRESS", "40")),
        "LOOKUP_MAX_FAILURES_PER_ADDRESS": int(
            os.environ.get("LOOKUP_MAX_FAILURES_PER_ADDRESS", "20")),
        "INVITATION_VALID_DAYS": int(os.environ.get("INVITATION_VALID_DAYS", "7")),
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        "TERMINAL_IDLE_SECONDS": int(os.environ.get("TERMINAL_IDLE_SECONDS", "180")),
        # Defaults for the privacy notice and accessibility statement; admins may
        # override them at /admin/privacy.
        "PRIVACY_CONTROLLER_NAME": os.environ.get("PRIVACY_CONTROLLER_NAME", ""),
        "PRIVACY_CONTROLLER_CONTACT": os.environ.get("PRIVACY_CONTROLLER_CONTACT", ""),
        "PRIVACY_DPO_CONTACT": os.environ.get("PRIVACY_DPO_CONTACT", ""),
        "PRIVACY_RETENTION_TEXT": os.environ.get("PRIVACY_RETENTION_TEXT", ""),
        "ACCESSIBILITY_ASSESSED_ON": os.environ.get("ACCESSIBILITY_ASSESSED_ON", ""),
        # E-mail to residents who consented; no MAIL_SERVER means no mail at all.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", True),
        "MAIL_USE_SSL": _flag("MAIL_USE_SSL", False),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Samskapande <noreply@localhost>"),
        "MAIL_TIMEOUT": int(os.environ.get("MAIL_TIMEOUT", "15")),
        "MAIL_BACKGROUND": _flag("MAIL_BACKGROUND", True),
        # The address residents reach the site at, for links in e-mail (https://...).
        "PUBLIC_URL": os.environ.get("PUBLIC_URL") or None,
        # A theme suggestion run not finished this long after it started lost its worker,
        # and so did one whose heartbeat (every few seconds while it computes) stopped.
        "THEME_RUN_STALE_SECONDS": int(os.environ.get("THEME_RUN_STALE_SECONDS", "600")),
        "THEME_RUN_HEARTBEAT_SECONDS": float(os.environ.get("THEME_RUN_HEARTBEAT_SECONDS",
                                                            "5")),
        "THEME_RUN_LOST_SECONDS": float(os.environ.get("THEME_RUN_LOST_SECONDS", "30")),
    }
    if config["BABEL_DEFAULT_LOCALE"] not in LANGUAGES:
        raise ConfigError(f"DEFAULT_LOCALE must be one of {', '.join(LANGUAGES)}.")
    if not (config["RATE_LIMIT_STORAGE_URL"] or "memory://").startswith(("memory://", "redis")):
        raise ConfigError("RATE_LIMIT_STORAGE_URL must be memory:// or redis://….")
    config.update(overrides)
    return config
