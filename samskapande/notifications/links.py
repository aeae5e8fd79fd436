"""What every mail needs, to residents and staff alike: absolute links and safe headers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request

_UNSAFE_HEADER = re.compile(r"[\x00-\x1f\x7f]+")


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail: PUBLIC_URL, else the current request's host."""
    base = current_app.config.get("PUBLIC_URL") or (
        request.host_url if has_request_context() else "http://localhost/")
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def header_text(text: str, limit: int = 250) -> str:
    """One line fit for a mail header: no control characters (no header injection)."""
    return _UNSAFE_HEADER.sub(" ", text).strip()[:limit]
