"""Integrity checks: everything that can be wrong with a well-shaped definition.

The schema refuses what cannot be read; these checks find what cannot be
*served*: two pages with one key, a page with nothing on it, a language
missing, a condition on a question that has gone, a receipt placeholder with
no answer behind it, an SMS longer than the operator allows.  They run when a
draft is saved (the editor lists the problems, each linking to its field) and
when it is published or imported (any problem refuses it) - as Stockport's
form builder checks a form when it is loaded, not when a resident trips over it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from flask_babel import get_locale
from flask_babel import gettext as _

from notifications.segments import measure

from ..languages.configured import own_name
from . import conditions
from .schema import CHOICE_TYPES, JourneyDefinition, Page, Texts

#: Placeholders every receipt may use besides the question keys.
STANDARD_PLACEHOLDERS = ("reference", "service")
#: Page keys the resident pages (and an ejected module's URLs) use themselves.
RESERVED_KEYS = frozenset({"check_answers", "confirmation", "begin", "start", "static"})
#: A reference number as long as the longest the platform makes (PREFIX-YYYY-NNNNNN).
SAMPLE_REFERENCE = "ABCDE-2026-123456"
#: What an answer placeholder is measured as when the answer has no fixed texts.
SAMPLE_ANSWER_LENGTH = 20


@dataclass(frozen=True)
class Problem:
    """One problem, with where it is: ``page`` (a page key or None for the journey)
    and ``field`` (the editor's field name, for the link to it)."""

    message: str
    page: str | None = None
    field: str = ""

    @property
    def anchor(self) -> str:
        return "-".join(part for part in ("page", self.page, self.field) if part) \
            if self.page else (self.field or "journey")


def placeholders(text: str) -> list[str]:
    """The ``{name}`` placeholders of a receipt text; a stray brace is a problem too."""
    try:
        return [name for _literal, name, _spec, _conv in string.Formatter().parse(text)
                if name is not None]
    except ValueError:
        return ["{"]


def check(definition: JourneyDefinition, languages: Sequence[str],
          max_sms_segments: int = 3) -> list[Problem]:
    """Every problem of ``definition`` for a site in ``languages``; empty means publishable."""
    found: list[Problem] = []
    found += _languages(definition, languages)
    found += _pages(definition, languages)
    found += _receipts(definition, languages, max_sms_segments)
    return found


def _missing(texts: Texts, languages: Sequence[str]) -> list[str]:
    return [language for language in languages if not (texts.get(language) or "").strip()]


def language_name(code: str) -> str:
    """"engelska" on a Swedish page, "English" on an English one; the code if unknown."""
    try:
        return Locale.parse(code).get_language_name(str(get_locale() or "sv")) or code
    except (ValueError, UnknownLocaleError):
        return own_name(code)


def _lacks(texts: Texts, languages: Sequence[str], what: str, page: str | None,
           field: str) -> list[Problem]:
    return [Problem(_("%(what)s is missing in %(language)s", what=what,
                      language=language_name(language)),
                    page, f"{field}-{language}") for language in _missing(texts, languages)]


def _languages(definition: JourneyDefinition, languages: Sequence[str]) -> list[Problem]:
    found = _lacks(definition.name, languages, _("The service's name"), None, "name")
    found += _lacks(definition.summary, languages, _("The summary"), None, "summary")
    if definition.check_answers.declaration:
        found += _lacks(definition.check_answers.declaration, languages, _("The declaration"),
                        None, "declaration")
    found += _lacks(definition.confirmation.next_steps, languages, _("What happens next"),
                    None, "next_steps")
    if not definition.owner.strip():
        found.append(Problem(_("Name the team responsible for the service"), None, "owner"))
    privacy = definition.privacy
    found += _lacks(privacy.controller, languages, _("The data controller"), None,
                    "controller")
    found += _lacks(privacy.purpose, languages, _("The purpose of the processing"), None,
                    "purpose")
    return found


def _pages(definition: JourneyDefinition, languages: Sequence[str]) -> list[Problem]:
    found: list[Problem] = []
    if not definition.questions():
        found.append(Problem(_("The journey has no question pages yet"), None, "pages"))
    seen: set[str] = set()
    for index, page in enumerate(definition.pages):
        if page.key in RESERVED_KEYS:
            found.append(Problem(_("The key “%(key)s” is used by the service's own pages; "
                                   "choose another", key=page.key), page.key, "key"))
        if page.key in seen:
            found.append(Problem(_("Two pages have the key “%(key)s”; each needs its own",
                                   key=page.key), page.key, "key"))
        seen.add(page.key)
        found += _page(page, languages)
        found += [Problem(message, page.key, "condition")
                  for message in conditions.problems(definition, index)]
    first = definition.pages[0] if definition.pages else None
    if first is not None and first.kind == "exit" and first.condition is None:
        found.append(Problem(_("The first page is an exit page shown to everyone: nobody "
                               "could use the service"), first.key, "kind"))
    return found


def _page(page: Page, languages: Sequence[str]) -> list[Problem]:
    found: list[Problem] = []
    question = page.question
    if question is None:
        found += _lacks(page.title, languages, _("The heading"), page.key, "title")
        if not any((text or "").strip() for text in page.body.values()):
            found.append(Problem(_("The page has no text"), page.key, "body"))
        else:
            found += _lacks(page.body, languages, _("The text"), page.key, "body")
        return found
    found += _lacks(question.label, languages, _("The question"), page.key, "label")
    if question.hint:
        found += _lacks(question.hint, languages, _("The hint"), page.key, "hint")
    if question.summary_label:
        found += _lacks(question.summary_label, languages, _("The label on check answers"),
                        page.key, "summary_label")
    if question.type in CHOICE_TYPES:
        if len(question.options) < 2:
            found.append(Problem(_("Give at least two options"), page.key, "options"))
        for option in question.options:
            found += _lacks(option.label, languages,
                            _("The option “%(value)s”", value=option.value), page.key,
                            "options")
    if question.none_option:
        found += _lacks(question.none_option, languages, _("The “none of these” answer"),
                        page.key, "none_option")
    return found


def _receipts(definition: JourneyDefinition, languages: Sequence[str],
              max_segments: int) -> list[Problem]:
    found: list[Problem] = []
    questions = {page.key: page for page in definition.questions()}
    wanted = {"sms": "mobile", "email": "email"}
    for number, receipt in enumerate(definition.receipts, start=1):
        field = f"receipt-{number}"
        target = questions.get(receipt.to)
        if target is None or target.question is None or \
                target.question.type != wanted[receipt.channel]:
            found.append(Problem(
                _("Receipt %(number)s is sent to “%(key)s”, which is not a question for a "
                  "mobile number or an e-mail address of the right kind",
                  number=number, key=receipt.to), None, field))
        found += _lacks(receipt.text, languages, _("The text of receipt %(number)s",
                                                   number=number), None, field)
        if receipt.channel == "email":
            found += _lacks(receipt.subject, languages,
                            _("The subject of receipt %(number)s", number=number), None, field)
        for language, text in receipt.text.items():
            names = placeholders(text) + placeholders(receipt.subject.get(language, ""))
            unknown = sorted({name for name in names
                              if name not in STANDARD_PLACEHOLDERS and name not in questions})
            for name in unknown:
                found.append(Problem(
                    _("Receipt %(number)s uses the placeholder {%(name)s}, but no question "
                      "has that key", number=number, name=name), None, field))
            if receipt.channel == "sms" and not unknown:
                segments = measure(sample_text(definition, text, language)).segments
                if segments > max_segments:
                    found.append(Problem(
                        _("The SMS in %(language)s takes %(segments)s messages; at most "
                          "%(limit)s are allowed", language=language_name(language),
                          segments=segments,
                          limit=max_segments), None, field))
    return found


def sample_text(definition: JourneyDefinition, text: str, language: str) -> str:
    """A receipt filled as a long real one would be, for measuring and previews."""
    values: dict[str, str] = {"reference": SAMPLE_REFERENCE,
                              "service": definition.name.get(language, "")}
    for page in definition.questions():
        question = page.question
        assert question is not None
        labels = [option.label.get(language, "") for option in question.options]
        values[page.key] = max(labels, key=len) if labels else "x" * SAMPLE_ANSWER_LENGTH
    return re.sub(r"\{(\w+)\}", lambda match: values.get(match.group(1), match.group(0)), text)
