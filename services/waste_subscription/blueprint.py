"""The resident pages' URL map: every route of the module, in one place.

Handler modules (``views``, ``journey_end``, ``neighbour``) only define
functions; this file imports them and registers each under its endpoint, so
no handler imports the blueprint and the handlers never import each other
through it.  The manifest in ``__init__`` takes ``bp`` from here.
"""

from __future__ import annotations

from flask import Blueprint

from . import journey_end, neighbour, views
from .journey import FLOW
from .meta import MODULE_ID

bp = Blueprint(MODULE_ID, __name__, template_folder="templates")

GET_POST = ["GET", "POST"]
ROUTES = (  # (rule, endpoint, handler, methods)
    ("/", "start", views.start, ["GET"]),
    ("/begin", "begin", views.begin, ["GET"]),
    ("/identify", "identify_page", views.identify_page, GET_POST),
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
