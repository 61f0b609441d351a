"""The journey editor's URL map (staff area, role tjänstedesigner).

Handlers never import this file (Indico's ``blueprint.py``).
"""

from __future__ import annotations

from flask import Blueprint

from . import common, conditions_editor, journeys, page_edit, pages, problems, settings

editor_bp = Blueprint("journeys_editor", __name__, url_prefix="/staff/journeys")

GET_POST = ("GET", "POST")

# -- editor-structure: journeys, overview, settings, pages, conditions, problems ----
editor_bp.context_processor(common.editor_context)
editor_bp.add_url_rule("/", view_func=journeys.index)
editor_bp.add_url_rule("/new", view_func=journeys.create, methods=GET_POST)
editor_bp.add_url_rule("/<slug>/", view_func=journeys.overview)
editor_bp.add_url_rule("/<slug>/start", view_func=settings.start, methods=GET_POST)
editor_bp.add_url_rule("/<slug>/check-answers", view_func=settings.check_answers,
                       methods=GET_POST)
editor_bp.add_url_rule("/<slug>/confirmation", view_func=settings.confirmation,
                       methods=GET_POST)
editor_bp.add_url_rule("/<slug>/privacy", view_func=settings.privacy, methods=GET_POST)
editor_bp.add_url_rule("/<slug>/problems", view_func=problems.report, endpoint="problems")
editor_bp.add_url_rule("/<slug>/pages", view_func=pages.pages)
editor_bp.add_url_rule("/<slug>/pages/new", view_func=pages.add, methods=GET_POST)
editor_bp.add_url_rule("/<slug>/pages/<key>", view_func=page_edit.edit, methods=GET_POST,
                       endpoint="page")
editor_bp.add_url_rule("/<slug>/pages/<key>/move", view_func=pages.move, methods=("POST",))
editor_bp.add_url_rule("/<slug>/pages/<key>/delete", view_func=pages.delete,
                       methods=GET_POST)
editor_bp.add_url_rule("/<slug>/pages/<key>/condition", view_func=conditions_editor.condition,
                       methods=GET_POST)
editor_bp.add_url_rule("/<slug>/pages/<key>/condition/rule",
                       view_func=conditions_editor.add_rule, methods=GET_POST)
# -- end of editor-structure ----------------------------------------------------------

# -- receipts, translations, versions (editor-texts) ----------------------------------
from . import receipts, translations, versions  # noqa: E402

editor_bp.add_url_rule("/<slug>/receipts", view_func=receipts.receipts)
editor_bp.add_url_rule("/<slug>/receipts/new", view_func=receipts.receipt_new,
                       methods=GET_POST)
editor_bp.add_url_rule("/<slug>/receipts/<int:number>", view_func=receipts.receipt_edit,
                       methods=GET_POST)
editor_bp.add_url_rule("/<slug>/receipts/<int:number>/delete",
                       view_func=receipts.receipt_delete, methods=GET_POST)
editor_bp.add_url_rule("/<slug>/receipts/<int:number>/test", view_func=receipts.receipt_test,
                       methods=GET_POST)
editor_bp.add_url_rule("/<slug>/translations", view_func=translations.translations,
                       methods=GET_POST)
editor_bp.add_url_rule("/<slug>/translations.csv", view_func=translations.translations_csv)
editor_bp.add_url_rule("/<slug>/translations/import",
                       view_func=translations.translations_import, methods=("POST",))
editor_bp.add_url_rule("/<slug>/versions", view_func=versions.versions)
editor_bp.add_url_rule("/<slug>/versions/publish", view_func=versions.publish,
                       methods=("POST",))
editor_bp.add_url_rule("/<slug>/versions/<int:number>", view_func=versions.version_detail)
editor_bp.add_url_rule("/<slug>/versions/<int:number>/point", view_func=versions.point,
                       methods=("POST",))
editor_bp.add_url_rule("/<slug>/versions/<int:number>/restore", view_func=versions.restore,
                       methods=GET_POST)
# -- end of editor-texts ----------------------------------------------------------------
