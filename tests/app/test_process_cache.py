"""The process cache: kept for its time to live, dropped by this process's writes, one value
per request, and a failed load never kept."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from eservices import process_cache
from eservices.db import db
from eservices.designer.models import ModuleStage, StageChange
from eservices.process_cache import ProcessCache

_names = itertools.count()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    stopped = Clock()
    monkeypatch.setattr(process_cache, "monotonic", stopped)
    return stopped


@pytest.fixture
def make_cache():
    made: list[ProcessCache] = []

    def factory(load, **options):
        options.setdefault("ttl_seconds", 60)
        options.setdefault("watches", (ModuleStage,))
        cache = ProcessCache(f"test.cache{next(_names)}", load, **options)
        made.append(cache)
        return cache

    yield factory
    for cache in made:
        process_cache._CACHES.pop(cache.name)


class Counting:
    """A loader: the number of stage rows and how often it was asked."""

    def __init__(self) -> None:
        self.loads = 0

    def __call__(self) -> tuple[int, int]:
        self.loads += 1
        return self.loads, db.session.scalar(select(func.count()).select_from(ModuleStage))


def add_stage(module_id="bike_loan", stage="pilot"):
    db.session.add(ModuleStage(module_id=module_id, stage=stage))


def test_kept_for_its_time_to_live(app, clock, make_cache):
    load = Counting()
    cache = make_cache(load, ttl_seconds=60)
    with app.app_context():
        assert cache.get() == (1, 0)
        clock.now += 60
        assert cache.get() == (1, 0)
    with app.app_context():  # per process, not per app context
        assert cache.get() == (1, 0)
        clock.now += 0.5
        assert cache.get() == (2, 0)
        assert load.loads == 2


def test_kept_per_app(make_app, clock, make_cache):
    load = Counting()
    cache = make_cache(load)
    first, second = make_app(), make_app()
    with first.app_context():
        cache.get()
    with second.app_context():
        cache.get()
    assert load.loads == 2


def test_one_value_throughout_a_request(app, clock, make_cache):
    load = Counting()
    cache = make_cache(load, ttl_seconds=5)
    with app.test_request_context():
        value = cache.get()
        clock.now += 3600  # long past the time to live
        with db.engine.begin() as other:  # another process's write: not seen by this page
            other.execute(text("INSERT INTO platform_module_stage (module_id, stage, changed_at)"
                               " VALUES ('bike_loan', 'pilot', '2026-01-01 00:00:00')"))
        assert cache.get() is value
    with app.test_request_context():
        assert cache.get() == (2, 1)


def test_a_flush_in_this_process_drops_it_and_the_request_reads_its_write(app, clock,
                                                                          make_cache):
    load = Counting()
    cache = make_cache(load)
    with app.test_request_context():
        assert cache.get() == (1, 0)
        add_stage()
        db.session.flush()
        assert cache.get() == (2, 1)  # not committed yet: this request's own write
        db.session.commit()
        # The commit dropped it again: a thread that read between the flush and the
        # commit would have kept the rows as they were before.
        assert app.extensions.get(cache._key) is None
        assert cache.get() == (3, 1)
    with app.test_request_context():
        assert cache.get() == (3, 1)
        db.session.get(ModuleStage, "bike_loan").stage = "live"
        db.session.commit()
        assert cache.get() == (4, 1)
        db.session.delete(db.session.get(ModuleStage, "bike_loan"))
        db.session.commit()
        assert cache.get() == (5, 0)


def test_a_rollback_drops_what_the_flush_let_in(app, clock, make_cache):
    cache = make_cache(Counting())
    with app.test_request_context():
        add_stage()
        db.session.flush()
        assert cache.get() == (1, 1)
        db.session.rollback()
        assert cache.get() == (2, 0)


def test_orm_statements_drop_it_too(app, clock, make_cache):
    cache = make_cache(Counting())
    with app.test_request_context():
        add_stage()
        db.session.commit()
        assert cache.get() == (1, 1)
        db.session.execute(update(ModuleStage).values(stage="live"))
        assert cache.get() == (2, 1)
        db.session.execute(delete(ModuleStage))
        assert cache.get() == (3, 0)
        db.session.commit()


def test_other_writes_keep_it(app, clock, make_cache):
    load = Counting()
    cache = make_cache(load, watches=(StageChange,))
    with app.test_request_context():
        cache.get()
        add_stage()
        db.session.commit()
        db.session.execute(update(ModuleStage).values(stage="live"))
        db.session.execute(select(ModuleStage)).all()
        db.session.commit()
    with app.test_request_context():
        assert cache.get() == (1, 0)
    assert load.loads == 1


def test_a_write_committed_during_the_load_is_not_missed(app, clock, make_cache):
    loads = []

    def load():
        loads.append(1)
        if len(loads) == 1:
            cache.forget()  # another thread's commit, while this one read the old rows
        return len(loads)

    cache = make_cache(load)
    with app.test_request_context():
        assert cache.get() == 1  # this request still has an answer
        assert cache.get() == 1
    with app.test_request_context():
        assert cache.get() == 2  # but the process did not keep it
    with app.test_request_context():
        assert cache.get() == 2


def test_forget(app, clock, make_cache):
    cache = make_cache(Counting())
    with app.test_request_context():
        assert cache.get() == (1, 0)
        cache.forget()
        assert cache.get() == (2, 0)


def missing_table():
    return db.session.execute(text("SELECT x FROM no_such_table")).all()


def test_a_failed_load_is_never_kept(app, clock, make_cache):
    calls = []

    def load():
        calls.append(1)
        return missing_table()

    cache = make_cache(load)
    with app.test_request_context():
        with pytest.raises(SQLAlchemyError):
            cache.get()
        with pytest.raises(SQLAlchemyError):
            cache.get()
        db.session.rollback()  # the caller's to do: the error is the caller's
        assert db.session.scalar(select(func.count()).select_from(ModuleStage)) == 0
    assert len(calls) == 2
    assert app.extensions.get(cache._key) is None


def test_with_a_fallback_the_request_gets_it_and_the_next_request_tries_again(
        app, clock, make_cache):
    calls = []

    def load():
        calls.append(1)
        return missing_table() if len(calls) == 1 else ["loaded"]

    cache = make_cache(load, fallback=list)
    with app.test_request_context():
        assert cache.get() == []
        assert cache.get() == []  # the rest of the request, without a second try
        # The session was rolled back and works.
        assert db.session.scalar(select(func.count()).select_from(ModuleStage)) == 0
    assert len(calls) == 1
    assert app.extensions.get(cache._key) is None
    with app.test_request_context():
        assert cache.get() == ["loaded"]


def test_a_database_that_is_down_is_raised_even_with_a_fallback(app, clock, make_cache):
    def load():
        raise PoolTimeout("no free connection")

    cache = make_cache(load, fallback=list)
    with app.test_request_context():
        with pytest.raises(PoolTimeout):
            cache.get()
        assert cache.get() == []  # the error page reads the fallback, without a second wait
    assert app.extensions.get(cache._key) is None


def test_other_errors_are_not_caught(app, clock, make_cache):
    def load():
        raise ValueError("a bug")

    cache = make_cache(load, fallback=list)
    with app.test_request_context(), pytest.raises(ValueError, match="a bug"):
        cache.get()
    assert app.extensions.get(cache._key) is None


def test_outside_an_app(make_cache):
    assert make_cache(lambda: ["loaded"], fallback=list).get() == []
    assert make_cache(lambda: ["loaded"]).get() == ["loaded"]


def test_names_are_unique(make_cache):
    cache = make_cache(list)
    with pytest.raises(ValueError, match="exists already"):
        ProcessCache(cache.name, list, ttl_seconds=1, watches=())
