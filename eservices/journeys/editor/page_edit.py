"""Editing one page: texts side by side, the type's settings, options, key, preview.

"Save" stores the page; "Preview" renders the page as residents will see it
from the values typed, without saving, so a designer can try wording first.
A new key is carried through to the conditions and receipts that use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from pydantic import ValidationError

from ...i18n import current_language
from .. import conditions, store
from ..schema import ALWAYS_PERSONAL, CHOICE_TYPES, DEFAULT_AUTOCOMPLETE, Page
from . import changes
from .common import (
    is_read_only,
    language_name,
    languages,
    read_only_redirect,
    revision_of,
    save,
    text,
)
from .forms import EditorForm, groups, texts_of
from .options import as_text, parse
from .page_forms import (
    AUTOFILL_TYPES,
    TEXT_TYPES,
    TYPE_LABELS,
    initial,
    page_form_class,
    settings_errors,
    specs_for,
)
from .pages import kind_label, located
from .preview import previews


def built_page(form: EditorForm, page: Page, site: Sequence[str]) -> Page | None:
    """The page the form describes (with its old key), or None with errors on the form."""
    data: dict[str, Any] = {"key": page.key, "kind": page.kind}
    if page.condition is not None:
        data["condition"] = page.condition.model_dump(mode="json", by_alias=True,
                                                      exclude_none=True)
    question = page.question
    if question is None:
        data |= {"title": texts_of(form, "title", site), "body": texts_of(form, "body", site)}
    else:
        kind = question.type
        settings: dict[str, Any] = {
            "type": kind, "label": texts_of(form, "label", site),
            "hint": texts_of(form, "hint", site),
            "summary_label": texts_of(form, "summary_label", site),
            "required": form.required.data != "no",
            "personal_data": bool(form.personal_data.data)}
        if kind in AUTOFILL_TYPES:
            token = form.autocomplete.data or None
            settings["autocomplete"] = None if token == DEFAULT_AUTOCOMPLETE.get(kind) else token
        if kind in TEXT_TYPES:
            settings["max_length"] = form.max_length.data
        if kind == "number":
            settings |= {"minimum": form.minimum.data, "maximum": form.maximum.data}
        if kind == "date":
            settings |= {"date_rule": form.date_rule.data or "any",
                         "earliest": form.earliest.data, "latest": form.latest.data}
        if kind == "several_choices":
            settings["none_option"] = texts_of(form, "none_option", site)
        if kind in CHOICE_TYPES:
            parsed = parse(form.options.data or "", site, question.options,
                           {code: language_name(code) for code in site})
            if parsed.errors:
                form.options.errors = [*form.options.errors, *parsed.errors]
                return None
            settings["options"] = [option.model_dump(mode="json") for option in parsed.options]
        data["question"] = {name: value for name, value in settings.items() if value is not None}
    try:
        return Page.model_validate(data)
    except ValidationError:
        if not form.errors:  # a field's own error already says what is wrong
            form.key.errors = [*form.key.errors, _("These settings do not fit together; "
                                                   "check the numbers and dates")]
        return None


def edit(slug: str, key: str):
    record, definition, index, page = located(slug, key)
    site = languages()
    form_class = page_form_class(page, site)
    options_text = as_text(page.question.options, site) if page.question else ""
    refused: list[str] = []
    shown = page
    if request.method == "POST":
        if is_read_only(record):
            return read_only_redirect(record)
        form = form_class()
        valid = form.validate()
        settings_errors(form)
        new_key = form.key.data or key
        if new_key != key and definition.page(new_key) is not None:
            form.key.errors = [*form.key.errors, _("Another page already has the key "
                                                   "“%(key)s”", key=new_key)]
        built = built_page(form, page, site)
        if valid and built is not None and not form.errors:
            shown = built
            if request.form.get("action") != "preview":
                try:
                    changed = changes.replace_page(definition, index, built)
                    if new_key != key:
                        changed = changes.rename(changed, key, new_key)
                    save(record, changed, revision_of(form.revision.data),
                         action="journey_page_changed", subject=new_key)
                    return redirect(url_for(".page", slug=slug, key=new_key), code=303)
                except ValidationError:
                    refused = [_("The page could not be saved with these settings")]
                except store.JourneyRefused as error:
                    refused = [str(error)]
    else:
        form = form_class(data={"revision": record.draft_revision,
                                **initial(page, site, options_text)})
    prefix = f"page-{page.key}-"
    own = [problem for problem in store.problems_of(definition) if problem.page == key]
    return render_template(
        "eservices/journeys/editor/page.html", record=record, slug=slug,
        definition=definition, section="pages", form=form, page=page, refused=refused,
        groups=groups(form, specs_for(page), site, id_prefix=prefix), prefix=prefix,
        heading=text(page.heading(), page.key), kind=kind_label(page),
        type_hint=TYPE_LABELS[page.question.type][1] if page.question else None,
        previews=previews(shown, site), problems=own, read_only=is_read_only(record),
        option_languages=" | ".join(language_name(code) for code in site),
        preview_of_unsaved=shown is not page, number=index + 1, always_personal=ALWAYS_PERSONAL,
        describe_condition=conditions.describe(page.condition, definition.pages,
                                               current_language()))
