"""The OpenAPI 3.1 description of the route-management API, built from the code's constants.

Written in Python rather than YAML so the limits the integration reads (event
types, batch size, coordinates, id length) are the ones ingest.py enforces; the
tests validate real responses against these schemas and compare the paths with
the blueprint's routes, so the document cannot drift from the API.
"""

from __future__ import annotations

from typing import Any

from .ingest import EVENT_TYPES, LATITUDES, LONGITUDES, MAX_EVENTS, REASON_CODES, STOP_TYPES

TIME = {"type": "string", "format": "date-time",
        "description": "RFC 3339 with an offset; responses give Swedish local time."}
NULLABLE_TIME = {**TIME, "type": ["string", "null"]}
REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


EVENT = {
    "type": "object",
    "description": "Something a truck did, as the route-management system saw it.",
    "required": ["id", "type", "occurred_at"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "minLength": 1, "maxLength": 80,
               "description": "The integration's unique id for the event; a repeated id is "
                              "acknowledged as a duplicate and changes nothing."},
        "type": {"enum": list(EVENT_TYPES)},
        "occurred_at": {**TIME, "description": "When it happened (not when it was sent). "
                                               "At most EVENT_MAX_FUTURE_MINUTES (10) ahead "
                                               "of the server's clock and within a day of "
                                               "the service date."},
        "truck": {"type": "string", "description": "A known truck code, such as T1."},
        "stop": _ref("StopReference"),
        "latitude": {"type": "number", "minimum": LATITUDES[0], "maximum": LATITUDES[1]},
        "longitude": {"type": "number", "minimum": LONGITUDES[0], "maximum": LONGITUDES[1]},
        "reason": {"type": "string", "maxLength": 200,
                   "description": "Only with route_day_cancelled or stop_skipped."},
        "reason_code": {"enum": list(REASON_CODES),
                        "description": "Only with stop_skipped: why the crew could not "
                                       "empty the bins, from the waste register's list. "
                                       "Residents who report the collection as missed are "
                                       "told this reason; without it a skip is not "
                                       "recorded in the register."},
    },
    "dependentRequired": {"latitude": ["longitude"], "longitude": ["latitude"]},
    "allOf": [
        {"if": {"properties": {"type": {"const": "position"}}},
         "then": {"required": ["latitude", "longitude"]}},
        {"if": {"properties": {"type": {"enum": list(STOP_TYPES)}}},
         "then": {"required": ["stop"]}, "else": {"not": {"required": ["stop"]}}},
        {"if": {"properties": {"type": {"enum": ["route_day_cancelled", "stop_skipped"]}}},
         "else": {"not": {"required": ["reason"]}}},
        {"if": {"properties": {"type": {"const": "stop_skipped"}}},
         "else": {"not": {"required": ["reason_code"]}}},
    ],
}

