"""SMS length: GSM-7 versus UCS-2, extension characters, segments."""

import pytest

from notifications.segments import measure
from notifications.statuses import can_move


def test_160_gsm_characters_are_one_segment_and_161_are_two():
    assert measure("a" * 160).segments == 1
    assert measure("a" * 161).segments == 2
    assert measure("a" * 306).segments == 2
    assert measure("a" * 307).segments == 3


def test_swedish_letters_stay_gsm7():
    length = measure("Hämtning på fredag för Åsa, Östen och José – nej, inget –")
    assert length.encoding == "UCS-2"  # the dash is not GSM-7 ...
    plain = measure("Hämtning på fredag för Åsa, Östen, Ärla och é")
    assert plain.encoding == "GSM-7" and plain.units == plain.characters


def test_euro_and_other_extension_characters_count_double():
    length = measure("€")
    assert (length.encoding, length.units, length.characters) == ("GSM-7", 2, 1)
    assert measure("^{}\\[~]|").units == 16
    assert measure("€" * 80).segments == 1
    assert measure("€" * 80 + "a").segments == 2


def test_one_emoji_makes_the_message_ucs2():
    length = measure("Soptunnan töms i morgon 🚛")
    assert length.encoding == "UCS-2"
    assert length.units == length.characters + 1  # the emoji is two UTF-16 units
    assert measure("ł" * 70).segments == 1
    assert measure("ł" * 71).segments == 2
    assert measure("ł" * 134).segments == 2
    assert measure("ł" * 135).segments == 3


def test_empty_message_has_no_segments():
    assert measure("").segments == 0


@pytest.mark.parametrize(("current", "new", "allowed"), [
    ("created", "sending", True), ("sending", "sent", True), ("sent", "delivered", True),
    ("delivered", "sent", False), ("delivered", "failed", False), ("sent", "sending", False),
    ("sending", "created", True), ("opted-out", "sent", False), ("created", "opted-out", True),
])
def test_final_statuses_never_move_back(current, new, allowed):
    assert can_move(current, new) is allowed
