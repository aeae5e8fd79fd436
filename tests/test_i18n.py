"""Swedish first and complete, English and Finnish complete: a missing translation fails here."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None,
            "lazy_gettext": None, "lazy_ngettext": (1, 2)}
METHODS = [("samskapande/**.py", "python"), ("templates/**.html", "jinja2"),
           ("templates/**.txt", "jinja2"), ("templates/**.xml", "jinja2")]


def interface_strings() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS,
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.fixture(scope="module")
def strings():
    found = interface_strings()
    assert len(found) > 50, "extraction found almost nothing"
    return found


@pytest.mark.parametrize("locale", ["sv", "en", "fi"])
def test_every_interface_string_is_translated(strings, locale):
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f, locale=locale)
    translated = {
        m.id[0] if isinstance(m.id, tuple) else m.id
        for m in catalog
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(strings - translated)
    assert missing == [], f"{locale}: untranslated or fuzzy, run `make extract-messages`: {missing}"


def test_swedish_is_the_default_and_english_can_be_chosen(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="sv">' in page and "Hoppa till innehållet" in page
    response = client.get("/language/en?next=/login")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Skip to content" in page


def test_language_switch_does_not_redirect_elsewhere(client):
    response = client.get("/language/en?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_form_errors_are_in_swedish(client):
    from tests.conftest import submit

    page = submit(client, "/login", {"email": "", "password": ""}).get_data(as_text=True)
    assert "Skriv din e-postadress" in page or "e-post" in page.lower()


@pytest.mark.parametrize(("header", "expected"), [
    ("fi-FI,fi;q=0.9,sv;q=0.5", "fi"),   # a Finnish browser in Haparanda
    ("en-GB,en;q=0.8", "en"),
    ("sv-SE", "sv"),
    ("de-DE,de;q=0.9", "sv"),             # nothing offered: the default
    ("", "sv"),
])
def test_the_browsers_language_is_chosen_among_those_offered(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header} if header else {})
    assert f'<html lang="{expected}">' in response.get_data(as_text=True)
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_the_language_switch_wins_over_the_browser(client):
    client.get("/language/sv")
    page = client.get("/", headers={"Accept-Language": "fi"}).get_data(as_text=True)
    assert '<html lang="sv">' in page


def test_a_finnish_visitor_reads_finnish(client):
    client.get("/language/fi")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fi">' in page and "Siirry sisältöön" in page
    assert '<span aria-current="true" lang="fi">Suomi</span>' in page
