"""The journey editor's URL map (staff area, role tjänstedesigner).

Handlers never import this file (Indico's ``blueprint.py``).  One table of
(rule, handler, methods); a handler's endpoint is its function's name unless
the table gives one.
"""

from __future__ import annotations

from flask import Blueprint

from . import (
    common,
    conditions_editor,
    journeys,
    page_edit,
    pages,
    problems,
    receipts,
    settings,
    translations,
    versions,
)

editor_bp = Blueprint("journeys_editor", __name__, url_prefix="/staff/journeys")

GET = ("GET",)
POST = ("POST",)
GET_POST = ("GET", "POST")

ROUTES = [
    # editor-structure: journeys, overview, settings, pages, conditions, problems
    ("/", journeys.index, GET, None),
    ("/new", journeys.create, GET_POST, None),
    ("/<slug>/", journeys.overview, GET, None),
    ("/<slug>/start", settings.start, GET_POST, None),
    ("/<slug>/check-answers", settings.check_answers, GET_POST, None),
    ("/<slug>/confirmation", settings.confirmation, GET_POST, None),
    ("/<slug>/privacy", settings.privacy, GET_POST, None),
    ("/<slug>/problems", problems.report, GET, "problems"),
    ("/<slug>/pages", pages.pages, GET, None),
    ("/<slug>/pages/new", pages.add, GET_POST, None),
    ("/<slug>/pages/<key>", page_edit.edit, GET_POST, "page"),
    ("/<slug>/pages/<key>/move", pages.move, POST, None),
    ("/<slug>/pages/<key>/delete", pages.delete, GET_POST, None),
    ("/<slug>/pages/<key>/condition", conditions_editor.condition, GET_POST, None),
    ("/<slug>/pages/<key>/condition/rule", conditions_editor.add_rule, GET_POST, None),
    # editor-texts: receipts, translations, versions
    ("/<slug>/receipts", receipts.receipts, GET, None),
    ("/<slug>/receipts/new", receipts.receipt_new, GET_POST, None),
    ("/<slug>/receipts/<int:number>", receipts.receipt_edit, GET_POST, None),
    ("/<slug>/receipts/<int:number>/delete", receipts.receipt_delete, GET_POST, None),
    ("/<slug>/receipts/<int:number>/test", receipts.receipt_test, GET_POST, None),
    ("/<slug>/translations", translations.translations, GET_POST, None),
    ("/<slug>/translations.csv", translations.translations_csv, GET, None),
    ("/<slug>/translations/import", translations.translations_import, POST, None),
    ("/<slug>/versions", versions.versions, GET, None),
    ("/<slug>/versions/publish", versions.publish, POST, None),
    ("/<slug>/versions/<int:number>", versions.version_detail, GET, None),
    ("/<slug>/versions/<int:number>/point", versions.point, POST, None),
    ("/<slug>/versions/<int:number>/restore", versions.restore, GET_POST, None),
]

editor_bp.context_processor(common.editor_context)
for rule, handler, methods, endpoint in ROUTES:
    editor_bp.add_url_rule(rule, endpoint=endpoint, view_func=handler, methods=methods)
