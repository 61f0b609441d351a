"""The administrators' translations page: coverage, exports to download, an import.

The same three things as ``flask eservices translations``, through the same
``workflow``: an import is checked whole and written only when nothing is
wrong, and every import, written or refused, is in the audit log.  Handlers
only; ``blueprint.py`` maps them.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms.fields.choices import SelectChoice

from ..db import db
from ..i18n import current_language
from ..languages.configured import own_name
from .coverage import coverage, total
from .forms import ExportForm, ImportForm
from .incoming import FILE_LIMIT
from .sources import sources
from .workflow import MIMETYPE, export, file_name, import_file, site_languages

TEMPLATE = "eservices/translation_work/index.html"


def _export_form(formdata: Any = None) -> ExportForm:
    form = ExportForm(formdata=formdata)
    form.language.choices = [SelectChoice(code, f"{own_name(code)} ({code})")
                             for code in site_languages()]
    return form


def _module_name(owner: str) -> str:
    if owner == "platform":
        return _("The platform (shared pages and messages)")
    module = current_app.extensions["eservices.modules"].installed.get(owner)
    return module.text(module.name, current_language()) if module is not None else owner


def _page(status: int = 200, **context: Any):
    found = sources()
    tables = []
    for code in site_languages():
        rows = coverage(found, code)
        tables.append({"code": code, "name": own_name(code), "rows": rows,
                       "total": total(rows, code)})
    context.setdefault("export_form", _export_form())
    context.setdefault("import_form", ImportForm(formdata=None))
    return render_template(TEMPLATE, tables=tables, module_name=_module_name,
                           max_mb=FILE_LIMIT // (1024 * 1024), **context), status


def index():
    return _page()


def download():
    form = _export_form(request.args)
    if not form.validate():
        return _page(400, export_form=form)
    language, file_format = form.language.data, form.file_format.data
    return Response(export(language, file_format), mimetype=MIMETYPE[file_format], headers={
        "Content-Disposition": f'attachment; filename="{file_name(language, file_format)}"',
        "Cache-Control": "no-store"})


def upload():
    form = ImportForm()
    if request.method == "GET" or not form.validate_on_submit():
        # A GET is where an expired form's POST lands: the page, nothing imported.
        return _page(400 if request.method == "POST" else 200, import_form=form)
    upload = form.file.data
    if upload is None or not upload.filename:
        form.file.errors = [_("Choose the translated file to import")]
        return _page(400, import_form=form)
    result = import_file(upload.stream.read(FILE_LIMIT + 1), upload.filename)
    db.session.commit()
    verdict = result.verdict
    if result.refused:
        return _page(400, import_form=form, problems=[str(p) for p in verdict.problems])
    if verdict.changes:
        done = ngettext("%(num)d text in %(language)s was imported.",
                        "%(num)d texts in %(language)s were imported.", len(verdict.changes),
                        language=own_name(verdict.language or ""))
    else:
        done = _("The file has the same texts as the site; nothing was changed.")
    return _page(200, done=done, warnings=[str(w) for w in verdict.warnings])
