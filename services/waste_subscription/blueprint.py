"""The module's URL map: every route of the module, resident and back office, in one place.

Handler modules (``views``, ``journey_end``, ``neighbour``, ``staff``) only define
functions; this file imports them and registers each under its endpoint, so
no handler imports the blueprint and the handlers never import each other
through it.  The manifest in ``__init__`` takes ``bp`` from here.
"""

from __future__ import annotations

from flask import Blueprint

from . import eid, journey_end, neighbour, staff, views
from .journey import FLOW
from .meta import MODULE_ID

bp = Blueprint(MODULE_ID, __name__, template_folder="templates")

GET_POST = ["GET", "POST"]
ROUTES = (  # (rule, endpoint, handler, methods)
    ("/", "start", views.start, ["GET"]),
    ("/begin", "begin", views.begin, ["GET"]),
    ("/identify", "identify_page", views.identify_page, GET_POST),
    ("/e-legitimation", "eid_identify", eid.eid_identify, GET_POST),
    ("/subscription", "subscription", views.subscription, GET_POST),
    (f"/change/<any({', '.join(map(repr, FLOW.slugs()))}):step>", "change", views.change,
     GET_POST),  # quoted: "home-composting" is no bare word
    ("/when", "when", journey_end.when, GET_POST),
    ("/contact", "contact", journey_end.contact, GET_POST),
    ("/check", "check", journey_end.check, GET_POST),
    ("/confirmation", "confirmation", journey_end.confirmation, ["GET"]),
    ("/share/<token>", "neighbour", neighbour.neighbour, GET_POST),
)
for rule, endpoint, handler, methods in ROUTES:
    bp.add_url_rule(rule, endpoint=endpoint, view_func=handler, methods=methods)

staff_bp = Blueprint(f"{MODULE_ID}_staff", __name__, template_folder="templates")
STAFF_ROUTES = (  # (rule, handler, methods); each endpoint's roles are in the manifest
    ("/", staff.queue, ["GET"]),
    ("/<reference>", staff.detail, ["GET"]),
    ("/<reference>/<action>", staff.decide, ["POST"]),
    ("/export", staff.export_form, GET_POST),
    ("/export.csv", staff.export_csv, ["GET"]),
    ("/export.json", staff.export_json, ["GET"]),
)
for rule, handler, methods in STAFF_ROUTES:
    staff_bp.add_url_rule(rule, view_func=handler, methods=methods)
