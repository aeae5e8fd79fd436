"""Starting and ending visits on a shared terminal."""

from flask import Blueprint

bp = Blueprint("terminal", __name__)
