"""The module's URL map: one place that names every URL, resident and back office.

Handler files never import this file (Indico's ``blueprint.py``), so the map
can import them without a cycle and the manifest takes the blueprints from here.
"""

from flask import Blueprint

from . import challenges, coaching, follow, moderation, showcase, statistics, submit, supports

bp = Blueprint("ideas", __name__, template_folder="templates")
staff_bp = Blueprint("ideas_staff", __name__, template_folder="templates")

# -- residents: start page and submitting an idea (helper A) ----------------------
bp.add_url_rule("/", view_func=submit.start)
# -- residents: following an idea at its private link (helper A) -----------------
# -- residents: challenges, supports, comments, reports (helper B) ---------------
# -- residents: the showcase "Från idé till tjänst" (helper C) -------------------
# -- staff: coaching queue, idea page, status, coach, notes, prototype (helper C) -
# -- staff: challenges and moderation (helper B) ----------------------------------
# -- staff: statistics and CSV (helper D) -----------------------------------------

__all__ = [
           "bp",
           "challenges",
           "coaching",
           "follow",
           "moderation",
           "showcase",
           "staff_bp",
           "statistics",
           "submit",
           "supports",
]
