"""No input, however hostile, gets a 5xx: every URL rule of every installed module.

The app runs with every installed module enabled and their demo data loaded (so
ids, references and journeys exist to be reached), CSRF checks off so form
validation is really reached, and rate limits off so nothing stops early.
Hypothesis fills each rule's converters, query strings and form fields with
NUL, lone surrogates, CR/LF, 4,000-digit numbers, 2**31 and 2**63, -1, huge
and percent-escaped strings - anonymously and signed in as an administrator -
and every answer must be below 500.  Requests are built as raw bytes (paths,
query strings, urlencoded bodies): the test client would percent-encode them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from importlib import import_module
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule
from wtforms import Form
from wtforms.fields.core import UnboundField

from eservices.forms import DateInputField

# A deeper search when wanted: BAD_INPUT_EXAMPLES=200 pytest tests/app/test_bad_input.py
EXAMPLES_PER_RULE = int(os.environ.get("BAD_INPUT_EXAMPLES", "12"))
# Already percent-encoded path segments.
SEGMENTS = ["%00", "a%00b", "%ED%A0%80", "%0D%0Ax", "9" * 4000, str(2**31), str(2**63),
            str(2**31 - 1), "-1", "0", "1", "A" * 3000, "%25", "%FF", "..%2F..", "%C3%A9",
            "0001-01-01", "9999-12-31", "2026-11-30", "R1", "%09", "%5C"]
TEXTS = ["\x00", "a\x00b", "\ud800", "x\udfffy", "\r\n", "\r\nLocation: //evil", "9" * 4000,
         str(2**31), str(2**63), str(-(2**63) - 1), "-1", "0", "A" * 6000, "0001", "9999",
         "%00", "//evil.example", "/\\evil.example", "1e400", "NaN", "é", "\u202e", " "]
# The deterministic pass sends these to every rule; Hypothesis draws from all of TEXTS.
FIXED_TEXTS = ["\x00", "a\x00b", "\ud800", "\r\nLocation: //evil", "9" * 4000, str(2**31),
               str(2**63), "-1", "A" * 6000, "0001", "/\\evil.example", "é"]
QUERY_KEYS = ["lang", "next", "change", "status", "page", "from", "to", "date", "q",
              "subject", "day-day", "day-month", "day-year"]
HOSTILE_KEYS = ["%00", "a%00b", "%0D%0A", "%ED%A0%80"]
USERS = {"visitor": "192.0.2.10", "administrator": "192.0.2.20"}
# The administrator stays signed in: signing out or in again is the visitor's part.
NOT_AS_ADMINISTRATOR = {"staff.sign_out", "staff.sign_in"}
PASSWORD = "correct horse battery"


def encode(text: str) -> str:
    """Percent-encoded UTF-8, lone surrogates included (as a careless client sends them)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


# Not empty: an empty first segment makes "//x", which the test client reads as a host
# name ("label too long"), a failure of the client, not of the page.
segments = st.one_of(st.sampled_from(SEGMENTS), st.text(min_size=1, max_size=40).map(encode),
                     st.integers().map(str))
texts = st.one_of(st.sampled_from(TEXTS), st.text(max_size=300),
                  st.integers(min_value=-(10**30), max_value=10**30).map(str))


def fill(rule: Rule, values: dict[str, str]) -> str:
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", lambda m: values[m.group(1)], rule.rule)


def field_names() -> list[str]:
    """Every field name of every form class the installed modules define."""
    names: set[str] = set()
    pending: list[type] = [Form]
    while pending:
        form_class = pending.pop()
        pending.extend(form_class.__subclasses__())
        for name in dir(form_class):
            field = getattr(form_class, name, None)
            if not isinstance(field, UnboundField):
                continue
            names.add(name)
            if issubclass(field.field_class, DateInputField):
                names.update(f"{name}-{part}" for part in DateInputField.PARTS)
    return sorted(names - {"csrf_token"})


def names_on(html: str) -> set[str]:
    return set(re.findall(r'name="([^"]+)"', html)) - {"csrf_token"}


def urlencoded(fields: dict[str, str]) -> str:
    return "&".join(f"{encode(name)}={encode(value)}" for name, value in fields.items())


@pytest.fixture
def hostile_app(make_app: Callable[..., Flask]) -> Flask:
    app = make_app(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False, MODULES_ENABLED=[],
                   MODULES_DISABLED=[])
    from eservices.cli import create_staff_user
    from eservices.db import db

    with app.app_context():
        for module in app.extensions["eservices.modules"].enabled.values():
            if module.demo_data:
                path, _, name = module.demo_data.partition(":")
                getattr(import_module(path), name)()
        create_staff_user("fuzzadmin", "Fuzz Admin", ["administrator"], PASSWORD)
        db.session.commit()
    return app


