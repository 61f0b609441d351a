"""The module's URL map: one place that names every URL, resident and back office.

The handlers in views.py and staff.py never import this file (Indico's ``blueprint.py``),
so the URL map can import them without a cycle, and the manifest takes the
blueprint from here.
"""

from flask import Blueprint

from . import staff, views

bp = Blueprint("accessibility_report", __name__, template_folder="templates")
bp.add_url_rule("/", view_func=views.start)
bp.add_url_rule("/begin", view_func=views.begin)
bp.add_url_rule("/problem", view_func=views.problem, methods=["GET", "POST"])
bp.add_url_rule("/contact", view_func=views.contact, methods=["GET", "POST"])
bp.add_url_rule("/check", view_func=views.check, methods=["GET", "POST"])
bp.add_url_rule("/confirmation", view_func=views.confirmation)

staff_bp = Blueprint("accessibility_report_staff", __name__, template_folder="templates")
staff_bp.add_url_rule("/", view_func=staff.queue)
staff_bp.add_url_rule("/<reference>", view_func=staff.detail, methods=["GET", "POST"])
