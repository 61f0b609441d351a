"""The URL maps of Mina sidor (residents) and of the data-subject requests (staff)."""

from __future__ import annotations

from flask import Blueprint

from ..guards import guard
from . import staff_views, views

bp = Blueprint("my_pages", __name__, url_prefix="/mina-sidor")
staff_bp = Blueprint("my_pages_staff", __name__, url_prefix="/staff/registerutdrag")

for rule, endpoint, view, methods in (
    ("", "overview", views.overview, ["GET"]),
    ("/mina-uppgifter", "readable", views.readable, ["GET"]),
    ("/export.json", "download", views.download, ["GET"]),
    ("/radera", "erase", guard(10, 3600, methods=("POST",))(views.erase), ["GET", "POST"]),
    ("/raderat", "erased", views.erased, ["GET"]),
):
    bp.add_url_rule(rule, endpoint, view, methods=methods)

# Every search and export reveals what is held about someone: a coarse guard per
# client on top of the administrator role the staff guard requires.
for rule, endpoint, view, methods in (
    ("/", "lookup", guard(60, 3600, methods=("POST",))(staff_views.lookup), ["GET", "POST"]),
    ("/export", "download", guard(60, 3600)(staff_views.download), ["POST"]),
    ("/radera", "erase", guard(30, 3600)(staff_views.erase), ["POST"]),
):
    staff_bp.add_url_rule(rule, endpoint, view, methods=methods)
