"""Browsing, submitting and changing needs."""

from flask import Blueprint

bp = Blueprint("needs", __name__)
