"""The OpenAPI 3.1 description of the Open311 GeoReport v2 endpoints.

Built from the code's constants, as the route API's is (``collection_alerts``):
the tests compare its paths with the blueprint's routes and validate real
answers against these schemas, so the document cannot drift from the API.
"""

from __future__ import annotations

from typing import Any

from .api import LIST_DAYS, MAX_IDS, MAX_RESULTS
from .filing import FIELD_MAX
from .services import STATUSES

REF = "#/components/schemas/"
TIME = {"type": ["string", "null"], "format": "date-time"}
TEXT = {"type": ["string", "null"]}
NUMBER = {"type": ["number", "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


SCHEMAS: dict[str, Any] = {
    "Errors": {
        "type": "array", "minItems": 1,
        "description": "GeoReport v2 errors: the HTTP status as the code, and what is wrong.",
        "items": {"type": "object", "required": ["code", "description"],
                  "additionalProperties": False,
                  "properties": {"code": {"type": "integer"},
                                 "description": {"type": "string"}}},
    },
    "Service": {
        "type": "object", "additionalProperties": False,
        "required": ["service_code", "service_name", "description", "metadata", "type",
                     "keywords", "group"],
        "properties": {
            "service_code": {"type": "string"}, "service_name": {"type": "string"},
            "description": {"type": "string"},
            "metadata": {"type": "boolean",
                         "description": "True when the service has attributes to fetch."},
            "type": {"enum": ["realtime", "batch", "blackbox"]},
            "keywords": {"type": "string"}, "group": {"type": "string"},
        },
    },
    "Services": {"type": "array", "items": _ref("Service")},
    "ServiceDefinition": {
        "type": "object", "required": ["service_code", "attributes"],
        "additionalProperties": False,
        "properties": {"service_code": {"type": "string"},
                       "attributes": {"type": "array", "items": _ref("Attribute")}},
    },
    "Attribute": {
        "type": "object", "additionalProperties": False,
        "required": ["variable", "code", "datatype", "required", "datatype_description",
                     "order", "description"],
        "properties": {
            "variable": {"type": "boolean"}, "code": {"type": "string"},
            "datatype": {"enum": ["string", "number", "datetime", "text", "singlevaluelist",
                                  "multivaluelist"]},
            "required": {"type": "boolean"}, "datatype_description": TEXT,
            "order": {"type": "integer"}, "description": {"type": "string"},
            "values": {"type": "array", "items": {
                "type": "object", "required": ["key", "name"], "additionalProperties": False,
                "properties": {"key": {"type": "string"}, "name": {"type": "string"}}}},
        },
    },
    "RequestFiled": {
        "type": "array", "minItems": 1, "maxItems": 1,
        "items": {"type": "object", "additionalProperties": False,
                  "required": ["service_request_id", "service_notice", "account_id"],
                  "properties": {"service_request_id": {"type": "string"},
                                 "service_notice": TEXT, "account_id": TEXT}},
    },
    "ServiceRequest": {
        "type": "object", "additionalProperties": False,
        "required": ["service_request_id", "status", "service_code", "service_name",
                     "requested_datetime", "updated_datetime"],
        "properties": {
            "service_request_id": {"type": "string"}, "status": {"enum": list(STATUSES)},
            "status_notes": TEXT, "service_name": {"type": "string"},
            "service_code": {"type": "string"}, "description": TEXT,
            "agency_responsible": TEXT, "service_notice": TEXT,
            "requested_datetime": TIME, "updated_datetime": TIME, "expected_datetime": TIME,
            "address": TEXT, "address_id": TEXT, "zipcode": TEXT, "lat": NUMBER,
            "long": NUMBER, "media_url": TEXT,
        },
    },
    "ServiceRequests": {"type": "array", "items": _ref("ServiceRequest")},
    "NewRequest": {
        "type": "object", "required": ["api_key", "service_code"],
        "description": "Form fields. Attributes are sent as attribute[code]=value, a "
                       "multivaluelist as attribute[code][]=key for each key. A location "
                       "is required: lat and long, address_string or address_id (some "
                       "services need address_id, the register's id of the address).",
        "properties": {
            "api_key": {"type": "string"}, "jurisdiction_id": {"type": "string"},
            "service_code": {"type": "string"},
            "lat": {"type": "number", "minimum": -90, "maximum": 90},
            "long": {"type": "number", "minimum": -180, "maximum": 180},
            "email": {"type": "string", "format": "email"},
            "phone": {"type": "string", "description": "A Swedish mobile number."},
            **{name: {"type": "string", "maxLength": limit}
               for name, limit in FIELD_MAX.items()},
        },
        "additionalProperties": {"type": "string"},
    },
}


def _json(description: str, schema: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": _ref(schema)}}}


ERRORS = {status: _json(text, "Errors") for status, text in {
    "400": "Bad input; every problem is listed.",
    "403": "api_key was not provided or is invalid.",
    "404": "No such service or service request.",
    "429": "Too many requests; wait as Retry-After says.",
}.items()}
KEY = {"name": "api_key", "in": "query", "required": True, "schema": {"type": "string"},
       "description": "An API key with the open311 scope (flask open311 create-key)."}
LOCALE = {"name": "locale", "in": "query", "required": False,
          "schema": {"enum": ["sv", "en"]},
          "description": "Language of names and descriptions; else Accept-Language, else sv."}


def document(server: str = "/open311/v2") -> dict[str, Any]:
    """The OpenAPI 3.1 document, with ``server`` as the endpoint's base URL."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Open311 GeoReport v2", "version": "2.0.0",
                 "description": "The municipality's service requests in the GeoReport v2 "
                                "standard (JSON). Services come from the site's modules."},
        "servers": [{"url": server}],
        "paths": {
            "/services.json": {"get": {
                "operationId": "getServices", "summary": "The services",
                "parameters": [LOCALE],
                "responses": {"200": _json("Every service.", "Services"),
                              "429": ERRORS["429"]}}},
            "/services/{service_code}.json": {"get": {
                "operationId": "getServiceDefinition",
                "summary": "A service's attribute definitions",
                "parameters": [{"name": "service_code", "in": "path", "required": True,
                                "schema": {"type": "string"}}, LOCALE],
                "responses": {"200": _json("The definition.", "ServiceDefinition"),
                              "404": ERRORS["404"], "429": ERRORS["429"]}}},
            "/requests.json": {
                "get": {
                    "operationId": "getServiceRequests",
                    "summary": "Service requests, newest first",
                    "description": f"Without dates or ids: the last {LIST_DAYS} days. At "
                                   f"most {MAX_RESULTS} requests.",
                    "parameters": [KEY, LOCALE, *[
                        {"name": name, "in": "query", "required": False, "schema": schema,
                         "description": text} for name, schema, text in (
                            ("service_request_id", {"type": "string"},
                             f"Comma-separated ids (at most {MAX_IDS})."),
                            ("service_code", {"type": "string"}, "Comma-separated codes."),
                            ("status", {"enum": list(STATUSES)}, "open or closed."),
                            ("start_date", {"type": "string", "format": "date-time"},
                             "Requested at or after."),
                            ("end_date", {"type": "string", "format": "date-time"},
                             "Requested at or before."))]],
                    "responses": {"200": _json("The requests.", "ServiceRequests"),
                                  **{k: ERRORS[k] for k in ("400", "403", "404", "429")}},
                },
                "post": {
                    "operationId": "postServiceRequest", "summary": "File a service request",
                    "requestBody": {"required": True, "content": {
                        "application/x-www-form-urlencoded": {"schema": _ref("NewRequest")}}},
                    "responses": {"201": _json("Filed.", "RequestFiled"), **ERRORS},
                },
            },
            "/requests/{service_request_id}.json": {"get": {
                "operationId": "getServiceRequest", "summary": "One service request",
                "parameters": [{"name": "service_request_id", "in": "path", "required": True,
                                "schema": {"type": "string"}}, KEY, LOCALE],
                "responses": {"200": _json("The request, in an array of one.",
                                           "ServiceRequests"),
                              **{k: ERRORS[k] for k in ("403", "404", "429")}}}},
            "/openapi.json": {"get": {
                "operationId": "getOpenApi", "summary": "This document",
                "responses": {"200": {"description": "The OpenAPI document.",
                                      "content": {"application/json": {}}}}}},
        },
        "components": {"schemas": SCHEMAS},
    }
