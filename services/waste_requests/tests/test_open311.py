"""Open311 GeoReport v2: every endpoint, its errors as the spec writes them, and the
OpenAPI document held to the routes and to real answers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sqlalchemy import select

from eservices.db import db
from eservices.open311 import PREFIX, bp
from eservices.open311.openapi import document
from notifications.models import Notification
from services.waste_requests.models import Booking, Report

from .conftest import COLLECTED, RESTAVFALL, STORGATAN_1

DOC_URI = "urn:open311-openapi"


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return document(PREFIX)


def check(doc, path: str, method: str, response) -> Any:
    """The status is documented for the path and the body fits its schema."""
    documented = doc["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method} {path} {status} is not documented"
    schema = documented[status]["content"]["application/json"]["schema"]
    registry = Registry().with_resource(
        DOC_URI, Resource.from_contents(doc, default_specification=DRAFT202012))
    Draft202012Validator({"$ref": DOC_URI + "#" + schema["$ref"].removeprefix("#")},
                         registry=registry).validate(response.get_json())
    return response.get_json()


def missed(api_key: str, **extra) -> dict[str, str]:
    return {"api_key": api_key, "service_code": "missed_collection",
            "address_id": STORGATAN_1, "attribute[container_id]": RESTAVFALL,
            "phone": "070-123 45 67", **extra}


def test_every_route_is_documented_and_every_documented_path_exists(app, doc):
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(f"{bp.name}."):
            path = re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}",
                          rule.rule.removeprefix(PREFIX))
            routes.setdefault(path, set()).update(
                {m.lower() for m in rule.methods or ()} - {"head", "options"})
    assert routes == {path: set(item) for path, item in doc["paths"].items()}
    for schema in doc["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_the_document_is_served(client, doc):
    assert client.get(f"{PREFIX}/openapi.json").get_json() == doc


def test_the_service_list(client, doc):
    services = check(doc, "/services.json", "get", client.get(f"{PREFIX}/services.json"))
    codes = {s["service_code"]: s for s in services}
    assert set(codes) == {"missed_collection", "extra_emptying", "bulky_waste"}
    assert codes["missed_collection"]["service_name"] == "Utebliven tömning"
    english = client.get(f"{PREFIX}/services.json?locale=en").get_json()
    assert {s["service_name"] for s in english} >= {"Missed bin collection"}


def test_a_service_definition_and_an_unknown_code(client, doc):
    definition = check(doc, "/services/{service_code}.json", "get",
                       client.get(f"{PREFIX}/services/bulky_waste.json"))
    items = next(a for a in definition["attributes"] if a["code"] == "items")
    assert items["datatype"] == "multivaluelist" and items["required"]
    assert {"key": "sofa", "name": "Soffa"} in items["values"]
    unknown = client.get(f"{PREFIX}/services/potholes.json")
    assert check(doc, "/services/{service_code}.json", "get", unknown) == [
        {"code": 404, "description": "No service with service_code 'potholes'"}]


def test_filing_a_missed_collection(app, client, doc, api_key):
    answer = client.post(f"{PREFIX}/requests.json", data=missed(api_key))
    [filed] = check(doc, "/requests.json", "post", answer)
    assert answer.status_code == 201
    with app.app_context():
        report = db.session.scalar(select(Report))
        [sms] = db.session.scalars(select(Notification)).all()
    assert report.reference == filed["service_request_id"]
    assert report.collection_date == COLLECTED and report.source.startswith("api-key:")
    assert sms.recipient == "+46701234567" and report.reference in sms.body
    # A retry (or a second app) for the same bin and collection gets the same request.
    again = client.post(f"{PREFIX}/requests.json", data=missed(api_key))
    assert again.get_json()[0]["service_request_id"] == report.reference
    with app.app_context():
        assert len(db.session.scalars(select(Report)).all()) == 1


@pytest.mark.parametrize("key", [None, "", "es_nope_nope", "ca_1234abcd_secret"])
def test_a_missing_or_bad_api_key_is_403(app, client, doc, key):
    data = missed("x")
    if key is None:
        del data["api_key"]
    else:
        data["api_key"] = key
    answer = client.post(f"{PREFIX}/requests.json", data=data)
    [error] = check(doc, "/requests.json", "post", answer)
    assert answer.status_code == 403 and error["code"] == 403 and "api_key" in error[
        "description"]
    assert client.get(f"{PREFIX}/requests.json").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Report)) is None


def test_a_revoked_key_is_403(app, client, api_key):
    from eservices.open311.keys import find_api_key, revoke_api_key

    with app.app_context():
        revoke_api_key(find_api_key(api_key, "open311"))
        db.session.commit()
    assert client.post(f"{PREFIX}/requests.json", data=missed(api_key)).status_code == 403


def test_an_unknown_service_code_is_404(client, doc, api_key):
    answer = client.post(f"{PREFIX}/requests.json", data=missed(
        api_key, service_code="potholes"))
    assert check(doc, "/requests.json", "post", answer) == [
        {"code": 404, "description": "No service with service_code 'potholes'"}]


def test_missing_required_attributes_are_all_listed(app, client, doc, api_key):
    data = {"api_key": api_key, "service_code": "bulky_waste", "phone": "12"}
    answer = client.post(f"{PREFIX}/requests.json", data=data)
    errors = check(doc, "/requests.json", "post", answer)
    assert answer.status_code == 400 and {e["code"] for e in errors} == {400}
    text = " | ".join(e["description"] for e in errors)
    assert "attribute[items] is required" in text and "attribute[date] is required" in text
    assert "needs address_id" in text and "phone" in text
    wrong = client.post(f"{PREFIX}/requests.json", data={
        **data, "phone": "070-123 45 67", "address_id": STORGATAN_1,
        "attribute[items][]": ["sofa", "piano"], "attribute[date]": "2026-12-08",
        "attribute[colour]": "red"})
    text = " | ".join(e["description"] for e in check(doc, "/requests.json", "post", wrong))
    assert "no value 'piano'" in text and "attribute[colour] is not an attribute" in text
    with app.app_context():
        assert db.session.scalar(select(Booking)) is None


def test_a_report_the_rules_refuse_is_400_with_the_reason(client, doc, api_key,
                                                          record_outcome):
    record_outcome(RESTAVFALL, "skipped", "not_put_out")
    answer = client.post(f"{PREFIX}/requests.json", data=missed(api_key))
    [error] = check(doc, "/requests.json", "post", answer)
    assert answer.status_code == 400 and "not_put_out" in error["description"]


def test_booking_bulky_waste_and_reading_requests_back(app, client, doc, api_key):
    answer = client.post(f"{PREFIX}/requests.json", data={
        "api_key": api_key, "service_code": "bulky_waste", "address_id": STORGATAN_1,
        "attribute[items][]": ["sofa", "chair"], "attribute[date]": "2026-12-08",
        "email": "anna@example.se"})
    [filed] = check(doc, "/requests.json", "post", answer)
    booking_id = filed["service_request_id"]
    assert filed["service_notice"] == "Pris: 380,00\xa0kr"  # 250 + 100 + 30, from the tariff
    report_id = client.post(f"{PREFIX}/requests.json", data=missed(api_key)).get_json()[0][
        "service_request_id"]
    one = check(doc, "/requests/{service_request_id}.json", "get",
                client.get(f"{PREFIX}/requests/{booking_id}.json?api_key={api_key}"))
    assert one[0]["service_code"] == "bulky_waste" and one[0]["status"] == "open"
    assert one[0]["expected_datetime"].startswith("2026-12-08")
    listed = check(doc, "/requests.json", "get",
                   client.get(f"{PREFIX}/requests.json?api_key={api_key}"))
    assert {r["service_request_id"] for r in listed} == {booking_id, report_id}
    only = client.get(f"{PREFIX}/requests.json?api_key={api_key}"
                      "&service_code=missed_collection&status=open").get_json()
    assert [r["service_request_id"] for r in only] == [report_id]
    assert client.get(f"{PREFIX}/requests.json?api_key={api_key}&status=closed"
                      ).get_json() == []
    by_id = client.get(f"{PREFIX}/requests.json?api_key={api_key}"
                       f"&service_request_id={report_id},{booking_id}").get_json()
    assert len(by_id) == 2


def test_request_lookups_refuse_bad_input(client, doc, api_key):
    for query, code in (("status=pending", 400), ("start_date=yesterday", 400),
                        ("service_code=potholes", 404),
                        ("start_date=2026-12-02T00:00:00Z&end_date=2026-12-01T00:00:00Z", 400)):
        answer = client.get(f"{PREFIX}/requests.json?api_key={api_key}&{query}")
        [error] = check(doc, "/requests.json", "get", answer)
        assert answer.status_code == code == error["code"], query
    missing = client.get(f"{PREFIX}/requests/MC-XXXX-XXXX.json?api_key={api_key}")
    assert check(doc, "/requests/{service_request_id}.json", "get", missing)[0]["code"] == 404
    assert client.get(f"{PREFIX}/requests/MC-XXXX-XXXX.json").status_code == 403


def test_too_many_requests_answer_in_georeport_shape(app, client, doc, monkeypatch):
    from eservices.open311 import api

    monkeypatch.setattr(api, "REQUESTS_PER_MINUTE", 2)
    for _ in range(2):
        assert client.get(f"{PREFIX}/services.json").status_code == 200
    answer = client.get(f"{PREFIX}/services.json")
    [error] = check(doc, "/services.json", "get", answer)
    assert answer.status_code == 429 and error["code"] == 429
    assert int(answer.headers["Retry-After"]) > 0


def test_keys_are_made_listed_and_revoked_on_the_command_line(app, client):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["open311", "create-key", "Felanmälan-appen", "--by", "anna"])
    assert made.exit_code == 0, made.output
    prefix, key = made.output.strip().split("\t")
    assert key.startswith(f"es_{prefix}_")
    assert client.get(f"{PREFIX}/requests.json?api_key={key}").status_code == 200
    listed = runner.invoke(args=["open311", "list-keys"]).output
    assert prefix in listed and "Felanmälan-appen" in listed and key not in listed
    assert runner.invoke(args=["open311", "revoke-key", prefix]).exit_code == 0
    assert client.get(f"{PREFIX}/requests.json?api_key={key}").status_code == 403
    assert runner.invoke(args=["open311", "revoke-key", "nope"]).exit_code != 0
