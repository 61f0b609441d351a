"""The question pages.  Each form gets the request's ``Context`` (tariff, the
identified subscription, today) so that choices and checks follow the tariff
and are re-checked on the server whenever the saved answers are read again.
"""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from eservices import toolkit as tk

from .proposal import Context

CHANGE_LABELS = {
    "size": _l("Bin size"),
    "frequency": _l("How often the bins are emptied"),
    "home_composting": _l("Start composting food waste at home"),
    "share": _l("Share a bin with a neighbour"),
    "pause": _l("Pause collection at my holiday home"),
    "cancel_pause": _l("Cancel my pause in collection"),
}


class ContextForm(tk.QuestionForm):
    """A question form that knows whose subscription and which tariff it is about."""

    def __init__(self, *args, ctx: Context, **kwargs) -> None:
        self.ctx = ctx
        super().__init__(*args, **kwargs)


class ChangesForm(ContextForm):
    changes = tk.MultiCheckboxField(_l("What do you want to change?"), validators=[
        InputRequired(_l("Select at least one thing you want to change"))])

    def __init__(self, *args, ctx: Context, **kwargs) -> None:
        super().__init__(*args, ctx=ctx, **kwargs)
        self.changes.choices = [SelectChoice(c, CHANGE_LABELS[c])
                                for c in ctx.available_changes()]

    def validate_changes(self, field) -> None:
        for violation in self.ctx.combination_errors(set(field.data or ())):
            field.error_kind = "combination"
            raise ValidationError(violation)


class SizeForm(ContextForm):
    """One question per bin whose size can change (most tariffs: residual waste)."""

    answer_names = {"size": _l("Bin size")}
    size = RadioField(_l("Which size do you want?"), coerce=int,
                      validators=[InputRequired(_l("Select the size you want"))])

    def __init__(self, *args, ctx: Context, **kwargs) -> None:
        super().__init__(*args, ctx=ctx, **kwargs)
        container = ctx.resizable_container()
        self.container = container
        current = ctx.current.bin_for(container) if container else None
        self.size.choices = [
            SelectChoice(litres, _l("%(litres)s litres", litres=litres)
                         if not current or current.litres != litres
                         else _l("%(litres)s litres (your size today)", litres=litres))
            for litres in (ctx.tariff.sizes(container) if container else [])]

    def validate_size(self, field) -> None:
        current = self.ctx.current.bin_for(self.container) if self.container else None
        if current and field.data == current.litres:
            field.error_kind = "unchanged"
            raise ValidationError(_l("Select a size other than the one you have today"))


class CompostingForm(ContextForm):
    answer_names = {"compost_type": _l("Type of compost"), "declaration": _l("Your promise")}
    compost_type = RadioField(_l("How will you compost your food waste?"), validators=[
        InputRequired(_l("Select how you will compost your food waste"))])
    declaration = BooleanField(
        _l("I will compost all my food waste at home, in a compost that rats and other "
           "pests cannot get into"),
        validators=[InputRequired(_l("Confirm that you will compost all your food waste at "
                                     "home"))])

    def __init__(self, *args, ctx: Context, **kwargs) -> None:
        super().__init__(*args, ctx=ctx, **kwargs)
        composting = ctx.tariff.home_composting
        self.compost_type.choices = [
            SelectChoice(key, composting.compost_type_label(key, ctx.language))
            for key in composting.compost_types]


class FrequencyForm(ContextForm):
    answer_names = {"frequency": _l("How often the bins are emptied")}
    frequency = RadioField(_l("How often do you want your bins emptied?"), validators=[
        InputRequired(_l("Select how often you want your bins emptied"))])

    def __init__(self, *args, ctx: Context, **kwargs) -> None:
        super().__init__(*args, ctx=ctx, **kwargs)
        self.frequency.choices = [
            SelectChoice(f.id, f.label(ctx.language) if f.id != ctx.current.frequency
                         else _l("%(frequency)s (as today)", frequency=f.label(ctx.language)))
            for f in ctx.tariff.frequencies.values()]

    def validate_frequency(self, field) -> None:
        if field.data == self.ctx.current.frequency:
            field.error_kind = "unchanged"
            raise ValidationError(_l("Select a frequency other than the one you have today"))


class ShareForm(ContextForm):
    neighbour_customer_number = StringField(_l("Your neighbour's customer number"), validators=[
        InputRequired(_l("Enter your neighbour's customer number")), Length(max=20)])
    neighbour_address = StringField(_l("Your neighbour's street address"), validators=[
        InputRequired(_l("Enter your neighbour's street address")), Length(max=200)])


class PauseForm(ContextForm):
    start = tk.DateInputField(_l("First day of the pause"), validators=[
        InputRequired(_l("Enter the first day of the pause"))])
    end = tk.DateInputField(_l("Last day of the pause"), validators=[
        InputRequired(_l("Enter the last day of the pause"))])

    def validate_end(self, field) -> None:
        if self.start.data and field.data and field.data < self.start.data:
            field.error_kind = "before_start"
            raise ValidationError(_l("The last day of the pause must be after the first day"))


class WhenForm(ContextForm):
    answer_names = {"effective_date": _l("Date of the change")}
    effective_date = tk.DateInputField(_l("From which date should the change apply?"), validators=[
        InputRequired(_l("Enter the date the change should apply from"))])

    def validate_effective_date(self, field) -> None:
        if field.data is None:
            return
        earliest, latest = self.ctx.earliest, self.ctx.latest
        if field.data < self.ctx.today:
            field.error_kind = "past"
            raise ValidationError(_l("The date cannot be in the past"))
        if field.data < earliest:
            field.error_kind = "too_early"
            raise ValidationError(_l("The earliest date we can make the change is %(date)s",
                                     date=format_date(earliest, "d MMMM y")))
        if field.data > latest:
            field.error_kind = "too_late"
            raise ValidationError(_l("The date must be %(date)s or earlier",
                                     date=format_date(latest, "d MMMM y")))


class ContactForm(tk.QuestionForm):
    email = StringField(_l("E-mail address"), validators=[Optional(), tk.EmailAddress()])
    phone = StringField(_l("Mobile number"), validators=[Optional(), tk.SwedishMobileNumber()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not (self.email.data or self.phone.data):
            self.email.error_kind = "missing"
            self.email.errors = [str(_l("Enter an e-mail address or a mobile number, so that "
                                        "we can send you a receipt and our decision"))]
            return False
        return valid
