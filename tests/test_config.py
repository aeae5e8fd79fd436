"""Configuration comes from the environment and refuses unsafe production settings."""

import pytest

from samskapande import create_app
from samskapande.config import ConfigError, load_config


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SAMSKAPANDE_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"INSTANCE_PATH": tmp_path})


def test_local_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SAMSKAPANDE_ENV", "development")
    first = load_config({"INSTANCE_PATH": tmp_path})["SECRET_KEY"]
    second = load_config({"INSTANCE_PATH": tmp_path})["SECRET_KEY"]
    assert first == second and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_defaults_are_sqlite_under_instance_and_swedish(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "DEFAULT_LOCALE", "SOCKETIO_MESSAGE_QUEUE"):
        monkeypatch.delenv(name, raising=False)
    config = load_config({"INSTANCE_PATH": tmp_path, "SECRET_KEY": "x"})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'samskapande.db'}"
    assert config["BABEL_DEFAULT_LOCALE"] == "sv"
    assert config["SOCKETIO_MESSAGE_QUEUE"] is None


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example/samskapande")
    monkeypatch.setenv("SOCKETIO_MESSAGE_QUEUE", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("DEFAULT_LOCALE", "en")
    config = load_config({"INSTANCE_PATH": tmp_path, "SECRET_KEY": "x"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/samskapande"
    assert config["SOCKETIO_MESSAGE_QUEUE"] == "redis://127.0.0.1:6379/0"
    assert config["BABEL_DEFAULT_LOCALE"] == "en"


def test_unknown_default_locale_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("DEFAULT_LOCALE", "xx")
    with pytest.raises(ConfigError, match="DEFAULT_LOCALE"):
        load_config({"INSTANCE_PATH": tmp_path, "SECRET_KEY": "x"})


def test_a_rate_limit_storage_other_than_memory_or_redis_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("RATE_LIMIT_STORAGE_URL", "memcached://127.0.0.1:11211")
    with pytest.raises(ConfigError, match="RATE_LIMIT_STORAGE_URL"):
        load_config({"INSTANCE_PATH": tmp_path, "SECRET_KEY": "x"})


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("SAMSKAPANDE_ENV", "production")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    config = load_config({"INSTANCE_PATH": tmp_path, "SECRET_KEY": "x"})
    assert config["SESSION_COOKIE_SECURE"] is True
