"""The forms of the data-rights pages: erasure confirmation and the staff lookup."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from ..forms import QuestionForm
from ..forms.flow import SubmitForm
from ..forms.validators import (
    InvalidValue,
    normalise_email,
    normalise_mobile,
    normalise_personal_identity_number,
)
from ..modules import DataSubject

KINDS = ("personal_number", "phone", "email")

#: Each kind's normaliser and its translated error.
_NORMALISE = {
    "personal_number": (normalise_personal_identity_number,
                        _l("Enter a personal identity number, like 19811218-9876")),
    "phone": (normalise_mobile, _l("Enter a mobile number, like 070-123 45 67")),
    "email": (normalise_email, _l("Enter an e-mail address, like namn@exempel.se")),
}


class ConfirmErasureForm(SubmitForm):
    #: Makes the request exactly-once (``receipts``): a second press finds the first.
    request_id = HiddenField(validators=[InputRequired(), Length(max=100)])


def subject_for(kind: str, value: str) -> DataSubject:
    """The subject an administrator asks about; ``value`` already normalised."""
    if kind == "personal_number":
        return DataSubject(personal_number=value.replace("-", ""))
    if kind == "phone":
        return DataSubject(phone_numbers=(value,))
    return DataSubject(email_addresses=(value.lower(),))


def normalised(kind: str, value: str) -> str:
    """``value`` in its normal form, or ``InvalidValue`` (kind unknown: "format" too)."""
    if kind not in _NORMALISE:
        raise InvalidValue("format")
    return _NORMALISE[kind][0](value)


class LookupForm(QuestionForm):
    """Whom a data-subject request is about: one identifier, of a kind chosen first."""

    kind = RadioField(_l("What do you search by?"), choices=[
        ("personal_number", _l("Personal identity number")),
        ("phone", _l("Mobile number")),
        ("email", _l("E-mail address"))],
        validators=[InputRequired(_l("Select what you search by"))])
    identifier = StringField(_l("Personal identity number, mobile number or e-mail address"),
                             validators=[InputRequired(_l("Enter what you search for")),
                                         Length(max=320)])

    def validate_identifier(self, field) -> None:
        if self.kind.data not in _NORMALISE:
            return  # the kind's own error is enough
        try:
            field.data = normalised(self.kind.data, field.data or "")
        except InvalidValue as exc:
            field.error_kind = exc.kind
            raise ValidationError(str(_NORMALISE[self.kind.data][1])) from exc

    def subject(self) -> DataSubject:
        return subject_for(self.kind.data, self.identifier.data)


class RequestForm(SubmitForm):
    """A found subject carried to its export or erasure (in the POST body, never a URL)."""

    kind = HiddenField(validators=[InputRequired()])
    identifier = HiddenField(validators=[InputRequired(), Length(max=320)])
    request_id = HiddenField(validators=[Length(max=100)])

    def validate_identifier(self, field) -> None:
        try:
            field.data = normalised(self.kind.data or "", field.data or "")
        except InvalidValue as exc:  # a tampered form: the lookup starts again
            raise ValidationError(str(_l("Search again"))) from exc

    def subject(self) -> DataSubject:
        return subject_for(self.kind.data, self.identifier.data)
