"""Everything about one person, gathered once: for Mina sidor's readable page, the
JSON download (GDPR article 20: machine-readable, every stored field) and the
administrators' data-subject requests.

The JSON keys are English and stable (a format name with a version), so a
person - or the next municipality's system - can read it without this code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import current_app

from .. import clock
from ..modules import DataSubject
from . import account, messages
from .collect import ModulePart, collect

FORMAT = "tjansteslussen.personal-data/1"


@dataclass(frozen=True)
class Everything:
    subject: DataSubject
    accounts: tuple[account.AccountView, ...]
    parts: tuple[ModulePart, ...]
    messages: tuple[messages.ShownMessage, ...]

    @property
    def unavailable(self) -> list[ModulePart]:
        return [part for part in self.parts if part.unavailable]


def gather(subject: DataSubject) -> Everything:
    return Everything(subject, tuple(account.account_views(subject)), tuple(collect(subject)),
                      tuple(messages.all_messages(subject)))


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def document(everything: Everything) -> dict[str, Any]:
    """The export as a JSON-able dict."""
    subject = everything.subject
    return {
        "format": FORMAT,
        "exported_at": clock.now().isoformat(),
        "controller": current_app.config["MUNICIPALITY_NAME"],
        "subject": {"personal_number": subject.personal_number,
                    "phone_numbers": list(subject.phone_numbers),
                    "email_addresses": list(subject.email_addresses)},
        "accounts": [account.record(view) for view in everything.accounts],
        "services": [
            {"module": part.module_id, "name": part.name,
             "available": not part.unavailable,
             "sections": [
                 {"key": section.key, "title": section.title,
                  "items": [{"title": item.title, "status": item.status, "when": item.when,
                             "record": dict(item.record)} for item in section.items]}
                 for section in part.sections]}
            for part in everything.parts],
        "messages": [messages.record(message) for message in everything.messages],
    }


def as_json(everything: Everything) -> str:
    return json.dumps(document(everything), ensure_ascii=False, indent=2, default=_json_value)


def file_name(prefix: str) -> str:
    return f"{prefix}-{clock.today().isoformat()}.json"
