"""The Python an ejected journey is written in: literals, conditions, form fields.

``eject.py`` decides which files a module has; this file writes the pieces of
code that depend on a definition, so that they read as if a developer had
written them: a condition becomes ``answers.value("contact") == "yes"``, a
question a WTForms field with the platform's validators and GOV.UK messages,
and every text a ``_l("...")`` whose translations go in the module's catalogue.
"""

from __future__ import annotations

import datetime as dt
import json
import keyword
from collections.abc import Callable
from pathlib import Path

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po
from babel.support import Translations
from flask import current_app

from ..i18n import LONG_DATE
from ..languages.configured import babel_locale_for, catalogue_locale
from .schema import AllOf, AnswerIs, AnyOf, Condition, NotThis, Question, Texts

WIDTH = 100
#: Names a WTForms form already uses; a page with such a key gets another field name.
FORM_ATTRIBUTES = frozenset({"data", "errors", "meta", "validate", "process", "populate_obj",
                             "csrf_token", "submit", "form_errors", "is_optional"})


def N_(message: str) -> str:
    """Marks a platform message whose translations are copied into the module's catalogue."""
    return message


#: The GOV.UK messages of the generated forms: the runtime's (``questions.py``), so the
#: module says what the built journey said; the platform catalogue has their translations.
REQUIRED = {
    "short_text": N_("Enter an answer"), "long_text": N_("Enter an answer"),
    "number": N_("Enter a number"), "date": N_("Enter a date"),
    "one_choice": N_("Select an option"), "several_choices": N_("Select at least one option"),
    "yes_no": N_("Select yes or no"), "email": N_("Enter an email address"),
    "mobile": N_("Enter a mobile number"),
    "personal_number": N_("Enter a personal identity number"),
    "postal_code": N_("Enter a postal code"), "address": N_("Enter an address"),
    "name": N_("Enter a name"), "consent": N_("Select the box to confirm"),
}
MESSAGES = {
    "too_long": N_("The answer must be %(max)s characters or fewer"),
    "address_too_long": N_("The address must be %(max)s characters or fewer"),
    "number": N_("Enter a whole number, like 12"),
    "between": N_("Enter a number between %(low)s and %(high)s"),
    "minimum": N_("Enter a number that is %(low)s or more"),
    "maximum": N_("Enter a number that is %(high)s or less"),
    "past": N_("The date must be today or in the past"),
    "future": N_("The date must be today or in the future"),
    "earliest": N_("The date must be the same as or after %(date)s"),
    "latest": N_("The date must be the same as or before %(date)s"),
    "exclusive": N_("Select the options that apply, or only “%(none)s”"),
}
#: The stored value of "None of these" (as the runtime stores it).
NONE_VALUE = "_none"
#: Words of the generated pages that come from the platform catalogue.
PAGE_WORDS = (N_("Yes"), N_("No"), N_("I agree"), N_("Start now"), N_("Continue"),
              N_("Send"), N_("Your reference number"), N_("What happens next"),
              N_("Check your answers"), N_("Sent"), N_("Select all that apply."),
              N_("For example 27 11 2026"))


def literal(text: str) -> str:
    """A double-quoted Python string (JSON's escapes are Python's)."""
    return json.dumps(text, ensure_ascii=False)


def wrapped(text: str, indent: int, lead: str = "", tail: str = "") -> list[str]:
    """``lead + "text" + tail`` as lines of at most WIDTH, split into adjacent literals."""
    pad = " " * indent
    whole = f"{pad}{lead}{literal(text)}{tail}"
    if len(whole) <= WIDTH:
        return [whole]
    room = WIDTH - indent - len(lead) - len(tail) - 4
    chunks, current = [], ""
    for word in text.split(" "):
        piece = word if not current else f"{current} {word}"
        if len(literal(piece)) > room and current:
            chunks.append(current + " ")
            current = word
        else:
            current = piece
    chunks.append(current)
    lines = [f"{pad}{lead}{literal(chunks[0])}"]
    lines += [f"{pad}{' ' * len(lead)}{literal(chunk)}" for chunk in chunks[1:]]
    lines[-1] += tail
    return lines


def identifier(key: str) -> str:
    return f"{key}_answer" if key in FORM_ATTRIBUTES or keyword.iskeyword(key) else key


def class_name(key: str) -> str:
    return "".join(part.capitalize() for part in key.split("_")) + "Page"


# -- conditions --------------------------------------------------------------------

