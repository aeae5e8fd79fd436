"""Gzip for the app's own static assets, so a phone on 3G downloads less.

Only static files are compressed, never pages: pages carry CSRF tokens next to text
a visitor controls, which compression over TLS could leak (the BREACH attack).
"""

from __future__ import annotations

import gzip
from functools import lru_cache

from flask import Flask, request

COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "image/svg+xml",
                "application/json", "text/plain"}
MIN_SIZE = 500


@lru_cache(maxsize=256)
def _compressed(key: tuple, data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def init_compression(app: Flask) -> None:
    @app.after_request
    def compress_static(response):
        if (
            request.endpoint != "static"
            or response.status_code != 200
            or "gzip" not in request.headers.get("Accept-Encoding", "")
            or response.mimetype not in COMPRESSIBLE
            or "Content-Encoding" in response.headers
        ):
            return response
        response.direct_passthrough = False
        source = response.response
        data = response.get_data()
        if hasattr(source, "close"):  # the open static file, now read
            source.close()
        if len(data) < MIN_SIZE:
            return response
        body = _compressed((request.path, response.headers.get("ETag")), data)
        response.set_data(body)
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(body))
        response.vary.add("Accept-Encoding")
        return response
