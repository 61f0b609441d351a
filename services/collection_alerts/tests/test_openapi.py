"""The OpenAPI document against the implementation: valid 3.1, same routes, true schemas.

tests/data/openapi-3.1-schema.json is the OpenAPI Initiative's published schema for
3.1 documents (https://spec.openapis.org/oas/3.1/schema/2022-10-07, Apache 2.0),
kept here so the check needs no network.  It leaves Schema Objects open, so each
component schema is also checked against JSON Schema 2020-12 itself.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from services.collection_alerts import api
from services.collection_alerts.blueprint import api_bp
from services.collection_alerts.demo import load_demo
from services.collection_alerts.openapi import EXAMPLE_DATE, EXAMPLE_ROUTE, document

BASE = "/api/v1/collection-alerts"
EVENTS = "/route-days/{route_code}/{service_date}/events"
ROUTE_DAY = "/route-days/{route_code}/{service_date}"
OAS_SCHEMA = Path(__file__).parent / "data" / "openapi-3.1-schema.json"
DOC_URI = "urn:collection-alerts-openapi"


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return document(BASE)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def validator(doc: dict[str, Any], *pointer: str) -> Draft202012Validator:
    """A validator for the schema at ``pointer`` in the document, its $refs resolving."""
    registry = Registry().with_resource(
        DOC_URI, Resource.from_contents(doc, default_specification=DRAFT202012))
    ref = f"{DOC_URI}#/" + "/".join(_escape(token) for token in pointer)
    return Draft202012Validator({"$ref": ref}, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def request_schema(doc: dict[str, Any]) -> Draft202012Validator:
    return validator(doc, "paths", EVENTS, "post", "requestBody", "content",
                     "application/json", "schema")


def check_response(doc: dict[str, Any], path: str, method: str, response) -> None:
    """The response's status and media type are documented and its body fits the schema."""
    documented = doc["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method.upper()} {path} {status} is not documented"
    media = documented[status]["content"]
    assert response.mimetype in media, (status, response.mimetype)
    if "schema" in media[response.mimetype]:
        validator(doc, "paths", path, method, "responses", status, "content",
                  response.mimetype, "schema").validate(response.get_json())


def test_the_document_is_valid_openapi_3_1(doc):
    meta = json.loads(OAS_SCHEMA.read_text())
    Draft202012Validator(meta).validate(doc)
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    text = json.dumps(doc)
    for ref in set(re.findall(r'"\$ref": "#/components/schemas/(\w+)"', text)):
        assert ref in doc["components"]["schemas"], ref
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_the_document_is_served_without_a_key(app, client, doc):
    response = client.get(f"{BASE}/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == doc
    assert doc["paths"]["/openapi.json"]["get"]["security"] == []


def test_every_route_is_documented_and_every_documented_path_exists(app, doc):
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(f"{api_bp.name}."):
            assert rule.rule.startswith(BASE)
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(BASE))
            methods = {m.lower() for m in rule.methods or ()} - {"head", "options"}
            routes.setdefault(path, set()).update(methods)
    documented = {path: {key for key in item if key != "parameters"}
                  for path, item in doc["paths"].items()}
    assert routes == documented
    for path, item in doc["paths"].items():
        named = set(re.findall(r"{(\w+)}", path))
        assert {p["name"] for p in item.get("parameters", ()) if p["in"] == "path"} == named


def test_request_examples_fit_the_schema_and_work_on_the_demo_data(app, client, clock,
                                                                   api_key, doc):
    # An integrator tries the documented examples against `flask eservices demo`.
    with app.app_context():
        load_demo()
    clock.set(datetime(2026, 11, 30, 11, 0, tzinfo=UTC))
    schema = request_schema(doc)
    examples = doc["paths"][EVENTS]["post"]["requestBody"]["content"]["application/json"][
        "examples"]
    auth = {"Authorization": f"Bearer {api_key}"}
    for name, example in examples.items():
        schema.validate(example["value"])
        response = client.post(f"{BASE}/route-days/{EXAMPLE_ROUTE}/{EXAMPLE_DATE}/events",
                               json=example["value"], headers=auth)
        assert response.status_code == 200, (name, response.get_json())
        assert {e["result"] for e in response.get_json()["events"]} == {"accepted"}
        check_response(doc, EVENTS, "post", response)


INVALID = [
    {"id": "p", "type": "position", "occurred_at": "2026-11-30T07:00:00+01:00"},
    {"id": "p", "type": "position", "occurred_at": "2026-11-30T07:00:00+01:00",
     "latitude": 64.7},
    {"id": "p", "type": "position", "occurred_at": "2026-11-30T07:00:00+01:00",
     "latitude": 40.0, "longitude": 20.0},
    {"id": "s", "type": "stop_completed", "occurred_at": "2026-11-30T07:00:00+01:00"},
    {"id": "s", "type": "stop_completed", "occurred_at": "2026-11-30T07:00:00+01:00",
     "stop": {"position": 1, "address_id": "STO-1"}},
    {"id": "s", "type": "route_day_started", "occurred_at": "2026-11-30T07:00:00+01:00",
     "stop": {"position": 1}},
    {"id": "s", "type": "route_day_started", "occurred_at": "2026-11-30T07:00:00+01:00",
     "reason": "Early"},
    {"id": "s", "type": "route_day_started", "occurred_at": "2026-11-30T07:00:00+01:00",
     "truck": None},
    {"id": "", "type": "route_day_started", "occurred_at": "2026-11-30T07:00:00+01:00"},
    {"id": "s", "type": "route_day_paused", "occurred_at": "2026-11-30T07:00:00+01:00"},
    {"id": "s", "type": "route_day_started", "occurred_at": "2026-11-30T07:00:00+01:00",
     "driver": "Kim"},
    {"events": []},
    {"events": [{"id": "s", "type": "route_day_started",
                 "occurred_at": "2026-11-30T07:00:00+01:00"}] * 501},
    ["not", "an", "object"],
]


@pytest.mark.parametrize("body", INVALID)
def test_what_the_schema_refuses_the_api_refuses(app, client, network, clock, api_key, doc,
                                                 body):
    clock.set(datetime(2026, 11, 30, 11, 0, tzinfo=UTC))
    assert not request_schema(doc).is_valid(body)
    response = client.post(f"{BASE}/route-days/R1/2026-11-30/events", json=body,
                           headers={"Authorization": f"Bearer {api_key}"})
    assert response.status_code == 422, response.get_json()
    check_response(doc, EVENTS, "post", response)


def test_real_responses_fit_the_documented_schemas(app, client, network, clock, api_key, doc,
                                                   monkeypatch):
    clock.set(datetime(2026, 11, 30, 6, 30, tzinfo=UTC))
    auth = {"Authorization": f"Bearer {api_key}"}
    events, day = f"{BASE}/route-days/R1/2026-11-30/events", f"{BASE}/route-days/R1/2026-11-30"
    check_response(doc, ROUTE_DAY, "get", client.get(day, headers=auth))  # planned
    batch = {"events": [
        {"id": "s", "type": "route_day_started", "occurred_at": "2026-11-30T07:00:00+01:00"},
        {"id": "p", "type": "position", "occurred_at": "2026-11-30T07:02:00+01:00",
         "latitude": 64.75, "longitude": 20.95},
        {"id": "1", "type": "stop_completed", "occurred_at": "2026-11-30T07:01:00+01:00",
         "stop": {"position": 1}},
        {"id": "2", "type": "stop_skipped", "occurred_at": "2026-11-30T07:04:00+01:00",
         "stop": {"position": 2}, "reason": "Blocked"}]}
    for response in (
            client.post(events, json=batch, headers=auth),
            client.post(events, json=batch, headers=auth),  # duplicates
            client.get(day, headers=auth),  # started, with estimates and a position
            client.post(events, json=batch),  # 401
            client.post(events, data="{", headers=auth, content_type="application/json"),
            client.post(events, data="x", headers=auth, content_type="text/plain"),
            client.post(events, data=b"[" + b" " * api.MAX_BODY_BYTES + b"]", headers=auth,
                        content_type="application/json"),
            client.post(f"{BASE}/route-days/R9/2026-11-30/events", json=batch, headers=auth),
            client.post(f"{BASE}/route-days/R1/2026-12-01/events", json=batch, headers=auth)):
        check_response(doc, EVENTS if response.request.path.endswith("/events") else ROUTE_DAY,
                       response.request.method.lower(), response)
    for response in (client.get(day), client.get(f"{BASE}/route-days/R1/2026-12-01",
                                                 headers=auth)):
        check_response(doc, ROUTE_DAY, "get", response)
    monkeypatch.setattr(api, "REQUESTS_PER_MINUTE", 1)
    client.get(day, headers=auth)
    limited = client.get(day, headers=auth)
    assert limited.status_code == 429
    check_response(doc, ROUTE_DAY, "get", limited)
