"""Privacy pages (placeholder while the package is built)."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
