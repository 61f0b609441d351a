"""The list of journeys, creating one, and a journey's overview as a task list."""

from __future__ import annotations

import re
from collections.abc import Sequence

from flask import current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import ValidationError

from ...db import db
from ...designer.forms import STAGE_LABELS
from ...modules.registry import RESERVED_PREFIXES
from .. import store
from ..integrity import Problem
from ..schema import SLUG_PATTERN, JourneyDefinition
from .common import journey_or_404, languages, link, text
from .forms import NAME, CreateForm, EditorForm, category_field, groups, texts_of, with_texts
from .options import key_from
from .problems import area_of

STATUS_LABELS = {"done": _l("Completed"), "problems": _l("Has problems"),
                 "todo": _l("Not started"), "unavailable": _l("Not available yet")}


def _stage(record) -> str:
    return current_app.extensions["eservices.modules"].stage_overrides().get(
        record.module_id, "idea")


def index():
    rows = []
    for record in store.all_journeys():
        definition = store.draft_of(record)
        versions = store.versions_of(record)
        rows.append({"record": record, "name": text(definition.name, record.slug),
                     "stage": STAGE_LABELS[_stage(record)],
                     "version": versions[0].number if versions else None,
                     "problems": len(store.problems_of(definition))})
    return render_template("eservices/journeys/editor/index.html", rows=rows)


def suggested_slug(name: str) -> str:
    return key_from(name, "e").replace("_", "-")[:40].strip("-")


def slug_refusal(slug: str) -> str | None:
    """Why ``slug`` cannot be a new journey's address; None when it is free."""
    if not re.fullmatch(SLUG_PATTERN, slug):
        return _("Use 3 to 40 small letters a to z, digits and hyphens, starting with a letter")
    prefix = "/" + slug
    registry = current_app.extensions["eservices.modules"]
    used = {rule.rule.split("/")[1] for rule in current_app.url_map.iter_rules()
            if rule.rule.count("/") >= 1 and not rule.rule.split("/")[1].startswith("<")}
    module_id = slug.replace("-", "_")
    if module_id in registry.installed or any(
            module.resident_prefix == prefix for module in registry.installed.values()):
        return _("The address /%(slug)s/ is already used by another service", slug=slug)
    if any(prefix == reserved or prefix.startswith(reserved + "/")
           for reserved in RESERVED_PREFIXES) or slug in used:
        return _("The address /%(slug)s/ is reserved for the platform's own pages",
                 slug=slug)
    if store.by_slug(slug) is not None or any(
            record.module_id == module_id for record in store.all_journeys()):
        return _("The address /%(slug)s/ is already used by another service", slug=slug)
    return None


def create_form_class(site: Sequence[str]) -> type[EditorForm]:
    form_class = with_texts(CreateForm, [NAME], site)
    form_class.category = category_field()
    return form_class


def create():
    site = languages()
    form = create_form_class(site)()
    if form.validate_on_submit():
        name = texts_of(form, "name", site)
        slug = form.slug.data or suggested_slug(name[site[0]])
        refusal = slug_refusal(slug)
        if refusal:
            form.slug.errors = [refusal]
            if not form.slug.data:
                form.slug.data = slug
        else:
            try:
                definition = JourneyDefinition(
                    slug=slug, name=name, owner=form.owner.data,
                    category=form.category.data, reference_prefix=form.reference_prefix.data)
                record = store.create(definition, by=g.staff_user.username)
            except (ValidationError, store.JourneyRefused) as error:
                form.slug.errors = [str(error) if isinstance(error, store.JourneyRefused)
                                    else _("The journey could not be created from these "
                                           "answers")]
            else:
                db.session.commit()
                flash(_("The journey was created. Add its pages next."))
                return redirect(url_for(".overview", slug=record.slug), code=303)
    return render_template("eservices/journeys/editor/create.html", form=form,
                           names=groups(form, [NAME], site))


def task_status(found: Sequence[Problem], area: str, done: bool) -> str:
    if any(area_of(problem) == area for problem in found):
        return "problems"
    return "done" if done else "todo"


def overview(slug: str):
    record = journey_or_404(slug)
    definition = store.draft_of(record)
    found = store.problems_of(definition)
    site = languages()
    others = tuple(f"-{language}" for language in site[1:])
    versions = store.versions_of(record)

    def task(name, endpoint, status, **values):
        url = link(f"journeys_editor{endpoint}", slug=slug, **values)
        return {"name": name, "url": url, "status": status if url else "unavailable"}

    sections = [
        {"title": _("About the service"), "tasks": [
            task(_("Start page text and summary"), ".start",
                 task_status(found, "start", bool(definition.summary)))]},
        {"title": _("The questions"), "tasks": [
            task(_("Pages"), ".pages", task_status(found, "pages", bool(definition.pages))),
            task(_("Check answers and declaration"), ".check_answers",
                 task_status(found, "check_answers", bool(
                     definition.check_answers.title or definition.check_answers.declaration))),
            task(_("Confirmation page"), ".confirmation",
                 task_status(found, "confirmation", bool(definition.confirmation.next_steps)))]},
        {"title": _("After sending"), "tasks": [
            task(_("Receipts to the resident"), ".receipts",
                 task_status(found, "receipts", bool(definition.receipts))),
            task(_("Privacy notice and where submissions go"), ".privacy",
                 task_status(found, "privacy", bool(definition.privacy.controller)))]},
        {"title": _("Check and publish"), "tasks": [
            task(_("Translations"), ".translations",
                 "problems" if any(p.anchor.endswith(others) for p in found) else "done"),
            task(_("Problems"), ".problems", "problems" if found else "done"),
            task(_("Versions and publishing"), ".versions", "done" if versions else "todo")]},
    ]
    return render_template("eservices/journeys/editor/overview.html",
                           record=record, slug=record.slug,
                           definition=definition, sections=sections, problems=found,
                           versions=versions, stage=STAGE_LABELS[_stage(record)],
                           status_labels=STATUS_LABELS, section="overview")
