"""The form of one page: its texts in every language and its type's bounded settings.

A question type offers only the settings that make sense for it (a number
has a minimum and maximum, a date a rule and limits, a choice its options),
so the form class is made for the page being edited.  Field ids follow the
integrity checks' anchors (``page-<key>-label-sv``) so the problems report
links to the very box.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from ...forms import DateInputField
from ..schema import AUTOCOMPLETE_TOKENS, CHOICE_TYPES, DEFAULT_AUTOCOMPLETE, KEY_PATTERN, Page
from .forms import EditorForm, TextSpec, WholeNumberField, with_texts

#: The question types in plain words, with a hint each (the "add a page" choice).
TYPE_LABELS: dict[str, tuple[Any, Any]] = {
    "short_text": (_l("Short answer"), _l("A few words, like a street name or a number plate")),
    "long_text": (_l("Long answer"), _l("Several sentences, like a description of a problem")),
    "number": (_l("Number"), _l("A whole number, like how many bins")),
    "date": (_l("Date"), _l("Day, month and year, like when something happened")),
    "one_choice": (_l("One choice from a list"), _l("The resident picks one option")),
    "several_choices": (_l("Several choices"), _l("The resident ticks any number of options")),
    "yes_no": (_l("Yes or no"), None),
    "email": (_l("E-mail address"), None),
    "mobile": (_l("Mobile number"), _l("A Swedish mobile number; SMS receipts go to it")),
    "personal_number": (_l("Personnummer"), _l("A Swedish personal identity number")),
    "postal_code": (_l("Postal code"), None),
    "address": (_l("Address"), _l("Street address, postal code and town")),
    "name": (_l("Name"), _l("The resident's full name")),
    "consent": (_l("Consent"), _l("One box the resident ticks to agree")),
}
KIND_LABELS: dict[str, tuple[Any, Any]] = {
    "content": (_l("A page with information"),
                _l("Only text; the resident reads it and continues")),
    "exit": (_l("An exit page"), _l("“You cannot use this service because …”: the journey "
                                   "ends here and says what to do instead")),
}
TEXT_TYPES = frozenset({"short_text", "long_text"})
#: Types answered in a text box, where the browser may fill in the answer (WCAG 1.3.5).
AUTOFILL_TYPES = frozenset({"short_text", "number", "email", "mobile", "personal_number",
                            "postal_code", "address", "name"})
#: Autofill tokens designers meet often, in plain words; the rest show the token only.
TOKEN_LABELS = {
    "name": _l("Full name"), "given-name": _l("First name"), "family-name": _l("Last name"),
    "email": _l("E-mail address"), "tel": _l("Telephone number"),
    "street-address": _l("Street address"), "postal-code": _l("Postal code"),
    "address-level2": _l("Town"), "organization": _l("Organisation"),
    "bday": _l("Date of birth"), "country-name": _l("Country"), "url": _l("Web address"),
}

LABEL = TextSpec("label", _l("Question"), hint=_l(
    "The page's heading, like “What is wrong with the bin?”"), max_length=300)
HINT = TextSpec("hint", _l("Hint"), hint=_l("Help below the question; leave empty for none"),
                long=True, max_length=1000)
SUMMARY_LABEL = TextSpec("summary_label", _l("Label on check answers"), hint=_l(
    "A short label, like “Problem”; leave empty to use the question"), max_length=200)
NONE_OPTION = TextSpec("none_option", _l("“None of these” answer"), hint=_l(
    "An answer that excludes the others, like “None of these”; leave empty for none"),
    max_length=200)
TITLE = TextSpec("title", _l("Heading"), max_length=300)
BODY = TextSpec("body", _l("Text"), hint=_l("A blank line starts a new paragraph"),
                long=True)


def specs_for(page: Page) -> list[TextSpec]:
    if page.question is None:
        return [TITLE, BODY]
    specs = [LABEL, HINT, SUMMARY_LABEL]
    if page.question.type == "several_choices":
        specs.append(NONE_OPTION)
    return specs


def _number(label: Any, field_id: str) -> WholeNumberField:
    return WholeNumberField(label, id=field_id, validators=[
        Optional(), NumberRange(min=-1_000_000_000, max=1_000_000_000, message=_l(
            "Enter a whole number between -1000000000 and 1000000000"))])


def page_form_class(page: Page, site: Sequence[str]) -> type[EditorForm]:
    prefix = f"page-{page.key}-"
    attributes: dict[str, Any] = {
        "key": StringField(_l("Page key"), id=f"{prefix}key", validators=[
            InputRequired(_l("Enter the page key")),
            Regexp(KEY_PATTERN, message=_l("Use small letters a to z, digits and _, starting "
                                           "with a letter, at most 40"))]),
        "action": HiddenField(),
    }
    question = page.question
    if question is not None:
        kind = question.type
        attributes["required"] = RadioField(
            _l("Must residents answer this question?"), id=f"{prefix}required",
            choices=[SelectChoice("yes", _l("Yes, an answer is needed")),
                     SelectChoice("no", _l("No, the question is optional"))],
            validators=[InputRequired(_l("Select whether an answer is needed"))])
        attributes["personal_data"] = BooleanField(_l("This is personal data"),
                                                   id=f"{prefix}personal_data")
        if kind in AUTOFILL_TYPES:
            attributes["autocomplete"] = SelectField(
                _l("What the browser may fill in"), id=f"{prefix}autocomplete",
                choices=autocomplete_choices(kind), validate_choice=True)
        if kind in TEXT_TYPES:
            attributes["max_length"] = WholeNumberField(
                _l("Longest answer, in characters"), id=f"{prefix}max_length", validators=[
                    Optional(), NumberRange(min=1, max=10000, message=_l(
                        "Enter a number from 1 to 10000"))])
        if kind == "number":
            attributes["minimum"] = _number(_l("Smallest number allowed"), f"{prefix}minimum")
            attributes["maximum"] = _number(_l("Largest number allowed"), f"{prefix}maximum")
        if kind == "date":
            attributes["date_rule"] = RadioField(
                _l("Which dates are allowed?"), id=f"{prefix}date_rule",
                choices=[SelectChoice("any", _l("Any date")),
                         SelectChoice("past", _l("Today or earlier")),
                         SelectChoice("future", _l("Today or later"))],
                validators=[InputRequired(_l("Select which dates are allowed"))])
            attributes["earliest"] = DateInputField(_l("Earliest date"), id=f"{prefix}earliest",
                                                    validators=[Optional()])
            attributes["latest"] = DateInputField(_l("Latest date"), id=f"{prefix}latest",
                                                  validators=[Optional()])
        if kind in CHOICE_TYPES:
            attributes["options"] = TextAreaField(
                _l("Options"), id=f"{prefix}options",
                validators=[Length(max=20000, message=_l(
                    "Write %(max)s characters or fewer", max=20000))])
    base = type("PageForm", (EditorForm,), attributes)
    return with_texts(base, specs_for(page), site, id_prefix=prefix)


def autocomplete_choices(kind: str) -> list[SelectChoice]:
    choices = [] if kind in DEFAULT_AUTOCOMPLETE else [
        SelectChoice("", _l("Nothing (the browser does not fill it in)"))]
    # The tokens with plain words first, in the order of those words; the rest after.
    for token in sorted(AUTOCOMPLETE_TOKENS,
                        key=lambda t: (t not in TOKEN_LABELS, str(TOKEN_LABELS.get(t, t)))):
        plain = TOKEN_LABELS.get(token)
        choices.append(SelectChoice(token, f"{plain} ({token})" if plain else token))
    return choices


def initial(page: Page, site: Sequence[str], options_text: str) -> dict[str, Any]:
    data: dict[str, Any] = {"key": page.key}
    question = page.question
    texts = ({"title": page.title, "body": page.body} if question is None else
             {"label": question.label, "hint": question.hint,
              "summary_label": question.summary_label, "none_option": question.none_option})
    for name, values in texts.items():
        for language in site:
            data[f"{name}_{language}"] = values.get(language, "")
    if question is not None:
        data |= {"required": "yes" if question.required else "no",
                 "personal_data": question.personal_data,
                 "autocomplete": question.autocomplete_token or "",
                 "max_length": question.max_length, "minimum": question.minimum,
                 "maximum": question.maximum, "date_rule": question.date_rule,
                 "earliest": question.earliest, "latest": question.latest,
                 "options": options_text}
    return data


def settings_errors(form: EditorForm) -> None:
    """Settings that contradict each other, as errors on the later field."""
    if "minimum" in form and form.minimum.data is not None and form.maximum.data is not None \
            and form.minimum.data > form.maximum.data:
        form.maximum.errors = [*form.maximum.errors,
                               _("The largest number must be at least the smallest")]
    if "earliest" in form and form.earliest.data and form.latest.data and \
            form.earliest.data > form.latest.data:
        form.latest.errors = [*form.latest.errors,
                              _("The latest date must be after the earliest date")]