SCHEMAS: dict[str, Any] = {
    "Event": EVENT,
    "StopReference": {
        "description": "A stop of the route, by its position in driving order or by the "
                       "waste-management system's address id.",
        "oneOf": [
            {"type": "object", "required": ["position"], "additionalProperties": False,
             "properties": {"position": {"type": "integer", "minimum": 1}}},
            {"type": "object", "required": ["address_id"], "additionalProperties": False,
             "properties": {"address_id": {"type": "string", "minLength": 1}}},
        ],
    },
    "EventBatch": {
        "type": "object", "required": ["events"], "additionalProperties": False,
        "properties": {"events": {"type": "array", "minItems": 1, "maxItems": MAX_EVENTS,
                                  "items": _ref("Event")}},
    },
    "EventsRecorded": {
        "type": "object",
        "required": ["route", "service_date", "status", "accepted", "duplicates",
                     "alerts_queued", "events"],
        "additionalProperties": False,
        "properties": {
            "route": {"type": "string"},
            "service_date": {"type": "string", "format": "date"},
            "status": _ref("RouteDayStatus"),
            "accepted": {"type": "integer", "minimum": 0},
            "duplicates": {"type": "integer", "minimum": 0},
            "alerts_queued": {"type": "integer", "minimum": 0,
                              "description": "\"Truck approaching\" SMS queued by this "
                                             "request (each is sent once, ever)."},
            "events": {"type": "array", "items": {
                "type": "object", "required": ["id", "result"], "additionalProperties": False,
                "properties": {"id": {"type": "string"},
                               "result": {"enum": ["accepted", "duplicate"]}}}},
        },
    },
    "RouteDayStatus": {"enum": ["planned", "started", "finished", "cancelled"],
                       "description": "cancelled is final: no event un-cancels a day."},
    "RouteDay": {
        "type": "object",
        "required": ["route", "route_name", "service_date", "status", "started_at",
                     "finished_at", "delay_minutes", "position", "completed", "skipped",
                     "remaining", "stops"],
        "additionalProperties": False,
        "properties": {
            "route": {"type": "string"},
            "route_name": {"type": "string"},
            "service_date": {"type": "string", "format": "date"},
            "status": _ref("RouteDayStatus"),
            "started_at": NULLABLE_TIME,
            "finished_at": NULLABLE_TIME,
            "delay_minutes": {"type": "integer", "description": "Announced by staff."},
            "position": {"oneOf": [{"type": "null"}, {
                "type": "object", "required": ["latitude", "longitude", "at"],
                "additionalProperties": False,
                "properties": {"latitude": {"type": "number"}, "longitude": {"type": "number"},
                               "at": TIME}}]},
            "completed": {"type": "integer", "minimum": 0},
            "skipped": {"type": "integer", "minimum": 0},
            "remaining": {"type": "integer", "minimum": 0},
            "stops": {"type": "array", "items": _ref("RouteDayStop")},
        },
    },
    "RouteDayStop": {
        "type": "object",
        "required": ["position", "address_id", "address", "fractions", "status",
                     "occurred_at", "estimated_at"],
        "additionalProperties": False,
        "properties": {
            "position": {"type": "integer", "minimum": 1},
            "address_id": {"type": "string"},
            "address": {"type": "string"},
            "fractions": {"type": "array", "items": {"type": "string"}},
            "status": {"enum": ["completed", "skipped", "remaining"]},
            "occurred_at": {**NULLABLE_TIME, "description": "When completed or skipped."},
            "estimated_at": {**NULLABLE_TIME,
                             "description": "Estimated arrival at a remaining stop; null "
                                            "when the truck has passed it unreported or "
                                            "the day is over."},
        },
    },
    "Problem": {
        "type": "object", "required": ["type", "title", "status"],
        "description": "RFC 9457 problem details.",
        "properties": {
            "type": {"type": "string", "format": "uri-reference"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
            "errors": {"type": "array", "description": "Every invalid member of the body.",
                       "items": {"type": "object", "required": ["pointer", "detail"],
                                 "properties": {
                                     "pointer": {"type": "string",
                                                 "description": "RFC 6901 JSON pointer "
                                                                "into the request body."},
                                     "detail": {"type": "string"}}}},
        },
    },
}

# The examples run as they stand against `flask eservices demo`: route EX-MAN drives
# on Mondays with truck T1, and its second stop is the address HP000002.
EXAMPLE_ROUTE, EXAMPLE_DATE = "EX-MAN", "2026-11-30"
EXAMPLES = {
    "batch": {"summary": "A batch, as the route-management system sends it", "value": {
        "events": [
            {"id": "ex-man-20261130-start", "type": "route_day_started",
             "occurred_at": "2026-11-30T06:58:00+01:00", "truck": "T1"},
            {"id": "ex-man-20261130-ping-1", "type": "position",
             "occurred_at": "2026-11-30T07:01:30+01:00", "latitude": 64.7503,
             "longitude": 20.9502},
            {"id": "ex-man-20261130-stop-1", "type": "stop_completed",
             "occurred_at": "2026-11-30T07:02:10+01:00", "stop": {"position": 1}},
            {"id": "ex-man-20261130-stop-2", "type": "stop_skipped",
             "occurred_at": "2026-11-30T07:05:00+01:00", "stop": {"address_id": "HP000002"},
             "reason": "Blocked by a parked car", "reason_code": "blocked_access"},
        ]}},
    "single": {"summary": "One event on its own", "value": {
        "id": "ex-man-20261130-finish", "type": "route_day_finished",
        "occurred_at": "2026-11-30T11:40:00+01:00"}},
}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/problem+json": {"schema": _ref("Problem")}}}


def _ok(description: str, schema: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": _ref(schema)}}}


PARAMETERS = [
    {"name": "route_code", "in": "path", "required": True, "schema": {"type": "string"},
     "description": "The route's code in the waste-management system, such as "
                   f"{EXAMPLE_ROUTE}."},
    {"name": "service_date", "in": "path", "required": True,
     "schema": {"type": "string", "format": "date"},
     "description": "The date the route is driven (YYYY-MM-DD, holiday shifts applied)."},
]
COMMON = {"401": _problem("No API key, or an unknown or revoked one."),
          "404": _problem("No such route, or it does not run on that date."),
          "429": _problem("Too many requests for this key; slow down.")}


def document(server: str = "/api/v1/collection-alerts") -> dict[str, Any]:
    """The OpenAPI 3.1 document, with ``server`` as the API's base URL."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Collection alerts: route-management API",
            "version": "1.0.0",
            "description": "The route-management system reports route days as events; the "
                           "e-service estimates arrival times from them and sends each "
                           "subscriber's \"the truck is coming\" SMS once. Events are "
                           "idempotent by id and may arrive late and out of order.",
        },
        "servers": [{"url": server}],
        "security": [{"bearerAuth": []}],
        "paths": {
            "/route-days/{route_code}/{service_date}/events": {
                "parameters": PARAMETERS,
                "post": {
                    "operationId": "postEvents",
                    "summary": "Report events of a route day",
                    "description": "The whole request is checked first: one invalid event "
                                   "refuses the batch and nothing is recorded.",
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"oneOf": [_ref("EventBatch"), _ref("Event")]},
                        "examples": EXAMPLES}}},
                    "responses": {
                        "200": _ok("Recorded; repeated event ids are reported as duplicates.",
                                   "EventsRecorded"),
                        "400": _problem("The body is not valid JSON."),
                        **COMMON,
                        "413": _problem("The body is larger than 1 MiB."),
                        "415": _problem("The body is not application/json."),
                        "422": _problem("Invalid events (listed in errors), or the route "
                                        "does not run on that date. Nothing was recorded."),
                    },
                },
            },
            "/route-days/{route_code}/{service_date}": {
                "parameters": PARAMETERS,
                "get": {
                    "operationId": "getRouteDay",
                    "summary": "The route day as recorded, with arrival estimates",
                    "responses": {"200": _ok("The route day.", "RouteDay"), **COMMON},
                },
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": {"description": "The OpenAPI document.",
                                          "content": {"application/json": {}}}},
                },
            },
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearerAuth": {
                "type": "http", "scheme": "bearer",
                "description": "An API key from the staff pages (ca_<prefix>_<secret>)."}},
        },
    }
