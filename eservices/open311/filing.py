"""A GeoReport v2 ``POST requests.json`` body, checked against the service's definitions.

Every problem is collected before anything is filed, so a client learns all it
must fix from one answer (GeoReport's error array has room for many), and a
request with a missing required attribute, a value outside a list, an unknown
attribute or an unusable phone number or e-mail address files nothing.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

from werkzeug.datastructures import MultiDict

from ..forms.validators import InvalidValue, normalise_email, normalise_mobile
from .services import Open311Attribute, Open311Error, Open311NewRequest, Open311Service

ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_.-]{1,80})\](\[\])?$")
TEXT_MAX = {"string": 200, "text": 4000}
FIELD_MAX = {"address_string": 300, "address_id": 80, "first_name": 100, "last_name": 100,
             "description": 4000, "device_id": 200, "account_id": 200, "media_url": 2000}
STANDARD = {"api_key", "jurisdiction_id", "service_code", "lat", "long", "email", "phone",
            *FIELD_MAX}


class Invalid(Exception):
    """Several ``Open311Error``s at once (all 400)."""

    def __init__(self, errors: list[Open311Error]) -> None:
        super().__init__("; ".join(error.description for error in errors))
        self.errors = errors


def _value(attribute: Open311Attribute, values: list[str], fail) -> str | tuple[str, ...] | None:
    name = f"attribute[{attribute.code}]"
    values = [v.strip() for v in values if v.strip()]
    if not values:
        if attribute.required:
            fail(f"{name} is required: {attribute.description}")
        return None
    keys = {key for key, _ in attribute.values}
    if attribute.datatype == "multivaluelist":
        wrong = [v for v in values if v not in keys]
        if wrong:
            fail(f"{name} has no value {wrong[0]!r}; expected some of {', '.join(sorted(keys))}")
        return tuple(dict.fromkeys(values))
    if len(values) > 1:
        fail(f"{name} takes one value")
        return None
    value = values[0]
    if attribute.datatype == "singlevaluelist" and value not in keys:
        fail(f"{name} has no value {value!r}; expected one of {', '.join(sorted(keys))}")
    elif attribute.datatype == "number":
        try:
            if not math.isfinite(float(value)):
                raise ValueError(value)
        except ValueError:
            fail(f"{name} must be a number")
    elif attribute.datatype == "datetime":
        try:
            datetime.fromisoformat(value)
        except ValueError:
            fail(f"{name} must be an ISO 8601 date or date and time, such as 2026-12-15")
    elif len(value) > TEXT_MAX.get(attribute.datatype, 200):
        fail(f"{name} must be at most {TEXT_MAX.get(attribute.datatype, 200)} characters")
    return value


def _coordinate(form: MultiDict, name: str, low: float, high: float, fail) -> float | None:
    text = form.get(name, "").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and low <= number <= high):
        fail(f"{name} must be a decimal degree between {low} and {high} (WGS84)")
        return None
    return number


def parse(form: MultiDict, service: Open311Service, client: str,
          language: str) -> Open311NewRequest:
    """The checked request, or ``Invalid`` listing every problem."""
    errors: list[Open311Error] = []

    def fail(description: str) -> None:
        errors.append(Open311Error(400, description))

    given: dict[str, list[str]] = {}
    for key in form:
        match = ATTRIBUTE.match(key)
        if match:
            given.setdefault(match.group(1), []).extend(form.getlist(key))
        elif key not in STANDARD:
            fail(f"Unknown parameter {key[:80]!r}")
    known = {attribute.code: attribute for attribute in service.attributes}
    for code in given:
        if code not in known:
            fail(f"attribute[{code}] is not an attribute of service {service.code}")
    attributes = {}
    for attribute in sorted(service.attributes, key=lambda a: a.order):
        value = _value(attribute, given.get(attribute.code, []), fail)
        if value is not None:
            attributes[attribute.code] = value
    text = {name: form.get(name, "").strip() for name in FIELD_MAX}
    for name, limit in FIELD_MAX.items():
        if len(text[name]) > limit:
            fail(f"{name} must be at most {limit} characters")
    lat = _coordinate(form, "lat", -90, 90, fail)
    long = _coordinate(form, "long", -180, 180, fail)
    if (lat is None) != (long is None):
        fail("Give both lat and long, or neither")
    if service.location == "address_id" and not text["address_id"]:
        fail(f"Service {service.code} needs address_id: the id of an address in the register")
    elif not (text["address_id"] or text["address_string"] or lat is not None):
        fail("Give the location: lat and long, address_string or address_id")
    email = phone = ""
    try:
        email = normalise_email(form.get("email", "")) if form.get("email", "").strip() else ""
    except InvalidValue:
        fail("email is not a usable e-mail address")
    try:
        phone = normalise_mobile(form.get("phone", "")) if form.get("phone", "").strip() else ""
    except InvalidValue:
        fail("phone is not a Swedish mobile number")
    if errors:
        raise Invalid(errors)
    return Open311NewRequest(
        service_code=service.code, attributes=attributes, client=client,
        address_id=text["address_id"], address_string=text["address_string"], lat=lat,
        long=long, email=email, phone=phone, first_name=text["first_name"],
        last_name=text["last_name"], description=text["description"], language=language)
