"""Choosing the interface language: the visitor's own choice, else the default (Swedish)."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale

from samskapande.extensions import babel

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    if not has_request_context():  # the command line, background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def language_context():
        return {"languages": app.config["LANGUAGES"], "current_locale": str(get_locale())}
