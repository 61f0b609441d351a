"""The holiday-shift page's form: the day a holiday's collections move to."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, Length, ValidationError

from eservices import toolkit as tk

MAX_DAYS = 31  # the register refuses longer moves (tk.register.MAX_SHIFT)


class ShiftForm(tk.QuestionForm):
    original: date  # set by the handler: the holiday whose collections move

    new_date = tk.DateInputField(_l("Which day are the collections moved to?"), validators=[
        InputRequired(_l("Enter the day the collections are moved to"))])
    note = StringField(_l("Name of the day (optional)"), validators=[
        Length(max=200, message=_l("The name can be at most 200 characters"))])

    def validate_new_date(self, field) -> None:
        if field.data is None:
            return
        if field.data == self.original:
            raise ValidationError(_l("Enter a different day from the holiday itself"))
        if abs(field.data - self.original) > timedelta(days=MAX_DAYS):
            raise ValidationError(_l("The collections can be moved at most 31 days"))
