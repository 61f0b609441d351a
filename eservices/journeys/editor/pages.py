"""The journey's pages: the list, adding one by kind, moving, editing and deleting.

Moving is two buttons per page (forms, no drag and drop); a move that would
let a page's condition look at a later answer is refused, because a route
may only depend on what the resident has already answered.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import ValidationError
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from ...i18n import current_language
from .. import conditions, store
from ..models import JourneyRecord
from ..schema import JourneyDefinition, Page
from . import changes
from .common import (
    draft_form,
    is_read_only,
    journey_or_404,
    read_only_redirect,
    revision_of,
    save,
    text,
)
from .forms import EditorForm
from .page_forms import KIND_LABELS, TYPE_LABELS

KIND_CHOICES = [*TYPE_LABELS, *KIND_LABELS]


class AddPageForm(EditorForm):
    kind = RadioField(_l("What kind of page?"), choices=[
        SelectChoice(value, (TYPE_LABELS | KIND_LABELS)[value][0]) for value in KIND_CHOICES],
        validators=[InputRequired(_l("Select the kind of page"))])


def located(slug: str, key: str) -> tuple[JourneyRecord, JourneyDefinition, int, Page]:
    record = journey_or_404(slug)
    definition = store.draft_of(record)
    index = changes.page_index(definition, key)
    if index is None:
        abort(404)
    return record, definition, index, definition.pages[index]


def kind_label(page: Page) -> str:
    if page.question is not None:
        return str(TYPE_LABELS[page.question.type][0])
    return str(KIND_LABELS[page.kind][0])


def pages(slug: str):
    record = journey_or_404(slug)
    definition = store.draft_of(record)
    rows = [{"page": page, "heading": text(page.heading(), page.key), "kind": kind_label(page),
             "condition": conditions.describe(page.condition, definition.pages,
                                              current_language()) if page.condition else None,
             "first": index == 0, "last": index == len(definition.pages) - 1}
            for index, page in enumerate(definition.pages)]
    return render_template("eservices/journeys/editor/pages.html",
                           record=record, slug=record.slug,
                           definition=definition, rows=rows, section="pages",
                           read_only=is_read_only(record), revision=record.draft_revision,
                           form=EditorForm(formdata=None))


def add(slug: str):
    record = journey_or_404(slug)
    definition = store.draft_of(record)
    form, read_only = draft_form(AddPageForm, record)
    if read_only:
        return read_only
    refused: list[str] = []
    if request.method == "POST" and form.validate():
        kind = form.kind.data
        try:
            changed, key = changes.add_page(
                definition, kind if kind in KIND_LABELS else "question",
                None if kind in KIND_LABELS else kind)
            save(record, changed, revision_of(form.revision.data), action="journey_page_added",
                 subject=key)
            return redirect(url_for(".page", slug=slug, key=key), code=303)
        except ValidationError:
            refused = [_("A journey can have at most 60 pages")]
        except store.JourneyRefused as error:
            refused = [str(error)]
    return render_template("eservices/journeys/editor/add_page.html",
                           record=record, slug=record.slug,
                           definition=definition, form=form, refused=refused, section="pages",
                           hints={value: (TYPE_LABELS | KIND_LABELS)[value][1]
                                  for value in KIND_CHOICES})


def move(slug: str, key: str):
    record, definition, _index, _page = located(slug, key)
    if is_read_only(record):
        return read_only_redirect(record)
    form = EditorForm()
    direction = request.form.get("direction")
    if not form.validate() or direction not in ("up", "down"):
        abort(400)
    moved = changes.move(definition, key, -1 if direction == "up" else 1)
    if moved is not None:
        before = {problem for i in range(len(definition.pages))
                  for problem in conditions.problems(definition, i)}
        after = [problem for i in range(len(moved.pages))
                 for problem in conditions.problems(moved, i) if problem not in before]
        if after:
            flash(" ".join([_("The page was not moved:"), *after]), "warning")
        else:
            try:
                save(record, moved, revision_of(form.revision.data), action="journey_page_moved",
                     subject=key)
            except store.JourneyRefused as error:
                flash(str(error), "warning")
    return redirect(url_for(".pages", slug=slug) + f"#page-{key}", code=303)


def delete(slug: str, key: str):
    record, definition, _index, page = located(slug, key)
    form, read_only = draft_form(EditorForm, record)
    if read_only:
        return read_only
    refused: list[str] = []
    if request.method == "POST" and form.validate():
        try:
            save(record, changes.delete(definition, key), revision_of(form.revision.data),
                 action="journey_page_deleted", subject=key)
            return redirect(url_for(".pages", slug=slug), code=303)
        except store.JourneyRefused as error:
            refused = [str(error)]
    dependants = [text(other.heading(), other.key) for other in changes.dependants(definition, key)]
    receipts = [number for number, receipt in enumerate(definition.receipts, start=1)
                if receipt.to == key]
    return render_template("eservices/journeys/editor/delete_page.html",
                           record=record, slug=record.slug,
                           definition=definition, form=form, page=page, refused=refused,
                           heading=text(page.heading(), page.key), dependants=dependants,
                           receipts=receipts, section="pages")
