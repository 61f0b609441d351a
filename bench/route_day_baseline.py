"""The baselines the route-day benchmark compares with, measured in the same run.

* ``bare_app``: a bare Flask endpoint doing one INSERT per event (JSON in, one
  committed row, JSON out) - what any event API costs at the least; served by
  the same worker processes as the real app (``route_day_workers.bare_events``).
* ``bare_reminders``: the same number of message rows written with ``executemany``
  in transactions of 1,000 - what queuing that many SMS costs at the least.

Both use the benchmark's database, in tables of their own.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

from flask import Flask, jsonify, request
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
)

metadata = MetaData()
events = Table("bench_baseline_event", metadata,
               Column("id", Integer, primary_key=True),
               Column("route", String(20)), Column("event_id", String(80)),
               Column("kind", String(30)), Column("payload", Text),
               Column("received_at", DateTime(timezone=True)))
messages = Table("bench_baseline_sms", metadata,
                 Column("id", Integer, primary_key=True),
                 Column("recipient", String(20)), Column("body", Text),
                 Column("created_at", DateTime(timezone=True)))


def bare_app(database_url: str, create: bool = True) -> Flask:
    engine = create_engine(database_url)
    if create:
        metadata.drop_all(engine)
        metadata.create_all(engine)
    app = Flask("bare")

    @app.post("/events/<route>/<day>")
    def post(route: str, day: str):
        body = request.get_json()
        with engine.begin() as connection:
            connection.execute(insert(events).values(
                route=route, event_id=body["id"], kind=body["type"],
                payload=json.dumps(body), received_at=datetime.now(UTC)))
        return jsonify({"accepted": 1})

    app.extensions["bench.engine"] = engine
    return app


def bare_reminders(database_url: str, count: int, batch: int = 1000) -> float:
    """Seconds to write ``count`` message rows in committed batches of ``batch``."""
    engine = create_engine(database_url)
    metadata.create_all(engine)
    now = datetime.now(UTC)
    rows = [{"recipient": f"+4670{i:07d}", "created_at": now,
             "body": f"Påminnelse: måndag 30 november hämtas Restavfall på Storgatan {i}. "
                     f"Sluta få sms om adressen: https://e.exempelkommun.se/x/{i} /Kommun"}
            for i in range(count)]
    started = time.perf_counter()
    for first in range(0, count, batch):
        with engine.begin() as connection:
            connection.execute(insert(messages), rows[first:first + batch])
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed
