"""What Twilio accepts when creating a message, and how it says no.

Two halves of one contract, shared by the fake Twilio server and the tests that script it:

* The request side comes from Twilio's own OpenAPI description (``CreateMessage``), compiled
  once per process into a ``Contract``, plus the rules the spec only states in prose: ``To``,
  one of ``Body``/``MediaUrl``/``ContentSid``, one of ``From``/``MessagingServiceSid``.
* The error side comes from Twilio's public error dictionary (https://www.twilio.com/docs/errors),
  because the spec documents success responses only. Every REST error has the same JSON shape -
  ``code``, ``message``, ``more_info``, ``status`` - and the twilio SDK turns exactly that shape
  into a ``TwilioRestException`` carrying ``.status`` and ``.code``.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SPEC_ENV = "TWILIO_OPENAPI_SPEC"
DEFAULT_SPEC = Path(__file__).resolve().parents[3] / "shared/specs/twilio/twilio_api_v2010.json"
FORM = "application/x-www-form-urlencoded"
_SPEC_URI = "urn:twilio:api-v2010"  # where the spec lives in the jsonschema Registry
Form = dict[str, list[str]]  # a parsed form body: Twilio fields such as MediaUrl repeat

#: code -> (HTTP status, Twilio's message). Messages follow Twilio's error dictionary.
ERRORS: dict[int, tuple[int, str]] = {
    20003: (401, "Authenticate"),
    20004: (405, "Method not allowed"),
    20404: (404, "The requested resource was not found"),
    20429: (429, "Too Many Requests"),
    20500: (500, "An internal server error has occurred"),
    20503: (503, "Service unavailable"),
    21211: (400, "Invalid 'To' Phone Number"),
    21212: (400, "Invalid 'From' Phone Number"),
    21408: (400, "Permission to send an SMS has not been enabled for the region"),
    21602: (400, "Message body is required."),
    21603: (400, "A 'From' phone number is required."),
    21604: (400, "A 'To' phone number is required."),
    21606: (400, "The 'From' phone number provided is not a valid message-capable "
                 "Twilio phone number for this destination."),
    21610: (400, "Attempt to send to unsubscribed recipient"),
    21612: (400, "The 'To' phone number is not currently reachable via SMS"),
    21614: (400, "'To' number is not a valid mobile number"),
    21617: (400, "The concatenated message body exceeds the 1600 character limit."),
    21619: (400, "A text message body or media urls must be specified."),
    # The request does not match the API's expected schema (wrong type, bad enum value...).
    70002: (400, "Bad request"),
    # Delivery errors: these never come back as an HTTP error; they arrive as ErrorCode in
    # status callbacks and as error_code on the message resource.
    30003: (400, "Unreachable destination handset"),
    30005: (400, "Unknown destination handset"),
    30006: (400, "Landline or unreachable carrier"),
    30007: (400, "Message filtered"),
    30008: (400, "Unknown error"),
}

#: HTTP status -> the code Twilio pairs with it when a test scripts only a status.
DEFAULT_CODE_FOR_STATUS: dict[int, int] = {
    400: 70002, 401: 20003, 404: 20404, 405: 20004, 429: 20429, 500: 20500, 503: 20503,
}

#: Error code a failed or undelivered status callback carries when the test names none.
DEFAULT_DELIVERY_ERROR = 30008


def more_info(code: int) -> str:
    """The documentation link Twilio puts in every error body."""
    return f"https://www.twilio.com/docs/errors/{code}"


def status_for(code: int) -> int:
    """The HTTP status Twilio answers with for ``code`` (400 for codes we don't know)."""
    return ERRORS.get(code, (400, ""))[0]


def code_for(status: int) -> int:
    """The Twilio code to report when a test scripts a bare HTTP status."""
    return DEFAULT_CODE_FOR_STATUS.get(status, 20500 if status >= 500 else 70002)


def message_for(code: int) -> str:
    """Twilio's message for ``code``, or a neutral one so unknown codes still work."""
    return ERRORS.get(code, (400, f"Twilio error {code}"))[1]


def error_body(code: int, status: int | None = None, message: str | None = None,
               **extra: Any) -> dict[str, Any]:
    """A Twilio REST error body, e.g. ``error_body(21211)`` for an invalid 'To' number.

    ``extra`` adds fields some errors carry (Twilio's 401 includes ``detail``). The body has
    no ``type``/``title`` pair on purpose: the SDK would then raise its RFC 9457
    ``TwilioServiceException`` instead of the ``TwilioRestException`` Messaging returns.
    """
    return {
        "code": code,
        "message": message if message is not None else message_for(code),
        "more_info": more_info(code),
        "status": status if status is not None else status_for(code),
        **extra,
    }


def spec_path() -> Path:
    """The OpenAPI file to use: ``$TWILIO_OPENAPI_SPEC`` or the shared copy beside the repo."""
    return Path(os.environ.get(SPEC_ENV) or DEFAULT_SPEC)


@functools.cache
def load_spec(path: str) -> dict[str, Any]:
    """Parse the (1.8 MB) spec once per process; every server and test shares the result."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _pointer(*parts: str) -> str:
    """A JSON pointer (RFC 6901) to a spec node; path keys contain "/" and "{}"."""
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass(frozen=True)
class Contract:
    """``CreateMessage``'s request schema, compiled once, plus the rules only its prose states."""

    validator: Draft4Validator
    types: dict[str, tuple[str, str | None]]  # form field -> (type, array item type)

    def coerce(self, form: Form) -> dict[str, Any]:
        """Form values are strings; give them the declared types so the schema can judge them.

        A value that doesn't parse stays a string, so the validator reports the bad type. A
        scalar sent twice stays a list, which the schema rejects, as it should.
        """
        out: dict[str, Any] = {}
        for name, values in form.items():
            kind, item_kind = self.types.get(name, ("string", None))
            if kind == "array":
                out[name] = [_scalar(v, item_kind) for v in values]
            else:
                out[name] = _scalar(values[0], kind) if len(values) == 1 else values
        return out

    def check(self, form: Form) -> list[tuple[int, str]]:
        """Every problem as (Twilio error code, message); an empty list means Twilio accepts it."""
        problems: list[tuple[int, str]] = []
        for err in self.validator.iter_errors(self.coerce(form)):
            missing_to = err.validator == "required" and err.message.startswith("'To'")
            where = "/".join(str(p) for p in err.absolute_path)
            problems.append((21604 if missing_to else 70002,
                             f"{where}: {err.message}" if where else err.message))
        given = {k for k, vs in form.items() if any(v.strip() for v in vs)}
        if "To" in form and "To" not in given:
            problems.append((21604, message_for(21604)))
        if not given & {"From", "MessagingServiceSid"}:
            problems.append((21603, "A 'From' phone number or a 'MessagingServiceSid' "
                                    "is required."))
        if not given & {"Body", "MediaUrl", "ContentSid"}:
            problems.append((21619, message_for(21619)))
        return sorted(problems, key=lambda p: p[0] == 70002)


def _scalar(value: str, kind: str | None) -> Any:
    """One form value as its declared type; "True" counts (the live API is laxer than the spec)."""
    if kind == "integer" and re.fullmatch(r"[+-]?\d+", value.strip()):
        return int(value)
    if kind == "number":
        try:
            return float(value)
        except ValueError:
            return value
    if kind == "boolean" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


@functools.cache
def create_message_contract(path: str) -> Contract:
    """Find ``CreateMessage`` in the spec and build its validator, once per spec file."""
    spec = load_spec(path)
    found = [(p, m) for p, ops in spec["paths"].items() for m, op in ops.items()
             if isinstance(op, dict) and op.get("operationId") == "CreateMessage"]
    if len(found) != 1:
        raise LookupError(f"{path}: expected one CreateMessage operation, found {len(found)}")
    ref = _SPEC_URI + "#" + _pointer("paths", *found[0], "requestBody", "content", FORM, "schema")
    registry = Registry().with_resource(
        _SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT4))
    resolver = registry.resolver(base_uri=_SPEC_URI)
    schema = resolver.lookup(ref).contents
    types: dict[str, tuple[str, str | None]] = {}
    for name, prop in schema.get("properties", {}).items():
        prop = resolver.lookup(prop["$ref"]).contents if "$ref" in prop else prop
        types[name] = (prop.get("type", "string"), prop.get("items", {}).get("type"))
    # Validating against the extracted schema, its "#/components/..." refs made absolute, skips
    # walking the spec's paths on every request (a third of the per-request cost).
    return Contract(Draft4Validator(_absolute_refs(schema), registry=registry), types)


def _absolute_refs(node: Any) -> Any:
    """A copy of ``node`` whose document-local ``$ref``s point into the registered spec."""
    if isinstance(node, dict):
        return {k: _SPEC_URI + v if k == "$ref" and v.startswith("#") else _absolute_refs(v)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_absolute_refs(v) for v in node]
    return node
