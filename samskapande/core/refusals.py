"""The one kind of refusal a service gives, and how a view puts it next to a form field.

A service that will not do what was asked raises a `Refusal` (or a subclass naming its
package) with a translated sentence, before it changes anything. Views and socket
handlers only turn it into a page, a field error or an ack.
"""

from __future__ import annotations


class Refusal(Exception):
    """An action that is not carried out; `message` is a translated sentence for the person."""

    def __init__(self, message, **details):
        super().__init__(str(message))
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return str(self.message)


def add_error(field, message) -> None:
    """Show `message` under a form field (WTForms keeps errors as a tuple before validation)."""
    field.errors = [*field.errors, str(message)]
