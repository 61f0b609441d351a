"""What the editor-structure tests share: a designer, and submitting a page's form
as a browser would (every field as it is on the page, with the changes typed)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from eservices.db import db
from eservices.journeys import store
from eservices.journeys.schema import JourneyDefinition
from eservices.testing import sign_in

from ._definitions import bin_problem

EDITOR = "/staff/journeys"
BASE = f"{EDITOR}/bin-problem"


@pytest.fixture
def designer(app, create_staff):
    create_staff("dana", "tjanstedesigner")
    client = app.test_client()
    sign_in(client, "dana")
    client.get("/language/en")
    return client


def make_journey(app, data: dict[str, Any]) -> None:
    with app.app_context():
        store.create(JourneyDefinition.model_validate(data), by="dana")
        db.session.commit()


@pytest.fixture
def journey(app):
    """The bin-problem example's draft; the fixture's value is its editor address."""
    make_journey(app, bin_problem())
    return BASE


def draft(app, slug: str) -> JourneyDefinition:
    with app.app_context():
        record = store.by_slug(slug)
        assert record is not None
        return store.draft_of(record)


class _Forms(HTMLParser):
    """Each <form> of a page: its action, method and the values a browser would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get"),
                          "fields": [], "buttons": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
            else:
                fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            fields.append((a["name"], ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            fields.append((self._select, a.get("value", "")))
        elif tag == "button" and a.get("name"):
            self._form["buttons"].append((a["name"], a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            name, value = self._form["fields"][-1]
            self._form["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            if self._textarea and self._form is not None:
                name, value = self._form["fields"][-1]
                self._form["fields"][-1] = (name, value.removeprefix("\n"))
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_of(html: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def submit(client, url: str, changes: dict[str, Any] | None = None, *, form: int = -1,
           button: tuple[str, str] | None = None, drop: tuple[str, ...] = (), html=None):
    """GET ``url``, fill form number ``form`` (the last by default) with ``changes``
    (a list value ticks several boxes, None unticks) and send it as a browser would."""
    page = html if html is not None else client.get(url).get_data(as_text=True)
    chosen = [f for f in forms_of(page) if f["method"].lower() == "post"][form]
    data: dict[str, list[str]] = {}
    for name, value in chosen["fields"]:
        data.setdefault(name, []).append(value)
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    for name in drop:
        data.pop(name, None)
    if button:
        data[button[0]] = [button[1]]
    return client.post(chosen["action"] or url, data=data)
