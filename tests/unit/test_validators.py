"""Swedish validators: pure functions, no Flask."""

import pytest

from eservices.forms import (
    InvalidValue,
    new_reference,
    normalise_email,
    normalise_mobile,
    normalise_personal_identity_number,
    normalise_postal_code,
)
from eservices.forms.reference import ALPHABET
from eservices.privacy import mask_phone


@pytest.mark.parametrize("typed", ["070-123 45 67", "+46 70 123 45 67", "0046701234567",
                                   "0701234567", " 070 123 45 67 "])
def test_mobile_numbers_in_every_common_spelling_become_e164(typed):
    assert normalise_mobile(typed) == "+46701234567"


@pytest.mark.parametrize(("typed", "kind"), [
    ("", "missing"), ("070-12", "format"), ("abc", "format"), ("08-123 456 78", "not_mobile"),
    ("+47 412 34 567", "foreign"), ("070-123 45 67 89 00", "format"),
])
def test_bad_mobile_numbers_are_refused_with_a_kind(typed, kind):
    with pytest.raises(InvalidValue) as error:
        normalise_mobile(typed)
    assert error.value.kind == kind


def test_foreign_mobile_numbers_can_be_allowed():
    assert normalise_mobile("+47 412 34 567", allow_foreign=True) == "+4741234567"


@pytest.mark.parametrize("typed", ["198112189876", "19811218-9876", "811218-9876", "8112189876"])
def test_personal_identity_numbers_in_10_or_12_digits(typed):
    assert normalise_personal_identity_number(typed) == "19811218-9876"


@pytest.mark.parametrize("typed", ["19811218-9877", "811318-9876", "hello", ""])
def test_invalid_personal_identity_numbers(typed):
    with pytest.raises(InvalidValue):
        normalise_personal_identity_number(typed)


@pytest.mark.parametrize(("typed", "expected"), [("93185", "931 85"), ("931 85", "931 85")])
def test_postal_codes(typed, expected):
    assert normalise_postal_code(typed) == expected


@pytest.mark.parametrize("typed", ["03185", "9318", "931 856", "abcde"])
def test_invalid_postal_codes(typed):
    with pytest.raises(InvalidValue):
        normalise_postal_code(typed)


def test_email_is_normalised_and_checked():
    assert normalise_email(" Anna.Svensson@Exempel.SE ") == "Anna.Svensson@exempel.se"
    with pytest.raises(InvalidValue):
        normalise_email("anna@")


def test_references_are_readable_and_unambiguous():
    references = {new_reference("TR") for _ in range(500)}
    assert len(references) == 500
    for reference in references:
        prefix, first, second = reference.split("-")
        assert prefix == "TR" and len(first) == len(second) == 4
        assert set(first + second) <= set(ALPHABET)
        assert not set(first + second) & set("01IOL")


def test_phone_numbers_are_masked_for_lists():
    assert mask_phone("+46701234567") == "+46 70-••• •• 67"
    assert "1234" not in mask_phone("+46701234567")
    assert mask_phone("") == ""


@pytest.mark.parametrize("line", [
    '127.0.0.1 - - "GET /staff/notifications/?q=0701234567 HTTP/1.1" 200',
    "to +46701234567 failed", "ring 070-123 45 67", "q=070%20123%2045%2067",
    "0046701234567",
])
def test_log_lines_never_carry_a_full_phone_number(line):
    from eservices.log_privacy import mask_phone_numbers

    masked = mask_phone_numbers(line)
    assert "1234" not in masked.replace(" ", "").replace("%20", "")
    assert "+46 70-••• •• 67" in masked
