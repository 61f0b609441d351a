"""The base form of a question page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from blinker import Namespace
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import RadioField, SelectMultipleField
from wtforms.csrf.core import CSRFTokenField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import HiddenInput

# Sent with the error kinds by field whenever a question page fails validation; the
# sprint test recorder listens.  Values typed are never part of it.
validation_failed = Namespace().signal("validation-failed")


class _TokenInput(HiddenInput):
    """The CSRF token's hidden input, the markup ``HiddenInput`` writes, written directly.

    Every question page prints its token; the generic widget sorts, cleans and
    formats its attributes (and scans the field's flags) for an input that only
    ever has these four.  Anything passed when rendering goes the generic way.
    """

    def __call__(self, field, **kwargs):
        if kwargs or field.render_kw:
            return super().__call__(field, **kwargs)
        return Markup('<input id="%s" name="%s" type="hidden" value="%s">') % (
            field.id, field.name, field._value())


_TOKEN_INPUT = _TokenInput()


class QuestionForm(FlaskForm):
    """A FlaskForm (CSRF on every POST) that knows which answers are optional.

    Templates use ``form.is_optional(field)`` to add "(valfritt)" to labels; GOV.UK
    marks the optional questions, never the required ones with asterisks.
    """

    #: What each answer is called on check answers, when its label is a question
    #: ("Bin size" for "Which size do you want?"): the row's key and the change
    #: link's hidden text, so a screen reader hears "Change bin size", not the
    #: question again.  A field not named here is called by its label.
    answer_names: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        token = self._fields.get("csrf_token")
        if isinstance(token, CSRFTokenField):
            token.widget = _TOKEN_INPUT

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field, RadioField | SelectMultipleField) and field.errors:
                # A missing and a tampered choice read the same, in the question's own
                # words ("Select yes or no"), not WTForms' generic "Not a valid choice";
                # a valid choice the page itself refuses keeps the page's message.
                offered = {str(choice[0]) for choice in field.iter_choices()}
                if field.raw_data and all(str(v) in offered for v in field.raw_data):
                    continue
                message = next((v.message for v in field.validators
                                if isinstance(v, InputRequired) and v.message), None)
                if message:
                    field.errors = [message]
        if not valid:
            validation_failed.send(self, kinds=self.error_kinds())
        return valid

    def answer_name(self, field) -> str:
        """The name of ``field``'s answer (see ``answer_names``)."""
        return str(self.answer_names.get(field.name, field.label.text))

    @staticmethod
    def is_optional(field) -> bool:
        return any(isinstance(v, Optional) for v in field.validators)

    def error_kinds(self) -> dict[str, list[str]]:
        """Error types by field (never the values typed), for sprint statistics."""
        kinds: dict[str, list[str]] = {}
        for name, field in self._fields.items():
            if field.errors and name != "csrf_token":
                typed = any(str(value).strip() for value in (field.raw_data or []))
                kind = getattr(field, "error_kind", None) or ("invalid" if typed else "missing")
                kinds[name] = [kind]
        return kinds


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (render with the ``choices(..., type="checkbox")`` macro)."""
