"""Choosing the interface language: the visitor's own choice (the language switch's
cookie), else the first of the browser's languages (`Accept-Language`) that the app
offers, else the default (Swedish)."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale

from samskapande.extensions import babel

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    if not has_request_context():  # the command line, background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    offered = current_app.config["LANGUAGES"]
    if chosen in offered:
        return chosen
    return (request.accept_languages.best_match(offered)
            or current_app.config["BABEL_DEFAULT_LOCALE"])


def vary_by_language(response):
    """A page differs by the language cookie and the browser's languages: say so to caches."""
    if response.mimetype == "text/html":
        response.vary.update(("Accept-Language", "Cookie"))
    return response


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(vary_by_language)

    @app.context_processor
    def language_context():
        return {"languages": app.config["LANGUAGES"], "current_locale": str(get_locale())}
