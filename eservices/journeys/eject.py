"""``flask journeys eject``: a published journey written out as a code module.

A built journey that has outgrown the editor (it needs an address lookup, a
price, a staff page) graduates to code without losing anything: the module
has the same id, URLs and answer keys, so its lifecycle stage, test rounds and
cases (the platform's submissions table) carry over, and the definition in the
editor becomes read-only.  The module has the shape of every module
(docs/toolkit.md): a manifest, ``meta.py``, ``blueprint.py``, ``forms.py`` (one
``QuestionForm`` per page, the platform's validators and GOV.UK messages),
``views.py`` on the journey engine with each condition written out as a
function, templates, Swedish and English catalogues with the definition's
texts, the receipts' notification templates and a test that walks the journey.

The files come from ``eject_templates/`` (Jinja with ``<< >>``/``<% %>``, so the
generated pages' own ``{{ }}`` pass through untouched); ``eject_code.py``
writes the definition-dependent pieces of Python.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po
from babel.support import Translations
from flask import current_app
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..db import db, utcnow
from ..staff import audit
from . import eject_code as code
from . import eject_pages, store
from .models import JourneyRecord
from .schema import JourneyDefinition, Texts

TEMPLATES = Path(__file__).resolve().parent / "eject_templates"
CATEGORIES = {"waste": "WASTE", "environment": "ENVIRONMENT", "accessibility": "ACCESSIBILITY",
              "contact": "CONTACT"}


class EjectRefused(Exception):
    """The journey cannot be ejected; the message says why."""


class Texts_:
    """The module's messages: each text's msgid and its translation in every language.

    A definition text's msgid is its English (the platform's source language)
    or the site's first language; a platform message's translations come from
    the platform catalogue, so the module reads as the platform does.
    """

    def __init__(self, languages: list[str]) -> None:
        self.languages = languages
        self.source = "en" if "en" in languages else languages[0]
        self.entries: dict[str, dict[str, str]] = {}
        folder = str(Path(current_app.root_path).parent / "translations")
        self._platform = {language: Translations.load(folder, [language])
                          for language in languages}

    def text(self, texts: Texts) -> str:
        msgid = texts.get(self.source, "")
        self.entries.setdefault(msgid, {language: texts.get(language, "")
                                        for language in self.languages})
        return msgid

    def message(self, key: str, **values: object) -> str:
        """A platform message (a ``MESSAGES`` key or a msgid) with its values filled in;
        dates are written as each language writes them."""
        template = code.MESSAGES.get(key, key)

        def filled(language: str, text: str) -> str:
            if not values:
                return text
            return text % {name: format_date(value, "long", locale=language)
                           if isinstance(value, dt.date) else value
                           for name, value in values.items()}

        msgid = filled(self.source, template)
        self.entries.setdefault(msgid, {
            language: filled(language, self._platform[language].gettext(template))
            for language in self.languages})
        return msgid

    def in_template(self, msgid: str) -> str:
        """A msgid as a Jinja ``_()`` argument: Flask-Babel formats templates' messages
        with ``%``, so a literal percent sign is written twice there."""
        if "%" in msgid:
            self.entries.setdefault(msgid.replace("%", "%%"), {
                language: text.replace("%", "%%")
                for language, text in self.entries[msgid].items()})
        return code.literal(msgid.replace("%", "%%"))

    def write(self, folder: Path, project: str) -> None:
        for language in self.languages:
            catalogue = Catalog(locale=language, project=project)
            for msgid, translations in self.entries.items():
                # Not translated (the same as the msgid): left empty, so the platform's
                # catalogue, which a module's pages fall back to, can answer instead.
                text = translations[language]
                if msgid:
                    catalogue.add(msgid, msgid if language == self.source
                                  else "" if text == msgid else text)
            target = folder / "translations" / language / "LC_MESSAGES"
            target.mkdir(parents=True, exist_ok=True)
            with (target / "messages.po").open("wb") as fh:
                write_po(fh, catalogue, no_location=True, width=100)
            with (target / "messages.mo").open("wb") as fh:
                write_mo(fh, catalogue)


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), block_start_string="<%",
                       block_end_string="%>", variable_start_string="<<",
                       variable_end_string=">>", comment_start_string="<#",
                       comment_end_string="#>", trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True, undefined=StrictUndefined,
                       autoescape=False)  # noqa: S701 - writes Python and Jinja, not HTML


def module_files(definition: JourneyDefinition, version: int, stage: str,
                 languages: list[str]) -> tuple[dict[str, str], Texts_]:
    """Every file of the module by its path inside the package, and its messages."""
    texts = Texts_(languages)
    env = _environment()
    module_id = definition.module_id
    context = eject_pages.page_context(definition, texts)
    values = {"module_id": module_id, "slug": definition.slug, "version": version,
              "stage": stage, "name_en": definition.name.get("en") or definition.module_id,
              "category": CATEGORIES.get(definition.category, "OTHER"),
              "reference_prefix": definition.reference_prefix,
              "retention_days": definition.privacy.retention_days,
              "owner_lines": code.wrapped(definition.owner, 4, "owner=", ","),
              "names": [(language, code.wrapped(definition.name.get(language, ""), 4,
                                                f"{code.literal(language)}: ", ","))
                        for language in languages],
              "summaries": [(language, code.wrapped(definition.summary.get(language, ""), 4,
                                                    f"{code.literal(language)}: ", ","))
                            for language in languages],
              **context}
    files = {
        "__init__.py": env.get_template("__init__.py.j2").render(values),
        "meta.py": env.get_template("meta.py.j2").render(values),
        "blueprint.py": env.get_template("blueprint.py.j2").render(values),
        "forms.py": env.get_template("forms.py.j2").render(values),
        "views.py": env.get_template("views.py.j2").render(values),
        "tests/__init__.py": "",
        "tests/test_journey.py": env.get_template("tests/test_journey.py.j2").render(values),
    }
    for name, page_values in context["templates"].items():
        template = env.get_template(f"templates/{page_values['template']}.html.j2")
        files[f"templates/{module_id}/{name}.html"] = template.render(page_values)
    files.update(eject_pages.notification_files(definition, languages))
    return files, texts


def eject(record: JourneyRecord, folder: Path, number: int | None, by: str) -> Path:
    """Write ``folder/<module id>/`` from version ``number`` (the newest when None)."""
    if record.ejected_at is not None:
        raise EjectRefused(f"{record.slug} was already ejected (version "
                           f"{record.ejected_version})")
    versions = store.versions_of(record)
    if not versions:
        raise EjectRefused(f"{record.slug} has no published version; publish one first")
    chosen = versions[0] if number is None else store.version(record, number)
    if chosen is None:
        raise EjectRefused(f"{record.slug} has no version {number}")
    definition = JourneyDefinition.model_validate(chosen.definition)
    target = folder / definition.module_id
    if target.exists():
        raise EjectRefused(f"{target} already exists")
    stage = current_app.extensions["eservices.modules"].stage_overrides().get(
        record.module_id, "prototype")
    files, texts = module_files(definition, chosen.number, stage, store.site_languages())
    for relative, text in sorted(files.items()):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    texts.write(target, definition.name.get(texts.source, definition.slug))
    record.ejected_at, record.ejected_version = utcnow(), chosen.number
    audit.record("journey_ejected", subject=f"{record.slug} v{chosen.number}",
                 module_id=record.module_id, by=by, folder=str(target))
    db.session.flush()
    return target
