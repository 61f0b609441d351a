"""The resident's questions: find the address, which texts, when, which number, the code.

Choices offered (reminder times, lead times) come from the module's settings
(settings.py), so the pages offer and the saved answers are re-checked against
the same parsed values.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from eservices import toolkit as tk

from .settings import settings

ALERT_LABELS = {
    "evening": _l("A text the evening before collection day"),
    "approach": _l("A text when the garbage truck is on its way to you"),
}
REMINDER_HOURS = range(17, 22)  # 17:00-21:00: the times a resident may choose


def default_reminder_time() -> str:
    """The REMINDER_TIME setting as "HH:MM" ("18:00" when it cannot be read)."""
    return settings().reminder_time


def reminder_times() -> list[str]:
    """17:00 to 21:00 on the hour, and the configured time if it is another one."""
    times = {f"{hour:02d}:00" for hour in REMINDER_HOURS} | {default_reminder_time()}
    return sorted(times)


def lead_times() -> list[int]:
    """The APPROACH_LEAD_MINUTES setting ("15,30,60") as minutes, smallest first."""
    return list(settings().lead_minutes)


def lead_label(minutes: int) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("About %(num)s hour before", "About %(num)s hours before", hours)
    return ngettext("About %(num)s minute before", "About %(num)s minutes before", minutes)


class SearchForm(tk.QuestionForm):
    """The address search: a GET form, so it has no CSRF token and results can be linked."""

    class Meta:
        csrf = False

    address = StringField(_l("Street address"), validators=[
        InputRequired(_l("Enter your street address, like Storgatan 12")),
        Length(max=200, message=_l("The address must be 200 characters or fewer"))])


class AlertsForm(tk.QuestionForm):
    alerts = tk.MultiCheckboxField(_l("Which texts do you want?"), choices=[
        SelectChoice(key, label) for key, label in ALERT_LABELS.items()], validators=[
        InputRequired(_l("Select at least one kind of text"))])


class EveningTimeForm(tk.QuestionForm):
    reminder_time = RadioField(_l("At what time the evening before do you want the text?"),
                               validators=[InputRequired(_l("Select a time for the text"))])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        default = default_reminder_time()
        self.reminder_time.choices = [
            SelectChoice(t, t if t != default else _l("%(time)s (the usual time)",
                                                   time=t))
            for t in reminder_times()]
        if not self.is_submitted() and self.reminder_time.data is None:
            self.reminder_time.data = default


class LeadTimeForm(tk.QuestionForm):
    approach_minutes = RadioField(
        _l("How long before the truck arrives do you want the text?"), coerce=int,
        validators=[InputRequired(_l("Select how long before the truck arrives"))])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.approach_minutes.choices = [SelectChoice(m, lead_label(m)) for m in lead_times()]


class MobileForm(tk.QuestionForm):
    phone = StringField(_l("Mobile number"), validators=[
        InputRequired(_l("Enter your mobile number")), Length(max=30, message=_l(
            "Enter a mobile number, like 070-123 45 67")), tk.SwedishMobileNumber()])


class CodeForm(tk.QuestionForm):
    code = StringField(_l("Code"), validators=[
        InputRequired(_l("Enter the code from the text message"))])

    def validate_code(self, field) -> None:
        typed = re.sub(r"[\s-]", "", field.data or "")
        if not re.fullmatch(r"\d{6}", typed):
            field.error_kind = "format"
            raise ValidationError(_l("The code is 6 digits. Enter it as it is in the text "
                                     "message"))
        field.data = typed
