"""The route-management system's JSON API: route-day events in, route-day state out.

Machine to machine: a bearer API key (see keys.py), JSON bodies, RFC 9457
problem details for every failure, and a rate limit per key.  The rules for
events live in ingest.py; this file is HTTP only.  The OpenAPI document
(openapi.py) describes exactly these routes, and its tests hold it to them; the
routes themselves are in blueprint.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import wraps
from typing import Any

from flask import g, jsonify, request, url_for
from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from eservices.toolkit import (
    STOCKHOLM,
    clock,
    db,
    guard,
    json_problems,
    limits,
    problem,
    within_years,
)

from . import eta, ingest, openapi
from .keys import find_api_key
from .models import ApiKey, Route, RouteDay, RouteStop
from .settings import settings

# 500 events of a few hundred bytes each fit easily; anything bigger is a mistake.
MAX_BODY_BYTES = 1024 * 1024
# Generous: a fleet pinging every few seconds stays far below it; a runaway loop does not.
REQUESTS_PER_MINUTE = 600
LAST_USED_EVERY = timedelta(minutes=1)
DATE = re.compile(r"\d{4}-\d\d-\d\d")


def _presented_key() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def authenticated_key() -> ApiKey | None:
    """The request's active API key, looked up once per request."""
    if "collection_alerts_key" not in g:
        token = _presented_key()
        g.collection_alerts_key = find_api_key(token) if token else None
    return g.collection_alerts_key


def rate_key() -> str:
    """Limit per key; requests without a valid key share their client address's bucket."""
    key = authenticated_key()
    return f"collection-alerts-key:{key.prefix}" if key else f"ip:{limits.client_key()}"


def _requests_per_minute() -> int:
    return REQUESTS_PER_MINUTE  # read per request, so a test can lower it


def _touch(key: ApiKey, now: datetime) -> None:
    """Record use at most once a minute: one small committed write, not one per event."""
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_EVERY:
        return
    db.session.execute(update(ApiKey).where(
        ApiKey.id == key.id,
        or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at <= now - LAST_USED_EVERY),
    ).values(last_used_at=now))
    db.session.commit()


