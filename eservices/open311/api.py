"""The GeoReport v2 endpoints: HTTP only; the modules' services do the work.

JSON only (GeoReport makes XML optional).  Every failure answers as the spec
defines it: an array of ``{"code", "description"}`` with the HTTP status as the
code - 400 bad input, 403 a missing or invalid ``api_key``, 404 an unknown
service or request, 429 too many requests.  Reading the service list and
definitions is public; filing and reading requests needs an API key with the
``open311`` scope, because a request names a resident's address.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from .. import clock, limits
from ..db import db
from ..guards import guard
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES
from . import filing
from .keys import ApiKey, find_api_key
from .services import STATUSES, Open311Error, Open311Query, Open311Request, declared_services

SCOPE = "open311"
REQUESTS_PER_MINUTE = 120
LIST_DAYS = 90  # GeoReport: without dates, the last 90 days
MAX_RESULTS = 1000
MAX_IDS = 100


def errors(status: int, *descriptions: str):
    response = jsonify([{"code": status, "description": text} for text in descriptions])
    response.status_code = status
    return response


def refused(exc: Open311Error | filing.Invalid):
    if isinstance(exc, filing.Invalid):
        response = jsonify([{"code": e.code, "description": e.description} for e in exc.errors])
        response.status_code = 400
        return response
    response = jsonify([{"code": exc.code, "description": exc.description}])
    response.status_code = exc.status
    return response


def http_error(error: HTTPException):
    """Werkzeug's errors (a guard's 429, 405, 413) in GeoReport's shape."""
    response = errors(error.code or 500, error.description or error.name)
    response.headers.extend((k, v) for k, v in error.get_headers()
                            if k.lower() != "content-type")
    return response


def _language() -> str:
    asked = request.args.get("locale", "").split("_")[0].split("-")[0].lower()
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def _key() -> ApiKey | None:
    if "open311_key" not in g:
        presented = request.values.get("api_key", "")
        g.open311_key = find_api_key(presented, SCOPE) if presented else None
    return g.open311_key


def rate_key() -> str:
    key = _key()
    return f"open311-key:{key.prefix}" if key else f"ip:{limits.client_key()}"


def _per_minute() -> int:
    return REQUESTS_PER_MINUTE


def _require_key() -> ApiKey:
    key = _key()
    if key is None:
        raise Open311Error(403, "api_key was not provided or is invalid"
                           if request.values.get("api_key") is None else
                           "api_key is invalid, revoked or not allowed to use Open311")
    now = clock.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        key.last_used_at = now
    return key


def _answer(service_request: Open311Request) -> dict[str, Any]:
    def time(moment: datetime | None) -> str | None:
        return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None

    r = service_request
    return {
        "service_request_id": r.service_request_id, "status": r.status,
        "status_notes": r.status_notes or None, "service_name": r.service_name,
        "service_code": r.service_code, "description": r.description or None,
        "agency_responsible": r.agency_responsible or None,
        "service_notice": r.service_notice or None,
        "requested_datetime": time(r.requested_datetime),
        "updated_datetime": time(r.updated_datetime),
        "expected_datetime": time(r.expected_datetime),
        "address": r.address or None, "address_id": r.address_id or None,
        "zipcode": r.zipcode or None, "lat": r.lat, "long": r.long, "media_url": None,
    }


@guard(_per_minute, 60, key=rate_key, name="open311:read")
def services_list():
    return jsonify([{
        "service_code": s.code, "service_name": s.name, "description": s.description,
        "metadata": bool(s.attributes), "type": s.type,
        "keywords": ",".join(s.keywords), "group": s.group,
    } for s in declared_services(current_app, _language()).values()])


@guard(_per_minute, 60, key=rate_key, name="open311:read")
def service_definition(service_code: str):
    service = declared_services(current_app, _language()).get(service_code)
    if service is None:
        return errors(404, f"No service with service_code {service_code[:80]!r}")
    return jsonify({"service_code": service.code, "attributes": [{
        "variable": a.variable, "code": a.code, "datatype": a.datatype,
        "required": a.required, "datatype_description": a.datatype_description or None,
        "order": a.order, "description": a.description,
        **({"values": [{"key": k, "name": n} for k, n in a.values]} if a.values else {}),
    } for a in sorted(service.attributes, key=lambda a: a.order)]})


@guard(_per_minute, 60, key=rate_key, name="open311:write")
def post_request():
    try:
        key = _require_key()
        code = request.form.get("service_code", "").strip()
        if not code:
            raise Open311Error(400, "service_code is required")
        service = declared_services(current_app, _language()).get(code)
        if service is None:
            raise Open311Error(404, f"No service with service_code {code[:80]!r}")
        new = filing.parse(request.form, service, client=f"api-key:{key.prefix}",
                           language=_language())
        filed = service.submit(new)
        answer = [{"service_request_id": filed.service_request_id,
                   "service_notice": filed.service_notice or None, "account_id": None}]
        db.session.commit()
    except (Open311Error, filing.Invalid) as exc:
        db.session.rollback()
        return refused(exc)
    response = jsonify(answer)
    response.status_code = 201
    return response


def _moment(name: str) -> datetime | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Open311Error(400, f"{name} must be a W3C date and time, such as "
                                "2026-12-01T00:00:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _find(query: Open311Query, language: str) -> list[Open311Request]:
    found: list[Open311Request] = []
    for service in declared_services(current_app, language).values():
        if query.service_codes and service.code not in query.service_codes:
            continue
        found.extend(service.find(query))
    found.sort(key=lambda r: r.requested_datetime, reverse=True)
    return found[:query.limit]


@guard(_per_minute, 60, key=rate_key, name="open311:read")
def list_requests():
    try:
        _require_key()
        language = _language()
        ids = tuple(i.strip() for i in request.args.get("service_request_id", "").split(",")
                    if i.strip())
        if len(ids) > MAX_IDS:
            raise Open311Error(400, f"Ask for at most {MAX_IDS} service_request_id at once")
        codes = tuple(c.strip() for c in request.args.get("service_code", "").split(",")
                      if c.strip())
        known = declared_services(current_app, language)
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise Open311Error(404, f"No service with service_code {unknown[0][:80]!r}")
        status = request.args.get("status", "").strip() or None
        if status is not None and status not in STATUSES:
            raise Open311Error(400, "status must be open or closed")
        start, end = _moment("start_date"), _moment("end_date")
        if start and end and start > end:
            raise Open311Error(400, "start_date must not be after end_date")
        if not ids and start is None and end is None:
            start = clock.now() - timedelta(days=LIST_DAYS)
        answer = [_answer(r) for r in _find(Open311Query(
            ids=ids, service_codes=codes, status=status, start=start, end=end,
            limit=MAX_RESULTS, language=language), language)]
        db.session.commit()  # the key's last use
    except Open311Error as exc:
        db.session.rollback()
        return refused(exc)
    return jsonify(answer)


@guard(_per_minute, 60, key=rate_key, name="open311:read")
def get_request(service_request_id: str):
    try:
        _require_key()
        language = _language()
        found = _find(Open311Query(ids=(service_request_id,), language=language), language)
        db.session.commit()
    except Open311Error as exc:
        db.session.rollback()
        return refused(exc)
    if not found:
        return errors(404, f"No service request {service_request_id[:80]!r}")
    return jsonify([_answer(found[0])])
