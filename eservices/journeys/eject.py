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

from pathlib import Path

from flask import current_app
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..db import db, utcnow
from ..staff import audit
from . import eject_code as code
from . import eject_pages, store
from .models import JourneyRecord
from .schema import JourneyDefinition

TEMPLATES = Path(__file__).resolve().parent / "eject_templates"
CATEGORIES = {"waste": "WASTE", "environment": "ENVIRONMENT", "accessibility": "ACCESSIBILITY",
              "contact": "CONTACT"}


class EjectRefused(Exception):
    """The journey cannot be ejected; the message says why."""


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), block_start_string="<%",
                       block_end_string="%>", variable_start_string="<<",
                       variable_end_string=">>", comment_start_string="<#",
                       comment_end_string="#>", trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True, undefined=StrictUndefined,
                       autoescape=False)  # noqa: S701 - writes Python and Jinja, not HTML


def module_files(definition: JourneyDefinition, version: int, stage: str,
                 languages: list[str]) -> tuple[dict[str, str], code.Messages]:
    """Every file of the module by its path inside the package, and its messages."""
    texts = code.Messages(languages)
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
