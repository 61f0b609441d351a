"""The forms toolkit every module uses: question pages, validators, journeys, references."""

from .base import MultiCheckboxField, QuestionForm
from .fields import DateInputField
from .journey import Journey, SummaryRow, display_value
from .reference import new_reference
from .validators import (
    EmailAddress,
    InvalidValue,
    PersonalIdentityNumber,
    PostalCode,
    SwedishMobileNumber,
    display_mobile,
    display_postal_code,
    normalise_email,
    normalise_mobile,
    normalise_personal_identity_number,
    normalise_postal_code,
)

__all__ = [
    "DateInputField", "EmailAddress", "InvalidValue", "Journey", "MultiCheckboxField",
    "PersonalIdentityNumber", "PostalCode", "QuestionForm", "SummaryRow", "SwedishMobileNumber",
    "display_mobile", "display_postal_code", "display_value", "new_reference", "normalise_email",
    "normalise_mobile",
    "normalise_personal_identity_number", "normalise_postal_code",
]
