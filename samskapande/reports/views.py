"""The round's printable report and its open-data exports."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
