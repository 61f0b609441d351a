"""Twilio's message list (``GET .../Messages.json``), as the fake answers it.

Why: after a crash the product asks Twilio which messages it already has, through the SDK's
``client.messages.list``/``stream``; the fake must answer that the way Twilio's OpenAPI
operation ``ListMessage`` describes it, or a test could pass against an API that does not
exist. The query parameters are the spec's (``To``, ``From``, ``DateSent``, ``DateSent<``,
``DateSent>``, ``PageSize`` 1-1000, ``Page``, ``PageToken``); anything else is a contract
violation. Like Twilio: newest first, ``DateSent`` filters compare ``date_sent`` (a message
Twilio still queues has none, so no ``DateSent`` filter finds it), a date alone means that
whole GMT day, and pages link on through ``next_page_uri`` with a ``PageToken``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode

from .twilio_errors import load_spec

DEFAULT_PAGE_SIZE = 50


@functools.cache
def list_parameters(spec_path: str) -> frozenset[str]:
    """The query parameters ``ListMessage`` declares in the spec."""
    spec = load_spec(spec_path)
    for operations in spec["paths"].values():
        operation = operations.get("get")
        if isinstance(operation, dict) and operation.get("operationId") == "ListMessage":
            return frozenset(p["name"] for p in operation["parameters"] if p["in"] == "query")
    raise LookupError(f"{spec_path}: no ListMessage operation")


def _moment(value: str) -> datetime | date:
    """A ``DateSent`` value: ``YYYY-MM-DD`` (a whole day) or a date-time (the SDK's form)."""
    text = value.strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _sent_matches(sent: datetime, name: str, bound: datetime | date) -> bool:
    if isinstance(bound, datetime):
        return {"DateSent": sent == bound, "DateSent<": sent <= bound,
                "DateSent>": sent >= bound}[name]
    day = sent.astimezone(UTC).date()
    return {"DateSent": day == bound, "DateSent<": day <= bound, "DateSent>": day >= bound}[name]


def problems(query: dict[str, list[str]], spec_path: str) -> list[str]:
    """What is wrong with a list request's query; empty if Twilio would take it."""
    found = [f"unknown query parameter {name!r}" for name in query
             if name not in list_parameters(spec_path)]
    for name, values in query.items():
        if len(values) > 1:
            found.append(f"{name} given {len(values)} times")
    size = query.get("PageSize", [str(DEFAULT_PAGE_SIZE)])[0]
    if not size.isdigit() or not 1 <= int(size) <= 1000:
        found.append(f"PageSize must be 1-1000, not {size!r}")
    for name in ("DateSent", "DateSent<", "DateSent>"):
        if name in query:
            try:
                _moment(query[name][0])
            except ValueError:
                found.append(f"{name}: not a date {query[name][0]!r}")
    return found


def page(messages: Sequence[dict[str, Any]], path: str,
         query: dict[str, list[str]]) -> dict[str, Any]:
    """One page of the list, newest first; ``messages`` are the account's, oldest first."""
    first = {name: values[0] for name, values in query.items()}
    selected = []
    for message in reversed(messages):
        if "To" in first and message["to"] != first["To"]:
            continue
        if "From" in first and message["from"] != first["From"]:
            continue
        filters = [(n, _moment(first[n])) for n in ("DateSent", "DateSent<", "DateSent>")
                   if n in first]
        if filters:
            if message["date_sent"] is None:
                continue
            sent = parsedate_to_datetime(message["date_sent"])
            if not all(_sent_matches(sent, name, bound) for name, bound in filters):
                continue
        selected.append(message)
    size = int(first.get("PageSize", DEFAULT_PAGE_SIZE))
    number = int(first.get("Page", "0"))
    token = first.get("PageToken", "")
    start = 0
    if token:
        after = token.removeprefix("PA")
        start = next((i + 1 for i, m in enumerate(selected) if m["sid"] == after), len(selected))
    chunk = selected[start:start + size]
    filters_only = {k: v for k, v in first.items() if k not in ("Page", "PageToken", "PageSize")}

    def uri(page_number: int, page_token: str | None) -> str:
        params = {**filters_only, "PageSize": size, "Page": page_number}
        if page_token:
            params["PageToken"] = page_token
        return f"{path}?{urlencode(params)}"

    more = start + size < len(selected)
    return {
        "messages": [dict(m) for m in chunk], "page": number, "page_size": size,
        "start": start, "end": start + max(len(chunk) - 1, 0),
        "uri": uri(number, token or None), "first_page_uri": uri(0, None),
        "previous_page_uri": uri(number - 1, None) if number > 0 else None,
        "next_page_uri": uri(number + 1, "PA" + chunk[-1]["sid"]) if more and chunk else None,
    }
