"""Cleaning and checking text people type, so odd input gets a clear answer, not a crash."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

# Tabs and line breaks are ordinary in a text; other control characters are not.
_ALLOWED_CONTROLS = {"\n", "\t"}


def normalise(text: str | None) -> str:
    """NFC-normalise, unify line breaks and strip surrounding space."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def has_control_characters(text: str) -> bool:
    return any(
        unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS for ch in text
    )


def strip_filter(value):
    return normalise(value) if isinstance(value, str) else value


class PlainText:
    """WTForms validator: no control characters (emoji and right-to-left text are fine)."""

    def __init__(self, single_line: bool = False):
        self.single_line = single_line

    def __call__(self, form, field):
        value = field.data or ""
        if has_control_characters(value) or (self.single_line and "\n" in value):
            raise ValidationError(
                _l("The text contains invisible control characters. Remove them and try again.")
            )
