"""Swedish validators for WTForms, built on well-kept libraries.

Each validator also normalises the field's data (E.164 numbers, the long form of a
personal identity number, "931 85"), so views and domain code only ever see one
spelling of a value.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from personnummer import personnummer
from wtforms import Field, Form
from wtforms.validators import ValidationError

MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


class InvalidValue(ValueError):
    """A value that cannot be normalised; ``kind`` names the error for statistics."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def normalise_mobile(text: str, allow_foreign: bool = False) -> str:
    """'070-123 45 67', '+46 70 123 45 67' or '0046701234567' -> '+46701234567'."""
    cleaned = text.strip()
    if not cleaned:
        raise InvalidValue("missing")
    if re.search(r"[^\d\s\-+().]", cleaned):
        raise InvalidValue("format")
    try:
        number = phonenumbers.parse(cleaned, "SE")
    except phonenumbers.NumberParseException as exc:
        raise InvalidValue("format") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidValue("format")
    if number.country_code != 46 and not allow_foreign:
        raise InvalidValue("foreign")
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise InvalidValue("not_mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_mobile(number: str | None) -> str:
    """'+46701234567' -> '070-123 45 67': a number as Swedish residents write it.

    One spelling of a phone number on every page (check answers, confirmations,
    "we have sent a code to"); a foreign number keeps its international form, and
    text that is no number is shown as it is.
    """
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, "SE")
    except phonenumbers.NumberParseException:
        return number
    if parsed.country_code != 46:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def normalise_personal_identity_number(text: str) -> str:
    """10 or 12 digits, with or without separator -> 'YYYYMMDD-XXXX'."""
    try:
        number = personnummer.parse(text.strip())
    except (personnummer.PersonnummerException, ValueError, TypeError) as exc:
        raise InvalidValue("format") from exc
    digits = number.format(long_format=True)
    return f"{digits[:8]}-{digits[8:]}"


def normalise_postal_code(text: str) -> str:
    """'93185' or '931 85' -> '931 85' (Swedish postal codes never start with 0)."""
    digits = re.sub(r"\s", "", text)
    if not re.fullmatch(r"[1-9]\d{4}", digits):
        raise InvalidValue("format")
    return f"{digits[:3]} {digits[3:]}"


def display_postal_code(code: str | None) -> str:
    """'93131' -> '931 31': a postal code as it is written, however it was stored."""
    try:
        return normalise_postal_code(code or "")
    except InvalidValue:
        return code or ""


def normalise_email(text: str) -> str:
    try:
        return validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidValue("format") from exc


class _Normalising:
    """Base for validators that replace the field's data with its normal form."""

    messages: dict[str, object] = {}

    def normalise(self, text: str) -> str:
        raise NotImplementedError

    def __call__(self, form: Form, field: Field) -> None:
        if field.data is None or not str(field.data).strip():
            return  # InputRequired / Optional decide about empty answers
        try:
            field.data = self.normalise(str(field.data))
        except InvalidValue as exc:
            field.error_kind = exc.kind
            raise ValidationError(str(self.messages.get(exc.kind, self.messages["format"])))\
                from exc


class SwedishMobileNumber(_Normalising):
    def __init__(self, allow_foreign: bool = False) -> None:
        self.allow_foreign = allow_foreign
        self.messages = {
            "format": _l("Enter a mobile number, like 070-123 45 67"),
            "foreign": _l("Enter a Swedish mobile number, like 070-123 45 67"),
            "not_mobile": _l("Enter a mobile number, not a landline number"),
        }

    def normalise(self, text: str) -> str:
        return normalise_mobile(text, self.allow_foreign)


class PersonalIdentityNumber(_Normalising):
    messages = {"format": _l("Enter a personal identity number, like 19811218-9876")}

    def normalise(self, text: str) -> str:
        return normalise_personal_identity_number(text)


class PostalCode(_Normalising):
    messages = {"format": _l("Enter a postal code of five digits, like 931 85")}

    def normalise(self, text: str) -> str:
        return normalise_postal_code(text)


class EmailAddress(_Normalising):
    messages = {"format": _l("Enter an e-mail address, like namn@exempel.se")}

    def normalise(self, text: str) -> str:
        return normalise_email(text)


NAME_MAX_LENGTH = 100
NAME_PUNCTUATION = frozenset(" -'’.,")
# Zero-width (non-)joiners are part of how some scripts write names.
NAME_JOINERS = frozenset("\u200c\u200d")
_DOMAIN_LIKE = re.compile(r"[^\W\d_]{2,}\.[^\W\d_]{2,}")


def normalise_person_name(text: str) -> str:
    """'  Anna   Svensson ' -> 'Anna Svensson'; refuses what no name looks like.

    A name is copied into e-mails and case files.  Allowing only letters, marks,
    spaces and the punctuation names use keeps line breaks, links, addresses and
    markup out of those places (content injection), whatever the script.
    """
    if any(char in "\r\n\v\f\x85\u2028\u2029" for char in text):
        raise InvalidValue("format")
    name = " ".join(text.split())
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidValue("too_long")
    for char in name:
        if char in NAME_PUNCTUATION or char in NAME_JOINERS:
            continue
        if unicodedata.category(char)[0] not in "LM":
            raise InvalidValue("format")
    if not any(unicodedata.category(char)[0] == "L" for char in name) \
            or _DOMAIN_LIKE.search(name):
        raise InvalidValue("format")
    return name


class PersonName(_Normalising):
    """A "your name" field: letters, spaces, hyphens and apostrophes, a plausible length."""

    messages = {
        "format": _l("Enter your name using only letters, spaces, hyphens and apostrophes"),
        "too_long": _l("Your name must be %(max)s characters or fewer", max=NAME_MAX_LENGTH),
    }

    def normalise(self, text: str) -> str:
        return normalise_person_name(text)
