"""The prototype's URL map: one place that names every URL of the journey.

The handlers in views.py never import this file, so the URL map imports them
without a cycle, and the manifest takes the blueprint from here.
"""

from flask import Blueprint

from . import views

bp = Blueprint("textile_reuse", __name__, template_folder="templates")
bp.add_url_rule("/", view_func=views.start)
bp.add_url_rule("/drop-off", view_func=views.drop_off)
bp.add_url_rule("/begin", view_func=views.begin)
bp.add_url_rule(f"/<any({', '.join(views.FLOW.slugs())}):step>", view_func=views.question,
                methods=["GET", "POST"])
bp.add_url_rule("/check", view_func=views.check, methods=["GET", "POST"])
bp.add_url_rule("/confirmation", view_func=views.confirmation)
