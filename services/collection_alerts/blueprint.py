"""The module's URL map: every blueprint and every route of collection_alerts, in one place.

Handler files (views, signup, unsubscribe, staff, staff_keys, api) are plain
functions and never import this file; this file imports them and says which
URL runs which.  So no handler needs another's blueprint, the files cannot
import each other in a circle, and the module's whole surface reads here at a
glance (Indico's ``blueprint.py`` is the model).  The manifest takes the
blueprints from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint

from . import api, ingest, signup, staff, staff_keys, unsubscribe, views
from .settings import MODULE_ID

# The platform finds a module by its blueprints' names: the id, id_staff, id_api.
bp = Blueprint(MODULE_ID, __name__, template_folder="templates")
staff_bp = Blueprint(f"{MODULE_ID}_staff", __name__, template_folder="templates")
api_bp = Blueprint(f"{MODULE_ID}_api", __name__)

GET_POST = ["GET", "POST"]
Route = tuple[str, Callable[..., Any], "list[str] | None"]


def _add(blueprint: Blueprint, routes: tuple[Route, ...]) -> None:
    for rule, handler, methods in routes:
        blueprint.add_url_rule(rule, view_func=handler, methods=methods)


# -- residents -------------------------------------------------------------------------
_add(bp, (
    ("/", views.start, None),
    ("/search", views.search, None),
    ("/address/<int:address_id>", views.address, None),
    ("/address/<int:address_id>/calendar.ics", views.calendar, None),
    ("/address/<int:address_id>/sign-up", signup.sign_up, None),
    ("/sign-up/texts", signup.alerts, GET_POST),
    ("/sign-up/evening", signup.evening_time, GET_POST),
    ("/sign-up/lead-time", signup.lead_time, GET_POST),
    ("/sign-up/mobile", signup.mobile, GET_POST),
    ("/sign-up/check", signup.check, GET_POST),
    ("/sign-up/code", signup.code, GET_POST),
    ("/sign-up/new-code", signup.new_code, ["POST"]),
    ("/sign-up/done", signup.confirmation, None),
    ("/stop/<token>", unsubscribe.unsubscribe, GET_POST),
    ("/stop/<token>/done", unsubscribe.unsubscribed, None)))

bp.add_app_template_filter(views.upper_first, "collection_alerts_upper_first")

# -- back office -----------------------------------------------------------------------
_add(staff_bp, (
    ("/", staff.route_days, None),
    ("/route-days/<day>/<code>", staff.route_day, None),
    ("/route-days/<day>/<code>/message", staff.message, GET_POST),
    ("/route-days/<day>/<code>/message/preview", staff.preview, None),
    ("/route-days/<day>/<code>/message/send", staff.send_message, ["POST"]),
    ("/api-keys", staff_keys.api_keys, None),
    ("/api-keys/new", staff_keys.api_key_new, GET_POST),
    ("/api-keys/<int:key_id>/revoke", staff_keys.api_key_revoke, GET_POST)))

staff_bp.context_processor(staff.labels)

# -- the route-management system's API -------------------------------------------------
_add(api_bp, (
    ("/route-days/<route_code>/<service_date>/events", api.post_events, ["POST"]),
    ("/route-days/<route_code>/<service_date>", api.get_route_day, None),
    ("/openapi.json", api.openapi_json, None)))

api_bp.register_error_handler(ingest.Invalid, api.refused)
