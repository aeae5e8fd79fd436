"""Supporting needs and giving dots."""

from flask import Blueprint

bp = Blueprint("voting", __name__)
