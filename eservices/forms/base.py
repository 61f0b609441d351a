"""The base form of a question page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.validators import Optional


class QuestionForm(FlaskForm):
    """A FlaskForm (CSRF on every POST) that knows which answers are optional.

    Templates use ``form.is_optional(field)`` to add "(valfritt)" to labels; GOV.UK
    marks the optional questions, never the required ones with asterisks.
    """

    @staticmethod
    def is_optional(field) -> bool:
        return any(isinstance(v, Optional) for v in field.validators)

    def error_kinds(self) -> dict[str, list[str]]:
        """Error types by field (never the values typed), for sprint statistics."""
        kinds: dict[str, list[str]] = {}
        for name, field in self._fields.items():
            if field.errors:
                kinds[name] = [getattr(field, "error_kind", "invalid")] * len(field.errors)
        return kinds
