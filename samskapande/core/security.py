"""Security headers on every response, and safe redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, request

from samskapande.core.text import has_control_characters

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def init_security(app: Flask) -> None:
    @app.url_value_preprocessor
    def refuse_control_characters_in_paths(_endpoint, values):
        # No address of the app has control characters; PostgreSQL would refuse a NUL
        # in a query, so such a path is simply not found.
        for value in (values or {}).values():
            if isinstance(value, str) and has_control_characters(value):
                abort(404)

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config["PRODUCTION"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint != "static":
            # Pages may show a participant's own data: never keep them in shared caches.
            headers.setdefault("Cache-Control", "no-store")
        return response


def safe_next(target: str | None, fallback: str = "/") -> str:
    """Return `target` if it is a path on this site, otherwise `fallback`."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return fallback  # control characters (CR/LF) would split the Location header
    return target


def client_ip() -> str:
    return request.remote_addr or "unknown"
