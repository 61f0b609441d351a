"""The journey definition: an e-service as data, the contract of the no-code builder.

A service designer's journey is stored, versioned, exported and imported as
this structure, and the runtime builds the resident pages from it.  It is
validated by pydantic in two layers, on purpose:

* the *shape* (this file): types, bounded settings, identifiers - a file that
  fails here cannot be loaded at all, and the problem names its place;
* the *meaning* (``integrity.py``): references between pages, conditions,
  languages, placeholders - a draft may have such problems while it is being
  built (the editor lists them), a version may not.

Following GOV.UK Forms, pages are one question each, question types replace
free validation rules, and the route is forward-only: a page's condition
("show this page only if ...") may only look at earlier answers, so the path
through a journey is the list of pages whose condition holds - no loops, no
dead ends.  Conditions are data (``conditions.py`` evaluates them); nothing in
a definition is ever evaluated as code.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = 1

#: A key names a page, a question's answer or an option in the definition, in
#: stored answers and in an ejected module's code, so it is an identifier.
KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
Key = Annotated[str, Field(pattern=KEY_PATTERN)]
#: The journey's URL segment, ``/<slug>/``.
SLUG_PATTERN = r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"

#: Language code -> text.  Which languages must be present is a matter of the
#: site's configuration, checked by the integrity checks, not of the shape.
Texts = dict[Annotated[str, Field(pattern=LANGUAGE_PATTERN)], Annotated[str, Field(
    max_length=5000)]]

QuestionType = Literal[
    "short_text", "long_text", "number", "date", "one_choice", "several_choices", "yes_no",
    "email", "mobile", "personal_number", "postal_code", "address", "name", "consent"]
QUESTION_TYPES: tuple[str, ...] = QuestionType.__args__  # type: ignore[attr-defined]

#: The WCAG 1.3.5 input purposes (HTML autofill field names) a question may declare.
AUTOCOMPLETE_TOKENS = frozenset({
    "name", "honorific-prefix", "given-name", "additional-name", "family-name",
    "honorific-suffix", "nickname", "organization-title", "username", "organization",
    "street-address", "address-line1", "address-line2", "address-line3", "address-level4",
    "address-level3", "address-level2", "address-level1", "country", "country-name",
    "postal-code", "cc-name", "cc-given-name", "cc-additional-name", "cc-family-name",
    "transaction-currency", "transaction-amount", "language", "bday", "bday-day",
    "bday-month", "bday-year", "sex", "url", "photo", "tel", "tel-country-code",
    "tel-national", "tel-area-code", "tel-local", "tel-local-prefix", "tel-local-suffix",
    "tel-extension", "email", "impp"})

#: The autocomplete token a type implies when the designer gives none.
DEFAULT_AUTOCOMPLETE: dict[str, str] = {
    "email": "email", "mobile": "tel", "postal_code": "postal-code", "name": "name",
    "address": "street-address"}
#: Types whose answers are personal data whatever the designer says.
ALWAYS_PERSONAL = frozenset({"email", "mobile", "personal_number", "name", "address"})
#: Types that offer a list of options.
CHOICE_TYPES = frozenset({"one_choice", "several_choices"})

MAX_PAGES = 60
MAX_OPTIONS = 30


class _Strict(BaseModel):
    """Unknown keys are mistakes (a misspelt ``condtion`` must not silently vanish)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One answer a choice question offers; ``value`` is what is stored and compared."""

    value: Key
    label: Texts


class Question(_Strict):
    """The one question of a question page, of one type with a few bounded settings.

    ``label`` is the page's heading (GOV.UK: the question is the heading);
    ``summary_label`` is the shorter label on check answers ("Kärlstorlek"
    rather than "Vilken storlek ska kärlet ha?"), the label itself when empty.
    """

    type: QuestionType
    label: Texts
    hint: Texts = Field(default_factory=dict)
    summary_label: Texts = Field(default_factory=dict)
    required: bool = True
    #: Marked for the privacy notice, retention and the ejected module's
    #: documentation; always true for contact details and identity numbers.
    personal_data: bool = False
    autocomplete: str | None = None
    #: short_text (default 200) and long_text (default 2000).
    max_length: Annotated[int, Field(ge=1, le=10000)] | None = None
    #: number: whole numbers between these limits.
    minimum: Annotated[int, Field(ge=-1_000_000_000, le=1_000_000_000)] | None = None
    maximum: Annotated[int, Field(ge=-1_000_000_000, le=1_000_000_000)] | None = None
    #: date: "past" (today or earlier), "future" (today or later) or "any",
    #: and optionally a fixed earliest and latest date.
    date_rule: Literal["any", "past", "future"] = "any"
    earliest: dt.date | None = None
    latest: dt.date | None = None
    #: one_choice and several_choices.
    options: tuple[Option, ...] = Field(default=(), max_length=MAX_OPTIONS)
    #: several_choices: an exclusive "None of these" answer with this label.
    none_option: Texts = Field(default_factory=dict)

    @field_validator("autocomplete")
    @classmethod
    def _known_token(cls, value: str | None) -> str | None:
        if value is not None and value not in AUTOCOMPLETE_TOKENS:
            raise ValueError(f"{value!r} is not an HTML autocomplete token (WCAG 1.3.5)")
        return value

    @model_validator(mode="after")
    def _settings_fit_type(self) -> Question:
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("minimum is larger than maximum")
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError("earliest is after latest")
        if self.options and self.type not in CHOICE_TYPES:
            raise ValueError(f"a {self.type} question has no options")
        if self.none_option and self.type != "several_choices":
            raise ValueError("only a several_choices question has a 'none of these' answer")
        values = [option.value for option in self.options]
        if len(set(values)) != len(values):
            raise ValueError("two options share a value")
        return self

    @property
    def is_personal(self) -> bool:
        return self.personal_data or self.type in ALWAYS_PERSONAL

    @property
    def autocomplete_token(self) -> str | None:
        return self.autocomplete or DEFAULT_AUTOCOMPLETE.get(self.type)

    @property
    def text_limit(self) -> int:
        return self.max_length or (2000 if self.type == "long_text" else 200)


# -- conditions ----------------------------------------------------------------

Operator = Literal["is", "is_not", "is_one_of", "contains", "answered", "not_answered",
                   "at_least", "at_most", "before", "after"]
OPERATORS: tuple[str, ...] = Operator.__args__  # type: ignore[attr-defined]


class AnswerIs(_Strict):
    """A leaf: the answer to ``question`` compared with ``value`` by ``op``.

    ``value`` is an option value (is, is_not), a list of them (is_one_of,
    contains: any of them chosen), a whole number (at_least, at_most), a date
    (before, after) or nothing (answered, not_answered).
    """

    question: Key
    op: Operator
    # Strict: a JSON true is not the number 1, nor "3" the number 3.
    value: StrictStr | StrictInt | dt.date | tuple[StrictStr, ...] | None = None

    @model_validator(mode="before")
    @classmethod
    def _dates_from_text(cls, data: Any) -> Any:
        # JSON and YAML exports carry dates as ISO text; the union would keep it text.
        if isinstance(data, dict) and data.get("op") in ("before", "after") and \
                isinstance(data.get("value"), str):
            try:
                return {**data, "value": dt.date.fromisoformat(data["value"])}
            except ValueError:
                return data
        return data

    @model_validator(mode="after")
    def _value_fits_operator(self) -> AnswerIs:
        wanted: dict[str, tuple[type, ...]] = {
            "is": (str,), "is_not": (str,), "is_one_of": (tuple,), "contains": (tuple,),
            "at_least": (int,), "at_most": (int,), "before": (dt.date,), "after": (dt.date,),
            "answered": (type(None),), "not_answered": (type(None),)}
        value = self.value
        if isinstance(value, bool) or not isinstance(value, wanted[self.op]):
            raise ValueError(f"operator {self.op!r} takes a different kind of value")
        if isinstance(value, tuple) and not value:
            raise ValueError(f"operator {self.op!r} needs at least one option")
        if isinstance(value, tuple) and any(not re.match(KEY_PATTERN, v) for v in value):
            raise ValueError("option values are keys")
        return self


class AllOf(_Strict):
    all: tuple[Condition, ...] = Field(min_length=1, max_length=20)


class AnyOf(_Strict):
    any: tuple[Condition, ...] = Field(min_length=1, max_length=20)


class NotThis(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    not_: Condition = Field(alias="not")


Condition = AnswerIs | AllOf | AnyOf | NotThis
AllOf.model_rebuild()
AnyOf.model_rebuild()
NotThis.model_rebuild()


# -- pages -----------------------------------------------------------------------

PageKind = Literal["question", "content", "exit"]


class Page(_Strict):
    """A question page (one question), a content page or an exit page.

    An exit page ends the journey: "you cannot use this service because ...",
    with what to do instead; it has no continue button.  A content page says
    something and goes on.  ``key`` names the page and, on a question page,
    its answer.
    """

    key: Key
    kind: PageKind = "question"
    #: Content and exit pages: the heading.  Question pages use the question's label.
    title: Texts = Field(default_factory=dict)
    #: Paragraphs (blank line between them); plain text, never HTML.
    body: Texts = Field(default_factory=dict)
    question: Question | None = None
    condition: Condition | None = None

    @model_validator(mode="after")
    def _question_on_question_pages(self) -> Page:
        if self.kind == "question" and self.question is None:
            raise ValueError("a question page needs its question")
        if self.kind != "question" and self.question is not None:
            raise ValueError(f"a {self.kind} page asks no question")
        return self

    def heading(self) -> Texts:
        return self.question.label if self.question is not None else self.title


class CheckAnswers(_Strict):
    title: Texts = Field(default_factory=dict)
    #: "By sending this you confirm that ..."; shown above the button when given.
    declaration: Texts = Field(default_factory=dict)


class Confirmation(_Strict):
    title: Texts = Field(default_factory=dict)
    #: What happens next, shown below the reference number.
    next_steps: Texts = Field(default_factory=dict)


class Receipt(_Strict):
    """A message to the resident after submitting, by SMS or e-mail.

    ``to`` is the key of the question that holds the number or address (a
    mobile or an e-mail question); texts may use ``{reference}``, ``{service}``
    and ``{<question key>}`` placeholders.
    """

    channel: Literal["sms", "email"]
    to: Key
    subject: Texts = Field(default_factory=dict)
    text: Texts


class Submissions(_Strict):
    """Where submissions go: always to the back office; optionally also by e-mail."""

    team_email: Annotated[str, Field(max_length=254,
                                     pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None


LegalBasis = Literal["consent", "contract", "legal_obligation", "vital_interests",
                     "public_interest", "legitimate_interests"]


class Privacy(_Strict):
    """The privacy notice (GDPR art. 13) and how long submissions are kept."""

    controller: Texts = Field(default_factory=dict)
    purpose: Texts = Field(default_factory=dict)
    legal_basis: LegalBasis = "public_interest"
    retention_days: Annotated[int, Field(ge=1, le=3660)] = 365


class JourneyDefinition(_Strict):
    """One e-service built without code."""

    schema_version: Literal[1] = SCHEMA_VERSION
    #: The URL segment; the module id is the slug with underscores.
    slug: Annotated[str, Field(pattern=SLUG_PATTERN)]
    name: Texts
    summary: Texts = Field(default_factory=dict)
    #: The responsible team and how to reach it.
    owner: Annotated[str, Field(max_length=200)] = ""
    #: A catalogue heading's key (waste, environment, accessibility, contact, other).
    category: Key = "other"
    #: The letters in front of every reference number ("SOP-2026-…").
    reference_prefix: Annotated[str, Field(pattern=r"^[A-Z]{2,5}$")] = "ES"
    #: What the start page says before "Start now".
    start: Texts = Field(default_factory=dict)
    pages: tuple[Page, ...] = Field(default=(), max_length=MAX_PAGES)
    check_answers: CheckAnswers = Field(default_factory=CheckAnswers)
    confirmation: Confirmation = Field(default_factory=Confirmation)
    receipts: tuple[Receipt, ...] = Field(default=(), max_length=4)
    submissions: Submissions = Field(default_factory=Submissions)
    privacy: Privacy = Field(default_factory=Privacy)

    @property
    def module_id(self) -> str:
        return self.slug.replace("-", "_")

    def page(self, key: str) -> Page | None:
        return next((page for page in self.pages if page.key == key), None)

    def questions(self) -> list[Page]:
        return [page for page in self.pages if page.question is not None]

    def replace(self, **changes: Any) -> JourneyDefinition:
        """A changed copy, validated again (definitions are immutable values)."""
        return JourneyDefinition.model_validate({**self.model_dump(by_alias=True,
                                                                   exclude_none=True),
                                                 **changes})


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of a journey definition (docs/journey.schema.json)."""
    schema = JourneyDefinition.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Tjänsteslussen journey definition"
    return schema
