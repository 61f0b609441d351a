"""The designer tools' URL map: every route of the designer pages, in one place.

Handlers live in ``views``, ``round_views`` and ``patterns`` and never import
this file (Indico's ``blueprint.py``), so handler files cannot import each
other through their blueprints and no file's routes depend on import order.
"""

from __future__ import annotations

from flask import Blueprint

from . import patterns, round_views, views

staff_bp = Blueprint("designer_staff", __name__, url_prefix="/staff/design")
public_bp = Blueprint("designer", __name__)

GET_POST = ("GET", "POST")

# -- lifecycle, feedback and prototype passwords (staff: tjänstedesigner) -------
staff_bp.add_url_rule("/", view_func=views.modules)
staff_bp.add_url_rule("/<module_id>", view_func=views.module, methods=GET_POST)
staff_bp.add_url_rule("/passwords", view_func=views.passwords, methods=GET_POST)
staff_bp.add_url_rule("/passwords/<int:password_id>/revoke", view_func=views.revoke,
                      methods=("POST",))
public_bp.add_url_rule("/feedback", view_func=views.feedback, methods=("POST",))
public_bp.add_url_rule("/prototype-access", view_func=views.prototype_access,
                       methods=GET_POST)

# -- test rounds: designers set them up, participants take part -----------------
staff_bp.add_url_rule("/<module_id>/rounds", view_func=round_views.rounds_of,
                      methods=GET_POST)
staff_bp.add_url_rule("/rounds/<int:round_id>", view_func=round_views.round_report)
staff_bp.add_url_rule("/rounds/<int:round_id>.csv", view_func=round_views.round_csv)
public_bp.add_url_rule("/test/<code>", view_func=round_views.join, methods=GET_POST)
public_bp.add_url_rule("/test/task", view_func=round_views.task, methods=GET_POST)
public_bp.add_url_rule("/test/give-up", view_func=round_views.give_up, methods=("POST",))
public_bp.add_url_rule("/test/rate", view_func=round_views.rate, methods=GET_POST)
public_bp.add_url_rule("/test/done", view_func=round_views.done, methods=GET_POST)

# -- the page-pattern gallery -----------------------------------------------------
staff_bp.add_url_rule("/patterns", view_func=patterns.patterns)
staff_bp.add_url_rule("/patterns/<name>", view_func=patterns.pattern, methods=GET_POST)
