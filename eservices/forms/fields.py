"""Fields for question patterns WTForms lacks: a GOV.UK-style date in three boxes."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.validators import StopValidation

# The years a date anyone types here can mean.  Outside them a date is a typo, and
# near the ends of Python's range (year 1, 9999) converting to UTC fails.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
_NUMBER = re.compile(r"\d{1,4}")  # any decimal digits int() reads, at most four


def within_years(day: date) -> bool:
    """Whether ``day`` lies in the years the platform's date questions accept."""
    return EARLIEST_YEAR <= day.year <= LATEST_YEAR


class DateInputField(Field):
    """Day, month and year in three inputs (``<name>-day`` …), as GOV.UK asks for dates.

    Three boxes avoid the date-picker problems of ``<input type=date>`` with screen
    readers, and let a resident type "5" for May.
    """

    PARTS = ("day", "month", "year")

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.parts: dict[str, str] = {part: "" for part in self.PARTS}

    def process_formdata(self, valuelist) -> None:
        pass

    def process(self, formdata, data=None, extra_filters=None) -> None:
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            self.parts = {part: formdata.get(f"{self.name}-{part}", "").strip()
                          for part in self.PARTS}
            self.raw_data = [value for value in self.parts.values() if value]
            self.data = None
        elif isinstance(self.data, date):
            self.parts = {"day": str(self.data.day), "month": str(self.data.month),
                          "year": str(self.data.year)}

    def pre_validate(self, form) -> None:
        if not any(self.parts.values()):
            return  # InputRequired / Optional decide
        missing = [part for part in self.PARTS if not self.parts[part]]
        if missing:
            self.error_kind = "incomplete"
            raise StopValidation(str(_l("The date must include a day, a month and a year")))
        try:
            # At most four digits each: date() overflows (OverflowError, not ValueError)
            # on a year of ten digits, and int() is slow on thousands of them.
            if not all(_NUMBER.fullmatch(self.parts[part]) for part in self.PARTS):
                raise ValueError("not a number of at most four digits")
            self.data = date(int(self.parts["year"]), int(self.parts["month"]),
                             int(self.parts["day"]))
        except ValueError as exc:
            self.error_kind = "invalid"
            raise StopValidation(str(_l("The date must be a real date, like 27 11 2026"))) \
                from exc
        if not within_years(self.data):
            self.error_kind = "invalid"
            raise StopValidation(str(_l("The year must have four digits, like 2026")))

    def _value(self) -> str:
        return self.data.isoformat() if isinstance(self.data, date) else ""
