"""The staff page's two forms: which export to download, and the file to import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired


class ExportForm(FlaskForm):
    """A GET form (a download changes nothing), so no CSRF token goes into the link."""

    class Meta:
        csrf = False

    language = SelectField(_l("Language"), validators=[
        InputRequired(_l("Choose the language to export"))])
    file_format = RadioField(_l("File format"), default="xliff", choices=[
        SelectChoice("xliff", _l("XLIFF 2.0, for translation tools")),
        SelectChoice("csv", _l("CSV, for a spreadsheet"))],
        validators=[InputRequired(_l("Choose the file format"))])


class ImportForm(FlaskForm):
    file = FileField(_l("Translated file (XLIFF or CSV)"))
