"""The administrators' translations page: its URL map (the handlers are in ``views``)."""

from __future__ import annotations

from flask import Blueprint

from . import views

bp = Blueprint("translation_work", __name__, url_prefix="/staff/translations")
bp.add_url_rule("/", "index", views.index)
bp.add_url_rule("/export", "download", views.download)
bp.add_url_rule("/import", "upload", views.upload, methods=["GET", "POST"])
