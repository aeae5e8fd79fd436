"""QR codes for posters and the projector, served as SVG files."""

from __future__ import annotations

import io

import segno
from flask import Response


def qr_svg_response(url: str) -> Response:
    """An SVG QR code of `url` that an <img> can show (a standalone file with its namespace)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", xmldecl=False, scale=8, border=2,
                                    dark="#000", light="#fff")
    return Response(buffer.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})
