"""What every module holds about one person, gathered for Mina sidor, the exports
and the administrators' data-subject requests.

No module is named here: each enabled module (and each built journey) that
declares ``personal_data.resident_data`` is asked through its ``find``.  One
module's failure must not hide the rest from the person, so a ``find`` that
raises is logged and its part shown as unavailable.

A module translates its texts from its own catalogue, so its functions run
with the module's translation domain as the request's default; what they
return is turned into plain strings right there (a lazy string resolved later
would be looked up in the platform's catalogue and stay untranslated).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from flask import current_app, has_request_context
from flask_babel import get_domain
from werkzeug.utils import import_string

from ..db import db
from ..i18n import current_language
from ..modules import DataSection, DataSubject, Module, ResidentData

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModulePart:
    """One module's part of the page: its sections, or ``unavailable`` when find failed."""

    module_id: str
    name: str
    #: The module's sections with every text a plain string (``_shown``).
    sections: tuple[DataSection, ...] = ()
    unavailable: bool = False

    @property
    def item_count(self) -> int:
        return sum(len(section.items) for section in self.sections)


@dataclass(frozen=True)
class DataModule:
    """A module that declares what it holds about residents."""

    module: Module
    resident_data: ResidentData
    name: str = field(default="")


def data_modules() -> list[DataModule]:
    """The enabled modules with ``personal_data.resident_data``, by id.

    Built journeys are served by one set of functions for all of them; a
    ``find`` target is asked once however many modules name it (else a
    person's journey cases would be listed once per published journey).
    """
    registry = current_app.extensions["eservices.modules"]
    language = current_language() if has_request_context() else "sv"
    modules = [*registry.enabled.values(), *registry.built_modules().values()]
    found, seen = [], set()
    for module in sorted(modules, key=lambda m: m.id):
        declared = module.personal_data.resident_data if module.personal_data else None
        if declared is None or declared.find in seen:
            continue
        seen.add(declared.find)
        found.append(DataModule(module, declared, module.text(module.name, language)))
    return found


@contextmanager
def module_texts(module: Module) -> Iterator[None]:
    """Run a module's function with its catalogue as the request's translations."""
    if not has_request_context():
        yield
        return
    domain = current_app.extensions["eservices.modules"].domains.get(module.id)
    previous = get_domain()
    if domain is not None:
        domain.as_default()
    try:
        yield
    finally:
        previous.as_default()


def resolve(target: str) -> Callable[..., Any]:
    """The function a ``"package.module:function"`` string names."""
    return import_string(target.replace(":", "."))


def call(module: Module, target: str, *args: Any) -> Any:
    """Call ``"package.module:function"`` of ``module`` in the module's catalogue."""
    function = resolve(target)
    with module_texts(module):
        return function(*args)


def text(value: Any) -> str | None:
    return None if value is None else str(value)


def _shown(section: DataSection) -> DataSection:
    """``section`` with every text resolved now, in the module's catalogue."""
    items = tuple(
        replace(item, title=str(item.title), record=dict(item.record), status=text(item.status),
                link_text=text(item.link_text),
                details=tuple((str(label), str(value)) for label, value in item.details))
        for item in section.items)
    return replace(section, title=str(section.title), items=items,
                   empty_text=text(section.empty_text))


def module_part(entry: DataModule, subject: DataSubject) -> ModulePart:
    """One module's sections about ``subject``; unavailable (and logged) when find fails."""
    try:
        # In a savepoint: a failed statement (PostgreSQL then refuses every
        # further one in the transaction) is undone for the next module.
        with db.session.begin_nested(), module_texts(entry.module):
            sections: Sequence[DataSection] = call(entry.module, entry.resident_data.find,
                                                   subject)
            shown = tuple(_shown(section) for section in sections)
    except Exception:
        # Never the subject in the log: a module id and the traceback suffice.
        log.exception("personal data: find of module %s failed", entry.module.id)
        return ModulePart(entry.module.id, entry.name, unavailable=True)
    return ModulePart(entry.module.id, entry.name, shown)


def collect(subject: DataSubject) -> list[ModulePart]:
    """Every module's part about ``subject``, in module id order."""
    if subject.empty and subject.account_id is None:
        return []
    return [module_part(entry, subject) for entry in data_modules()]
