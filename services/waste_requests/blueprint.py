"""The module's URL map: every route, resident and back office, in one place.

The handler files (``report_views``, ``booking_views``, ``staff``) only define
functions; this file registers each under its endpoint, and the manifest in
``__init__`` takes the blueprints from here.
"""

from __future__ import annotations

from flask import Blueprint

from eservices import toolkit as tk

from . import booking_views, report_views, staff, texts
from .prices import prices
from .settings import MODULE_ID

bp = Blueprint(MODULE_ID, __name__, template_folder="templates")

GET_POST = ["GET", "POST"]
ROUTES = (  # (rule, endpoint, handler, methods)
    ("/", "start", report_views.start, ["GET"]),
    ("/report/begin", "begin", report_views.begin, ["GET"]),
    (f"/report/<any({', '.join(map(repr, report_views.FLOW.slugs()))}):step>", "question",
     report_views.question, GET_POST),
    ("/report/check", "check", report_views.check, GET_POST),
    ("/report/confirmation", "confirmation", report_views.confirmation, ["GET"]),
    ("/booking/begin", "booking_begin", booking_views.begin, ["GET"]),
    (f"/booking/<any({', '.join(map(repr, booking_views.FLOW.slugs()))}):step>",
     "booking_question", booking_views.question, GET_POST),
    ("/booking/check", "booking_check", booking_views.check, GET_POST),
    ("/booking/confirmation", "booking_confirmation", booking_views.confirmation, ["GET"]),
    ("/cancel/<token>", "cancel", booking_views.cancel, GET_POST),
)
for rule, endpoint, handler, methods in ROUTES:
    bp.add_url_rule(rule, endpoint=endpoint, view_func=handler, methods=methods)

staff_bp = Blueprint(f"{MODULE_ID}_staff", __name__, template_folder="templates")
STAFF_ROUTES = (  # (rule, handler, methods); each endpoint's roles are in the manifest
    ("/", staff.queue, ["GET"]),
    ("/bookings", staff.bookings, ["GET"]),
    ("/<reference>", staff.detail, ["GET"]),
    ("/<reference>/<action>", staff.decide, ["POST"]),
)
for rule, handler, methods in STAFF_ROUTES:
    staff_bp.add_url_rule(rule, view_func=handler, methods=methods)


def _words() -> dict[str, object]:
    """The codes' words every page of the module may show (reasons, bins, statuses)."""
    return {"reasons": texts.SKIP_REASONS, "fractions": texts.FRACTIONS,
            "report_statuses": texts.REPORT_STATUSES,
            "booking_statuses": texts.BOOKING_STATUSES,
            "item_names": {item.key: item.name(tk.current_language())
                           for item in prices().items}}


bp.context_processor(_words)
staff_bp.context_processor(_words)