def visitor(app: Flask, user: str) -> FlaskClient:
    """A client that has opened every page without arguments (so journeys exist)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = USERS[user]
    if user == "administrator":
        sign_in(client)
    for rule in app.url_map.iter_rules():
        if not rule.arguments and "GET" in rule.methods:
            client.get(rule.rule)
    return client


def sign_in(client: FlaskClient) -> None:
    answer = client.post("/staff/sign-in", data={"username": "fuzzadmin",
                                                 "password": PASSWORD})
    assert answer.status_code in (302, 303), answer.status_code


def rules(app: Flask, user: str) -> Iterator[Rule]:
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if user != "administrator" or rule.endpoint not in NOT_AS_ADMINISTRATOR:
            yield rule


def still_signed_in(client: FlaskClient, user: str) -> None:
    """A hostile POST may end the session (a changed password); go on signed in."""
    if user == "administrator" and client.get("/staff/").status_code != 200:
        sign_in(client)


def test_every_installed_module_is_enabled_and_reached(hostile_app: Flask) -> None:
    registry = hostile_app.extensions["eservices.modules"]
    assert set(registry.enabled) == set(registry.installed) and not registry.broken
    paths = [rule.rule for rule in rules(hostile_app, "visitor")]
    prefixes = {path.split("/")[1] for path in paths}
    for module in registry.installed.values():
        # A module may have only back-office pages (the demo waste register): then
        # those are what the hostile requests reach.
        if module.blueprint is not None:
            assert module.resident_prefix.split("/")[1] in prefixes, module.id
        if module.staff_blueprint is not None:
            assert any(path.startswith(module.staff_prefix + "/") for path in paths), module.id


def check(answer, what: str) -> None:
    assert answer.status_code < 500, f"{answer.status_code} from {what[:300]!r}"


def throw(client: FlaskClient, rule: Rule, path: str, query: str, form: dict[str, str],
          fallback: str, as_json: bool) -> None:
    """GET with the query string; POST the form (where the rule allows POST)."""
    check(client.get(f"{path}?{query}" if query else path), f"GET {path}?{query}")
    if "POST" not in rule.methods:
        return
    page = client.get(path)
    fields = {**dict.fromkeys(names_on(page.get_data(as_text=True)), fallback), **form}
    if as_json:
        answer = client.post(path, json=fields)
    else:
        answer = client.post(f"{path}?{query}" if query else path, data=urlencoded(fields),
                             content_type="application/x-www-form-urlencoded")
    check(answer, f"POST {path} {fields!r}")


@pytest.mark.parametrize("user", sorted(USERS))
def test_every_rule_with_every_hostile_value(hostile_app: Flask, user: str) -> None:
    """The fixed list: each hostile segment in every converter, each text in every field."""
    client, names = visitor(hostile_app, user), field_names()
    for rule in rules(hostile_app, user):
        for segment in SEGMENTS if rule.arguments else [""]:
            path = fill(rule, dict.fromkeys(rule.arguments, segment))
            check(client.get(path), f"GET {path}")
        path = fill(rule, dict.fromkeys(rule.arguments, "1"))
        for text in FIXED_TEXTS:
            query = "&".join(f"{key}={encode(text)}" for key in QUERY_KEYS)
            # A page's own fields get the text; a POST-only rule gets every field name.
            form = {} if "GET" in rule.methods else dict.fromkeys(names, text)
            throw(client, rule, path, query, form, text, as_json=False)
        for key in HOSTILE_KEYS:
            check(client.get(f"{path}?{key}=1"), f"GET {path}?{key}=1")
        still_signed_in(client, user)


def fuzzer(client: FlaskClient, rule: Rule, names: list[str]) -> Callable[[], None]:
    """A Hypothesis test of one rule: its converters, a query string and a form."""

    @settings(max_examples=EXAMPLES_PER_RULE, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(values=st.fixed_dictionaries(dict.fromkeys(sorted(rule.arguments), segments)),
           query=st.dictionaries(st.sampled_from(QUERY_KEYS + HOSTILE_KEYS), texts,
                                 max_size=4),
           form=st.dictionaries(st.sampled_from(names), texts, max_size=6),
           fallback=texts, as_json=st.booleans())
    def fuzz(values: dict[str, str], query: dict[str, str], form: dict[str, str],
             fallback: str, as_json: bool) -> None:
        query_string = "&".join(f"{key if key in HOSTILE_KEYS else encode(key)}="
                                f"{encode(value)}" for key, value in query.items())
        throw(client, rule, fill(rule, values), query_string, form, fallback, as_json)

    return fuzz


@pytest.mark.parametrize("user", sorted(USERS))
def test_hypothesis_finds_no_5xx_on_any_rule(hostile_app: Flask, user: str) -> None:
    client, names = visitor(hostile_app, user), field_names()
    failures: list[str] = []
    for rule in rules(hostile_app, user):
        try:
            fuzzer(client, rule, names)()
        except AssertionError as failure:
            failures.append(f"{rule.rule}: {failure} {getattr(failure, '__notes__', '')}")
        still_signed_in(client, user)
    assert not failures, "\n".join(failures)
