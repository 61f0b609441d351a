"""The editor's forms: texts in every site language, and the journey-wide settings.

The site's languages are configuration, so forms with a field per language
are classes made per request (``with_texts``); each field's id is the anchor
the integrity checks name (``name-sv``, ``page-bin-label-en``), so a problem
links straight to the box that fixes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, HiddenField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from ...forms import EmailAddress, QuestionForm
from ...i18n import current_language
from ...languages.texts import localized
from ...modules import categories
from ..schema import SLUG_PATTERN
from .common import language_name

CATEGORIES = (categories.WASTE, categories.ENVIRONMENT, categories.ACCESSIBILITY,
              categories.CONTACT, categories.OTHER)

LEGAL_BASES = {
    "public_interest": (_l("A task in the public interest or the municipality's authority"),
                        _l("Most municipal services: the law gives the municipality the task")),
    "legal_obligation": (_l("A legal obligation"),
                         _l("A law requires the municipality to process the data")),
    "contract": (_l("A contract with the resident"),
                 _l("For example a subscription the resident signs up for")),
    "consent": (_l("The resident's consent"),
                _l("Only when the resident can say no without losing anything")),
    "vital_interests": (_l("To protect someone's life or health"), None),
    "legitimate_interests": (_l("A legitimate interest"),
                             _l("Rarely open to public authorities")),
}


class WholeNumberField(IntegerField):
    """A whole number whose "not a number" error is ours and translated (not WTForms')."""

    def process_formdata(self, valuelist) -> None:
        text = (valuelist[0] if valuelist else "").strip().replace(" ", "").replace("\u2212", "-")
        self.data = None
        if not text:
            return
        if not re.fullmatch(r"-?\d{1,10}", text):
            raise ValueError(str(_l("Enter a whole number, like 12")))
        self.data = int(text)


class EditorForm(QuestionForm):
    """Every editor form carries the draft revision it was loaded at."""

    revision = HiddenField()


@dataclass(frozen=True)
class TextSpec:
    """A text the designer writes in every site language (``name`` as in the schema)."""

    name: str
    label: Any
    hint: Any = None
    long: bool = False
    max_length: int = 5000
    required_first: Any = None  # the message when the first language is empty


@dataclass(frozen=True)
class TextGroup:
    """One text's fields, a field per language, rendered side by side."""

    spec: TextSpec
    id: str
    fields: list[Field]


def with_texts(base: type[EditorForm], specs: Sequence[TextSpec], languages: Sequence[str],
               id_prefix: str = "") -> type[EditorForm]:
    """``base`` with a field ``<name>_<language>`` (id ``<prefix><name>-<language>``) per text."""
    attributes: dict[str, Field] = {}
    for spec in specs:
        for index, language in enumerate(languages):
            validators: list[Any] = [Length(max=spec.max_length, message=_l(
                "Write %(max)s characters or fewer", max=spec.max_length))]
            if spec.required_first and index == 0:
                validators.insert(0, InputRequired(spec.required_first))
            kind = TextAreaField if spec.long else StringField
            attributes[f"{spec.name}_{language}"] = kind(
                _l("%(field)s (%(language)s)", field=spec.label,
                   language=language_name(language)),
                validators=validators, id=f"{id_prefix}{spec.name}-{language}")
    return type(f"{base.__name__}Texts", (base,), attributes)


def groups(form: EditorForm, specs: Sequence[TextSpec], languages: Sequence[str],
           id_prefix: str = "") -> list[TextGroup]:
    return [TextGroup(spec, f"{id_prefix}{spec.name}",
                      [form[f"{spec.name}_{language}"] for language in languages])
            for spec in specs]


def initial_texts(name: str, texts: dict[str, str], languages: Sequence[str]
                  ) -> dict[str, str]:
    return {f"{name}_{language}": texts.get(language, "") for language in languages}


def texts_of(form: EditorForm, name: str, languages: Sequence[str]) -> dict[str, str]:
    """The texts typed, without the empty ones (a missing language is a problem, not '')."""
    found = {}
    for language in languages:
        value = (form[f"{name}_{language}"].data or "").strip()
        if value:
            found[language] = value
    return found


def _upper(value: str | None) -> str | None:
    return value.strip().upper() if isinstance(value, str) else value


def _stripped(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def category_field() -> RadioField:
    """The catalogue headings, named in the designer's language."""
    return RadioField(_l("Category in the catalogue"), choices=[
        SelectChoice(c.key, localized(c.name, current_language()) or c.key)
        for c in CATEGORIES], default="other",
        validators=[InputRequired(_l("Select a category"))])


class AboutForm(EditorForm):
    """The journey's identity: who owns it, where it is listed, its reference numbers."""

    owner = StringField(_l("Team responsible"), filters=[_stripped], validators=[
        InputRequired(_l("Name the team responsible for the service")),
        Length(max=200, message=_l("Write %(max)s characters or fewer", max=200))])
    reference_prefix = StringField(_l("Letters in front of reference numbers"),
                                   filters=[_upper], validators=[
        InputRequired(_l("Enter 2 to 5 letters for the reference numbers")),
        Regexp(r"^[A-Z]{2,5}$", message=_l("Use 2 to 5 letters A to Z, like BIN"))])


class CreateForm(AboutForm):
    slug = StringField(_l("Web address"), filters=[_stripped], validators=[
        Optional(), Regexp(SLUG_PATTERN, message=_l(
            "Use 3 to 40 small letters a to z, digits and hyphens, starting with a letter"))])


class PrivacyForm(EditorForm):
    legal_basis = RadioField(_l("Why the municipality may process the data (legal basis)"),
                             choices=[SelectChoice(key, label) for key, (label, _hint)
                                      in LEGAL_BASES.items()],
                             validators=[InputRequired(_l("Select the legal basis"))])
    retention_days = WholeNumberField(_l("Days to keep submissions"), validators=[
        InputRequired(_l("Enter how many days submissions are kept")),
        NumberRange(min=1, max=3660, message=_l("Enter a number of days from 1 to 3660"))])
    team_email = StringField(_l("Team e-mail address"), filters=[_stripped], validators=[
        Optional(), EmailAddress(), Length(max=254)])


NAME = TextSpec("name", _l("Name of the service"),
                hint=_l("What residents are trying to do, like “Report a problem with your "
                        "bin”"), max_length=200,
                required_first=_l("Enter the name of the service"))
SUMMARY = TextSpec("summary", _l("Summary"), hint=_l(
    "One or two sentences for the catalogue and the start page"), long=True, max_length=500)
START = TextSpec("start", _l("Start page text"), hint=_l(
    "What residents need to know before they start; a blank line starts a new paragraph"),
    long=True)
CHECK_TITLE = TextSpec("check_title", _l("Heading"), hint=_l(
    "Leave empty for “Check your answers before sending”"), max_length=200)
DECLARATION = TextSpec("declaration", _l("Declaration"), hint=_l(
    "Shown above the send button, like “By sending this you confirm that the information is "
    "correct”. Leave empty for none"), long=True)
CONFIRMATION_TITLE = TextSpec("confirmation_title", _l("Heading"), hint=_l(
    "Leave empty for “We have received your report”"), max_length=200)
NEXT_STEPS = TextSpec("next_steps", _l("What happens next"), hint=_l(
    "Shown below the reference number"), long=True)
CONTROLLER = TextSpec("controller", _l("Data controller"), hint=_l(
    "The authority responsible for the data, like “Technical committee, Skellefteå "
    "municipality”"), max_length=500)
PURPOSE = TextSpec("purpose", _l("Why the data is processed"), long=True)
