"""Quiet hours in Stockholm time, back-off, opt-out keywords: pure functions."""

from datetime import UTC, datetime

import pytest

from notifications.optout import keyword
from notifications.policy import STOCKHOLM, backoff_seconds, parse_quiet_hours, release_time

QUIET = parse_quiet_hours("21:00-07:00")


def local(*args):
    return datetime(*args, tzinfo=STOCKHOLM).astimezone(UTC)


@pytest.mark.parametrize(("created", "released"), [
    (local(2026, 11, 27, 21, 0), local(2026, 11, 28, 7, 0)),
    (local(2026, 11, 27, 23, 59), local(2026, 11, 28, 7, 0)),
    (local(2026, 11, 28, 3, 15), local(2026, 11, 28, 7, 0)),
    (local(2026, 3, 28, 22, 0), local(2026, 3, 29, 7, 0)),  # the night summer time starts
])
def test_quiet_hours_hold_until_seven_stockholm_time(created, released):
    assert release_time(created, QUIET) == released


@pytest.mark.parametrize("created", [local(2026, 11, 27, 7, 0), local(2026, 11, 27, 20, 59)])
def test_daytime_is_not_held(created):
    assert release_time(created, QUIET) is None


def test_quiet_hours_can_be_switched_off_and_must_be_well_formed():
    assert parse_quiet_hours("") is None
    with pytest.raises(ValueError, match="21:00-07:00"):
        parse_quiet_hours("late")


def test_backoff_doubles_and_is_capped():
    assert [backoff_seconds(n, 10) for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert backoff_seconds(30, 10) == 3600


@pytest.mark.parametrize(("body", "expected"), [
    ("STOPP", "stop"), (" stopp ", "stop"), ("Stop.", "stop"), ("avsluta", "stop"),
    ("UNSUBSCRIBE", "stop"), ("quit", "stop"), ("start", "start"), (" Start! ", "start"),
    ("Stoppa inte", None), ("hej", None), ("", None),
])
def test_opt_out_keywords_forgive_case_and_spacing(body, expected):
    assert keyword(body) == expected