def require_key(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        key = authenticated_key()
        if key is None:
            presented = _presented_key() is not None
            response = problem(401, "Unauthorized",
                               "The API key is unknown or revoked." if presented else
                               "Send the API key as 'Authorization: Bearer <key>'.")
            response.headers["WWW-Authenticate"] = (
                'Bearer realm="collection-alerts"'
                + (', error="invalid_token"' if presented else ""))
            return response
        _touch(key, clock.now())
        return view(*args, **kwargs)

    return wrapped


def _route_and_date(route_code: str, service_date: str) -> tuple[Route, date]:
    """The route and date named in the path; 404 if there is no such route or date."""
    try:
        day = date.fromisoformat(service_date) if DATE.fullmatch(service_date) else None
    except ValueError:
        day = None
    if day is None or not within_years(day):
        raise ingest.Invalid(404, "Not Found", "The service date must read YYYY-MM-DD.")
    route = ingest.find_route(route_code)
    if route is None:
        raise ingest.Invalid(404, "Not Found", f"No route {route_code!r}.")
    return route, day


def refused(exc: ingest.Invalid):
    response = problem(exc.status, exc.title, exc.detail,
                       **({"errors": exc.errors} if exc.errors else {}))
    if exc.status == 415:
        response.headers["Accept-Post"] = "application/json"
    return response


def _json_body() -> object:
    """The parsed body; 415 or 400 otherwise (and werkzeug's 413 for too large a body)."""
    if request.mimetype != "application/json":
        raise ingest.Invalid(415, "Unsupported Media Type",
                             "Send the events as application/json.")
    request.max_content_length = MAX_BODY_BYTES  # raises 413 on reading if larger

    def no_constants(name: str) -> object:
        raise ValueError(f"{name} is not JSON")

    try:
        body = json.loads(request.get_data(cache=True), parse_constant=no_constants)
    except (ValueError, RecursionError) as exc:
        raise ingest.Invalid(400, "Malformed JSON", f"The body is not valid JSON: {exc}") from exc
    unstorable = json_problems(body)
    if unstorable:  # NUL, a lone surrogate, a 4,000-digit number: valid JSON, not storable
        raise ingest.Invalid(422, "Invalid events", "Nothing was recorded: correct the "
                             "values listed in errors and send the request again.", unstorable)
    return body


def _time(moment: datetime | None) -> str | None:
    """Swedish local time with its offset: unambiguous and readable in logs."""
    return moment.astimezone(STOCKHOLM).isoformat(timespec="seconds") if moment else None


@guard(_requests_per_minute, 60, key=rate_key)
@require_key
def post_events(route_code: str, service_date: str):
    """Record a batch of events (or one event) for a route day."""
    route, day = _route_and_date(route_code, service_date)
    key = authenticated_key()
    assert key is not None
    now = clock.now()
    max_future = timedelta(minutes=settings().event_max_future_minutes)
    body = _json_body()
    if not ingest.runs_on(route, day):
        raise ingest.Invalid(422, "Not a service day",
                             f"Route {route.code} does not run on {day.isoformat()}.")
    events = ingest.validate(body, route, day, now=now, max_future=max_future)
    outcome = ingest.record(key.id, route, day, events, now)
    accepted = sum(1 for _, result in outcome.results if result == "accepted")
    # Read before the commit, which expires the objects: reading after costs two queries.
    answer = {
        "route": route.code, "service_date": day.isoformat(),
        "status": outcome.route_day.status,
        "accepted": accepted, "duplicates": len(outcome.results) - accepted,
        "alerts_queued": outcome.alerts_queued,
        "events": [{"id": event_id, "result": result} for event_id, result in outcome.results],
    }
    db.session.commit()
    return jsonify(answer)


@guard(_requests_per_minute, 60, key=rate_key)
@require_key
def get_route_day(route_code: str, service_date: str):
    """The route day as recorded so far, with an estimate for every remaining stop."""
    route, day = _route_and_date(route_code, service_date)
    route_day = db.session.scalar(select(RouteDay).where(RouteDay.route_id == route.id,
                                                         RouteDay.service_date == day))
    if route_day is None:
        if not ingest.runs_on(route, day):
            raise ingest.Invalid(404, "Not Found",
                                 f"Route {route.code} does not run on {day.isoformat()}.")
        # Not reported yet: the plan, without writing anything.
        route_day = RouteDay(route=route, route_id=route.id, service_date=day,
                             status="planned", delay_minutes=0, alerted_through={})
    return jsonify(state(route_day, clock.now()))


def state(route_day: RouteDay, now: datetime) -> dict[str, Any]:
    """The JSON form of a route day (the RouteDay schema in openapi.py)."""
    route = route_day.route
    visits = {visit.stop_id: visit for visit in route_day.visits}
    estimates = eta.estimate(route_day, now)
    stops = []
    for stop in db.session.scalars(select(RouteStop).where(RouteStop.route_id == route.id)
                                   .order_by(RouteStop.position)
                                   .options(joinedload(RouteStop.address))):
        visit = visits.get(stop.id)
        stops.append({
            "position": stop.position, "address_id": stop.address.external_id,
            "address": stop.address.label, "fractions": list(stop.fractions),
            "status": visit.status if visit else "remaining",
            "occurred_at": _time(visit.occurred_at) if visit else None,
            "estimated_at": None if visit else _time(estimates.get(stop.id)),
        })
    position = None
    if route_day.position_at is not None:
        position = {"latitude": route_day.latitude, "longitude": route_day.longitude,
                    "at": _time(route_day.position_at)}
    return {
        "route": route.code, "route_name": route.name,
        "service_date": route_day.service_date.isoformat(), "status": route_day.status,
        "started_at": _time(route_day.started_at), "finished_at": _time(route_day.finished_at),
        "delay_minutes": route_day.delay_minutes or 0, "position": position,
        "completed": sum(1 for s in stops if s["status"] == "completed"),
        "skipped": sum(1 for s in stops if s["status"] == "skipped"),
        "remaining": sum(1 for s in stops if s["status"] == "remaining"),
        "stops": stops,
    }


def openapi_json():
    """The OpenAPI 3.1 description of this API (public: it holds no data)."""
    server = url_for(".openapi_json").removesuffix("/openapi.json")
    return jsonify(openapi.document(server))
