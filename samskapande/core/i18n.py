"""Choosing the interface language: the visitor's own choice (the language switch's
cookie), else the first of the browser's languages (`Accept-Language`) that the app
offers, else the default (Swedish)."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app, has_request_context, request
from flask_babel import format_date, format_time, get_locale
from flask_babel import gettext as _

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


def clock(moment: datetime) -> str:
    """The time of day as residents write it, without seconds or zone: "18:30" in
    Swedish, "18.30" in Finnish, "6:30 PM" in English (the app's time zone)."""
    return format_time(moment, "short")


def day_and_time(moment: datetime) -> str:
    """A day with its time: "4 december 2026 kl. 18:30". Babel's "long" date and time
    would add seconds and the zone ("18:30:00 CET"), which nobody writes."""
    return _("%(date)s at %(time)s", date=format_date(moment, "long"), time=clock(moment))


def init_i18n(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(vary_by_language)
    app.add_template_filter(clock)
    app.add_template_filter(day_and_time)

    @app.context_processor
    def language_context():
        return {"languages": app.config["LANGUAGES"], "current_locale": str(get_locale())}
