"""The platform's cross-process attempt budgets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, func, select

from eservices import clock, limits
from eservices.db import db

BUDGET = limits.Budget("test-guesses", limit=3, window_seconds=600)


@pytest.fixture
def frozen(app):
    controlled = clock.ControlledClock(datetime(2026, 12, 1, 10, 0, 30, tzinfo=UTC))
    app.extensions["eservices.clock"] = controlled
    return controlled


def test_counts_up_to_the_limit_then_refuses_with_a_wait(app, frozen):
    with app.test_request_context():
        verdicts = [limits.hit(BUDGET, "100001") for _ in range(4)]
        db.session.commit()
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[-1].retry_after > 0
    with app.test_request_context():
        assert limits.hit(BUDGET, "100002").allowed  # another key has its own count
        assert not limits.check(BUDGET, "100001").allowed


def test_a_second_process_sees_the_same_count(app, make_app, frozen, database_url):
    other = make_app()
    other.extensions["eservices.clock"] = frozen
    with app.test_request_context():
        for _ in range(3):
            limits.hit(BUDGET, "k")
        db.session.commit()
    with other.test_request_context():
        assert not limits.check(BUDGET, "k").allowed
        assert not limits.hit(BUDGET, "k").allowed
        db.session.commit()


def test_keys_are_stored_only_as_hmac(app, frozen, database_url):
    with app.test_request_context():
        limits.hit(BUDGET, "+46701234567")
        db.session.commit()
    engine = create_engine(database_url)
    with engine.connect() as conn:
        stored = conn.execute(select(limits.LimitCounter.key_hash)).scalars().all()
    engine.dispose()
    assert stored and all("4670" not in value for value in stored)


def test_the_window_slides(app, frozen):
    with app.test_request_context():
        for _ in range(3):
            limits.hit(BUDGET, "k")
        refused = limits.check(BUDGET, "k")
        assert not refused.allowed
        frozen.advance(seconds=refused.retry_after)
        assert limits.check(BUDGET, "k").allowed
        frozen.advance(seconds=1200)
        assert limits.check(BUDGET, "k").count == 0


def test_a_full_window_still_refuses_one_second_after_its_edge(app):
    # 9:59:59 ten attempts, 10:00:01 the eleventh: a sliding hour holds ten.
    hourly = limits.Budget("test-hourly", limit=10, window_seconds=3600)
    moments = clock.ControlledClock(datetime(2026, 12, 1, 8, 59, 59, tzinfo=UTC))
    app.extensions["eservices.clock"] = moments
    with app.test_request_context():
        assert all(limits.hit(hourly, "k").allowed for _ in range(10))
        moments.advance(seconds=2)
        refused = limits.hit(hourly, "k")
        assert not refused.allowed
        moments.advance(seconds=refused.retry_after - 1)
        assert not limits.check(hourly, "k").allowed  # one second early is too early
        moments.advance(seconds=1)
        assert limits.check(hourly, "k").allowed


def test_a_burst_is_forgotten_a_window_after_its_last_attempt(app, frozen):
    hourly = limits.Budget("test-burst", limit=10, window_seconds=3600)
    with app.test_request_context():
        assert all(limits.hit(hourly, "k").allowed for _ in range(10))
        refused = limits.check(hourly, "k")
        assert not refused.allowed and refused.retry_after == 3600  # not 3600 + a fade
        frozen.advance(seconds=3599)
        assert not limits.check(hourly, "k").allowed
        frozen.advance(seconds=1)
        assert limits.check(hourly, "k").allowed
        assert limits.check(hourly, "k").count == 0


def test_a_rolled_back_attempt_does_not_count(app, frozen):
    with app.test_request_context():
        limits.hit(BUDGET, "k")
        db.session.rollback()
        assert limits.check(BUDGET, "k").count == 0


def test_reset_and_purge(app, frozen):
    with app.test_request_context():
        for _ in range(3):
            limits.hit(BUDGET, "k")
        limits.reset(BUDGET, "k")
        assert limits.check(BUDGET, "k").allowed
        limits.hit(BUDGET, "k")
        db.session.commit()
        frozen.advance(seconds=3600)
        assert limits.purge_expired() == 1
        assert db.session.scalar(select(func.count()).select_from(limits.LimitCounter)) == 0


def test_wait_text_is_translated(app):
    with app.test_request_context(headers={"Accept-Language": "sv"}):
        assert "minut" in limits.retry_text(125) or "minute" in limits.retry_text(125)


def test_expired_counters_are_purged_by_a_platform_job(app, frozen):
    from eservices import scheduler

    with app.test_request_context():
        limits.hit(BUDGET, "k")
        db.session.commit()
    frozen.advance(seconds=3600)
    assert "platform-purge-limit-counters" in scheduler.jobs(app)
    assert scheduler.run_job(app, "platform-purge-limit-counters") == 1
