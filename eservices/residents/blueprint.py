"""The URL map of resident sign-in: every page under ``/e-legitimation``."""

from __future__ import annotations

from flask import Blueprint

from ..guards import guard
from . import oidc_views, views

bp = Blueprint("residents", __name__, url_prefix="/e-legitimation")

bp.add_url_rule("/", "sign_in", views.sign_in)
bp.add_url_rule("/test", "demo", guard(30, 60, methods=("POST",))(views.demo_sign_in),
                methods=["GET", "POST"])
bp.add_url_rule("/start/<provider>", "start", guard(20, 60)(oidc_views.start))
bp.add_url_rule("/callback/<provider>", "callback", guard(20, 60)(oidc_views.callback))
bp.add_url_rule("/logga-ut", "sign_out", views.sign_out, methods=["POST"])
bp.add_url_rule("/utloggad", "signed_out", views.signed_out)