def _value(value: object) -> str:
    if isinstance(value, dt.date):
        return f"dt.date({value.year}, {value.month}, {value.day})"
    if isinstance(value, tuple):
        return "(" + ", ".join(literal(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return literal(value) if isinstance(value, str) else repr(value)


def _leaf(leaf: AnswerIs) -> str:
    answer = f"answers.value({literal(leaf.question)})"
    value = _value(leaf.value)
    return {
        "is": lambda: f"{answer} == {value}",
        "is_not": lambda: f"{answer} not in (None, \"\", {value})",
        "is_one_of": lambda: f"{answer} in {value}",
        "contains": lambda: f"bool(set({value}) & set({answer} or ()))",
        "answered": lambda: f"{answer} not in (None, \"\", [])",
        "not_answered": lambda: f"{answer} in (None, \"\", [])",
        "at_least": lambda: f"isinstance({answer}, int) and {answer} >= {value}",
        "at_most": lambda: f"isinstance({answer}, int) and {answer} <= {value}",
        "before": lambda: f"isinstance({answer}, dt.date) and {answer} < {value}",
        "after": lambda: f"isinstance({answer}, dt.date) and {answer} > {value}",
    }[leaf.op]()


def condition_code(condition: Condition, nested: bool = False) -> str:
    """The condition as one Python expression over ``answers`` (a ``tk.Answers``)."""
    if isinstance(condition, AnswerIs):
        code = _leaf(condition)
        return f"({code})" if nested and " and " in code else code
    if isinstance(condition, NotThis):
        return f"not ({condition_code(condition.not_)})"
    parts, joiner = ((condition.all, " and ") if isinstance(condition, AllOf)
                     else (condition.any, " or "))
    assert isinstance(condition, AllOf | AnyOf)
    code = joiner.join(condition_code(part, nested=True) for part in parts)
    return f"({code})" if nested and len(parts) > 1 else code


def condition_lines(condition: Condition) -> list[str]:
    """``return <expression>`` at function indent, split at and/or when too long."""
    code = condition_code(condition)
    if len(code) + 11 <= WIDTH:
        return [f"    return {code}"]
    if isinstance(condition, AllOf | AnyOf):
        joiner = "and" if isinstance(condition, AllOf) else "or"
        parts = [condition_code(part, nested=True)
                 for part in (condition.all if isinstance(condition, AllOf) else condition.any)]
        return ["    return (", f"        {parts[0]}",
                *(f"        {joiner} {part}" for part in parts[1:]), "    )"]
    return [f"    return {code}  # noqa: E501"]


# -- form fields ---------------------------------------------------------------------

def field_lines(page_key: str, question: Question, text: Callable[[dict[str, str]], str],
                message: Callable[..., str]) -> tuple[list[str], set[str]]:
    """The field declaration of a question page, and the names it imports.

    ``text(texts)`` gives a definition text's msgid; ``message(key, **values)``
    a GOV.UK message's msgid in the module (both become ``_l`` literals).
    """
    name = identifier(page_key)
    kind = question.type
    needs: set[str] = set()
    validators: list[str] = []
    extra: list[str] = []
    if question.required:
        validators.append(f"InputRequired(_l({literal(message(REQUIRED[kind]))}))")
        needs.add("InputRequired")
    else:
        validators.append("Optional()")
        needs.add("Optional")
    field = "StringField"
    if kind in ("short_text", "long_text"):
        field = "TextAreaField" if kind == "long_text" else "StringField"
        limit = question.text_limit
        validators.append(f"Length(max={limit}, message=_l("
                          f"{literal(message('too_long', max=limit))}))")
        needs.add("Length")
    elif kind == "number":
        low, high = question.minimum, question.maximum
        key = "between" if low is not None and high is not None else (
            "minimum" if low is not None else "maximum")
        limits = (f", minimum={low}, maximum={high}, range_message=_l("
                  f"{literal(message(key, low=low, high=high))})"
                  if low is not None or high is not None else "")
        validators.append(f"WholeNumber(_l({literal(message('number'))}){limits})")
        needs.add("WholeNumber")
    elif kind == "date":
        field = "tk.DateInputField"
        if question.date_rule != "any":
            validators.append(f"DateRule({literal(question.date_rule)}, _l("
                              f"{literal(message(question.date_rule))}))")
            needs.add("DateRule")
        for bound in ("earliest", "latest"):
            day = getattr(question, bound)
            if day is not None:
                validators.append(f"DateBound({literal(bound)}, {_value(day)}, _l("
                                  f"{literal(message(bound, date=day))}))")
                needs.update({"DateBound", "dt"})
    elif kind == "consent":
        field = "BooleanField"
    elif kind in ("one_choice", "yes_no", "several_choices"):
        field = "tk.MultiCheckboxField" if kind == "several_choices" else "RadioField"
        needs.add("SelectChoice")
        if kind == "yes_no":
            options = [("yes", message("Yes")), ("no", message("No"))]
        else:
            options = [(option.value, text(option.label)) for option in question.options]
        if question.none_option:
            none = text(question.none_option)
            options.append((NONE_VALUE, none))
            validators.append(f"ExclusiveNone(_l({literal(message('exclusive', none=none))}))")
            needs.add("ExclusiveNone")
        extra.append("        choices=[")
        for value, label in options:
            extra += wrapped(label, 12, f"SelectChoice({literal(value)}, _l(", ")),")
        extra.append("        ],")
    else:
        validator = {"email": "tk.EmailAddress()", "mobile": "tk.SwedishMobileNumber()",
                     "personal_number": "tk.PersonalIdentityNumber()",
                     "postal_code": "tk.PostalCode()", "name": "tk.PersonName()"}.get(kind)
        if validator:
            validators.append(validator)
        else:  # address
            validators.append(f"Length(max=200, message=_l("
                              f"{literal(message('address_too_long', max=200))}))")
            needs.add("Length")
    if field in ("StringField", "TextAreaField", "RadioField", "BooleanField"):
        needs.add(field)
    lines = [f"    {name} = {field}(", *wrapped(text(question.label), 8, "_l(", "),"), *extra,
             "        validators=["]
    lines += [f"            {validator}," for validator in validators]
    lines += ["        ],", "    )"]
    return lines, needs


# -- the module's catalogue ---------------------------------------------------------

class Messages:
    """The module's messages: each text's msgid and its translation in every language.

    A definition text's msgid is its English (the platform's source language)
    or the site's first language; a platform message's translations come from
    the platform catalogue, so the module reads as the platform does.
    """

    def __init__(self, languages: list[str]) -> None:
        self.languages = languages
        self.source = "en" if "en" in languages else languages[0]
        self.entries: dict[str, dict[str, str]] = {}
        folder = str(Path(current_app.root_path).parent / "translations")
        self._platform = {language: Translations.load(folder, [language])
                          for language in languages}

    def text(self, texts: Texts) -> str:
        msgid = texts.get(self.source, "")
        self.entries.setdefault(msgid, {language: texts.get(language, "")
                                        for language in self.languages})
        return msgid

    def message(self, key: str, **values: object) -> str:
        """A platform message (a ``MESSAGES`` key or a msgid) with its values filled in;
        dates are written as each language writes them."""
        template = MESSAGES.get(key, key)

        def filled(language: str, text: str) -> str:
            if not values:
                return text
            return text % {name: format_date(value, LONG_DATE, locale=babel_locale_for(language))
                           if isinstance(value, dt.date) else value
                           for name, value in values.items()}

        msgid = filled(self.source, template)
        self.entries.setdefault(msgid, {
            language: filled(language, self._platform[language].gettext(template))
            for language in self.languages})
        return msgid

    def in_template(self, msgid: str) -> str:
        """A msgid as a Jinja ``_()`` argument: Flask-Babel formats templates' messages
        with ``%``, so a literal percent sign is written twice there."""
        if "%" in msgid:
            self.entries.setdefault(msgid.replace("%", "%%"), {
                language: text.replace("%", "%%")
                for language, text in self.entries[msgid].items()})
        return literal(msgid.replace("%", "%%"))

    def write(self, folder: Path, project: str) -> None:
        for language in self.languages:
            # Babel has no "fit": its catalogue takes the plural rules of the locale
            # it is formatted with; the folder, not the header, names the language.
            catalogue = Catalog(locale=catalogue_locale(language), project=project)
            for msgid, translations in self.entries.items():
                # Not translated (the same as the msgid): left empty, so the platform's
                # catalogue, which a module's pages fall back to, can answer instead.
                text = translations[language]
                if msgid:
                    catalogue.add(msgid, msgid if language == self.source
                                  else "" if text == msgid else text)
            target = folder / "translations" / language / "LC_MESSAGES"
            target.mkdir(parents=True, exist_ok=True)
            with (target / "messages.po").open("wb") as fh:
                write_po(fh, catalogue, no_location=True, width=100)
            with (target / "messages.mo").open("wb") as fh:
                write_mo(fh, catalogue)
