"""A model area's page: its goals and the themes from every round that feed them."""

from flask import Blueprint

bp = Blueprint("areas", __name__)
