"""The rules of a missed-collection report, as FixMyStreet WasteWorks has them."""

from datetime import date

from services.waste_requests.rules import Evidence, judge, last_collection, report_deadline
from services.waste_requests.workdays import is_working_day, working_days_after


def evidence(day, outcome="", reason=""):
    return Evidence("100001-restavfall", day, outcome, reason)


def test_two_working_days_after_a_monday_is_wednesday():
    assert report_deadline(date(2026, 11, 30)) == date(2026, 12, 2)


def test_a_friday_collection_may_be_reported_until_tuesday():
    assert report_deadline(date(2026, 12, 4)) == date(2026, 12, 8)


def test_christmas_and_its_eve_are_not_working_days():
    # Wednesday 23 December: 24 (julafton), 25 (juldagen), the weekend do not count.
    assert not is_working_day(date(2026, 12, 24)) and not is_working_day(date(2026, 12, 25))
    assert report_deadline(date(2026, 12, 23)) == date(2026, 12, 29)


def test_easter_pushes_the_window_past_good_friday_and_easter_monday():
    # Thursday 25 March 2027; Good Friday 26 March and Easter Monday 29 March are holidays.
    assert report_deadline(date(2027, 3, 25)) == date(2027, 3, 31)
    assert working_days_after(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_inside_the_window_is_reportable():
    verdict = judge(evidence(date(2026, 11, 30)), today=date(2026, 12, 2))
    assert verdict.kind == "reportable" and verdict.deadline == date(2026, 12, 2)


def test_after_the_window_is_too_late():
    verdict = judge(evidence(date(2026, 11, 30)), today=date(2026, 12, 3))
    assert verdict.kind == "too_late" and not verdict.reportable


def test_holidays_keep_the_window_open():
    assert judge(evidence(date(2026, 12, 23)), today=date(2026, 12, 28)).reportable
    assert judge(evidence(date(2026, 12, 23)), today=date(2026, 12, 30)).kind == "too_late"


def test_on_collection_day_before_the_truck_has_been():
    assert judge(evidence(date(2026, 11, 30)), today=date(2026, 11, 30)).kind == "too_early"


def test_on_collection_day_after_the_truck_has_been():
    day = date(2026, 11, 30)
    assert judge(evidence(day, "emptied"), today=day).reportable


def test_one_open_report_per_container_and_collection():
    verdict = judge(evidence(date(2026, 11, 30)), today=date(2026, 12, 1),
                    open_reference="MC-AAAA-BBBB")
    assert verdict.kind == "already_reported" and verdict.open_reference == "MC-AAAA-BBBB"


def test_a_crews_skip_reason_is_shown_instead_of_a_form():
    verdict = judge(evidence(date(2026, 11, 30), "skipped", "not_put_out"),
                    today=date(2026, 12, 1))
    assert verdict.kind == "skipped" and verdict.evidence.reason == "not_put_out"
    # ... even after the window: the resident is told why, not "too late".
    assert judge(evidence(date(2026, 11, 30), "skipped", "frozen"),
                 today=date(2026, 12, 10)).kind == "skipped"


def test_no_recent_collection():
    assert judge(evidence(None), today=date(2026, 12, 1)).kind == "no_collection"


def test_the_last_collection_is_the_latest_not_after_today():
    dates = [date(2026, 11, 16), date(2026, 11, 30), date(2026, 12, 14)]
    assert last_collection(dates, date(2026, 12, 1)) == date(2026, 11, 30)
    assert last_collection(dates, date(2026, 11, 1)) is None
