"""The facilitator's pages for running a round."""

from flask import Blueprint

bp = Blueprint("manage", __name__)
