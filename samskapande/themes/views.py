"""The facilitator's theme workspace, and themes as residents see them."""

from flask import Blueprint

bp = Blueprint("themes", __name__)
