"""The page-pattern gallery: every pattern live, with real validation, for designers.

Handlers only: ``blueprint.py`` maps the URLs to them.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ..forms import (
    DateInputField,
    MultiCheckboxField,
    PostalCode,
    QuestionForm,
    SummaryRow,
    SwedishMobileNumber,
    new_reference,
)

PATTERNS = (
    ("start", _l("Start page")), ("question_text", _l("Question: text")),
    ("question_radios", _l("Question: one choice")),
    ("question_checkboxes", _l("Question: several choices")),
    ("question_date", _l("Question: date")), ("question_address", _l("Question: find address")),
    ("question_phone", _l("Question: mobile number")), ("check_answers", _l("Check answers")),
    ("confirmation", _l("Confirmation")), ("content", _l("Content page")),
    ("task_list", _l("Task list")),
)
# Demo addresses for the address-lookup pattern; a real module asks its own register.
DEMO_ADDRESSES = {"93131": ["Storgatan 1", "Storgatan 2", "Storgatan 12", "Kyrkogatan 4"]}


class PatternForm(QuestionForm):
    text = TextAreaField(_l("What would you like to tell us?"), validators=[
        InputRequired(_l("Write what you would like to tell us")), Length(max=2000)])
    choice = RadioField(_l("How would you like us to contact you?"), choices=[
        SelectChoice("sms", _l("By SMS")), SelectChoice("email", _l("By e-mail")),
        SelectChoice("post", _l("By post"))],
        validators=[InputRequired(_l("Select how we should contact you"))])
    several = MultiCheckboxField(_l("Which bins do you have?"), choices=[
        SelectChoice("rest", _l("Residual waste")), SelectChoice("food", _l("Food waste")),
        SelectChoice("four", _l("Four-compartment bin"))],
        validators=[InputRequired(_l("Select at least one bin"))])
    when = DateInputField(_l("When should the change start?"), validators=[
        InputRequired(_l("Enter the date the change should start"))])
    phone = StringField(_l("Mobile number"), validators=[
        InputRequired(_l("Enter a mobile number")), SwedishMobileNumber()])
    postal_code = StringField(_l("Postal code"), validators=[
        InputRequired(_l("Enter the postal code")), PostalCode()])
    address = RadioField(_l("Select the address"),
                         validators=[InputRequired(_l("Select the address"))])


FIELDS = {"question_text": "text", "question_radios": "choice",
          "question_checkboxes": "several", "question_date": "when",
          "question_phone": "phone", "question_address": "postal_code"}


def patterns():
    return render_template("eservices/patterns/index.html", patterns=PATTERNS)


def pattern(name: str):
    if name not in dict(PATTERNS):
        abort(404)
    form = PatternForm()
    context: dict = {"form": form, "back": None}
    if name in FIELDS and request.method == "POST":
        field = form[FIELDS[name]]
        lookup = name == "question_address" and "address" in request.form
        if lookup:
            field = form.address
        form.address.choices = [SelectChoice(a, a) for a in
                                DEMO_ADDRESSES.get((form.postal_code.data or "").replace(" ", ""),
                                                   [])]
        if field.validate(form) and form.csrf_token.validate(form):
            if name == "question_address" and not lookup:
                context["addresses"] = form.address.choices
            else:
                return render_template("eservices/patterns/index.html", patterns=PATTERNS)
        elif lookup:
            context["addresses"] = form.address.choices
    if name == "check_answers":
        context["rows"] = [SummaryRow(key=str(_l("Mobile number")), value="070-123 45 67",
                                      change_url="#", change_label=str(_l("Mobile number")))]
    if name == "confirmation":
        context["reference"] = new_reference("EX")
    if name == "task_list":
        context["sections"] = [
            {"title": _l("Your subscription"), "tasks": [
                {"name": _l("Bin size"), "url": "#", "status": "done"},
                {"name": _l("Emptying frequency"), "url": "#", "status": "todo"}]},
            {"title": _l("Send"), "tasks": [
                {"name": _l("Check answers and send"), "url": "#", "status": "cannot_start"}]}]
    return render_template(f"eservices/patterns/{name}.html", **context)
