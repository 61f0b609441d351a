"""send_sms_many: the bulk path behaves like send_sms, message for message."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from eservices.clock import ControlledClock
from eservices.db import db
from notifications import MissingPersonalisation, TemplateError, send_sms
from notifications.api import Sms, send_sms_many
from notifications.delivery import sweep
from notifications.models import Notification, NotificationEvent

TEMPLATE = "platform/opt_in_confirmation"
NOON = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)  # 12:00 in Stockholm
COMPARED = ("channel", "module_id", "template", "language", "category", "reference",
            "subject", "body", "segments", "encoding", "status", "provider",
            "attempts", "next_attempt_at", "error_code", "created_at", "handed_over_at",
            "purged_at")


@pytest.fixture
def app(make_app):
    app = make_app(QUIET_HOURS="21:00-07:00", SWEEP_INTERVAL_SECONDS=0)
    app.extensions["eservices.clock"] = ControlledClock(NOON)
    return app


def rows(app) -> list[Notification]:
    with app.app_context():
        db.session.expire_all()
        return db.session.scalars(select(Notification).order_by(Notification.recipient)).all()


def wait(app) -> None:
    assert app.extensions["notifications.dispatcher"].wait_idle(timeout=20)


def sms(i: int, **kwargs) -> Sms:
    return Sms(to=f"070-100 00 0{i}", personalisation={"municipality": f"Kommun {i}"}, **kwargs)


def test_each_message_is_what_send_sms_would_have_written(app):
    clock = app.extensions["eservices.clock"]
    clock.set(datetime(2026, 11, 27, 21, 30, tzinfo=UTC))  # quiet hours: both are held
    with app.app_context():
        one = send_sms("070-100 00 01", template=TEMPLATE, personalisation={
            "municipality": "Kommun"}, language="en", category="reminder", reference="R-1",
            idempotency_key="k-1")
        ids = send_sms_many([Sms("070-100 00 02", {"municipality": "Kommun"}, language="en",
                                 reference="R-1", idempotency_key="k-2")],
                            template=TEMPLATE, category="reminder")
        db.session.commit()
        assert len(ids) == 1 and ids[0] != one.id
    single, bulk = rows(app)
    for name in COMPARED:
        assert getattr(bulk, name) == getattr(single, name), name
    assert (single.recipient, bulk.recipient) == ("+46701000001", "+46701000002")
    assert bulk.idempotency_key == "platform:sms:k-2"
    assert bulk.next_attempt_at == datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
    with app.app_context():
        held = db.session.scalars(select(NotificationEvent.detail)
                                  .where(NotificationEvent.notification_id == ids[0])).all()
    assert held == ["held for quiet hours"]


def test_dispatched_after_commit_and_not_after_rollback(app):
    with app.app_context():
        send_sms_many([sms(1), sms(2)], template=TEMPLATE, category="alert")
        db.session.rollback()
    wait(app)
    assert rows(app) == []
    with app.app_context():
        send_sms_many([sms(1), sms(2), sms(3)], template=TEMPLATE, category="alert")
        db.session.commit()
    wait(app)
    assert [n.status for n in rows(app)] == ["delivered"] * 3
    with app.app_context():
        assert sweep() == 0


def test_a_key_already_stored_gives_the_stored_id_and_sends_nothing(app):
    with app.app_context():
        first = send_sms("070-100 00 01", template=TEMPLATE,
                         personalisation={"municipality": "Kommun 1"}, category="alert",
                         idempotency_key="k-1", module_id="platform")
        first_id = first.id
        db.session.commit()
        ids = send_sms_many([sms(1, idempotency_key="k-1"), sms(2, idempotency_key="k-2"),
                             sms(3, idempotency_key="k-2"), sms(4)],
                            template=TEMPLATE, category="alert")
        db.session.commit()
    wait(app)
    assert ids[0] == first_id and ids[1] == ids[2] and len(set(ids)) == 3
    assert [n.recipient for n in rows(app)] == ["+46701000001", "+46701000002",
                                                "+46701000004"]


def test_one_message_that_cannot_be_sent_is_refused_and_the_others_delivered(app):
    with app.app_context():
        ids = send_sms_many([sms(1), Sms(to="12", personalisation={"municipality": "x"}),
                             Sms(to="0701000003", personalisation={"municipality": "x" * 500}),
                             sms(4)], template=TEMPLATE, category="alert")
        db.session.commit()
    wait(app)
    found = {n.id: n for n in rows(app)}
    assert len(ids) == 4 and set(ids) == set(found)
    delivered, bad_number, too_long, last = (found[id] for id in ids)
    assert (delivered.status, last.status) == ("delivered", "delivered")
    assert (bad_number.status, bad_number.error_code, bad_number.recipient) == (
        "refused", "invalid-recipient", "12")
    assert (too_long.status, too_long.error_code) == ("refused", "too-long")
    assert too_long.segments > 3
    assert too_long.error_message == f"{too_long.segments} segments; at most 3 allowed"
    assert too_long.attempts == 0 and too_long.provider == "" and too_long.handed_over_at is None
    with app.app_context():
        assert sweep() == 0  # a refused message is never handed over later either


def test_a_template_or_personalisation_that_does_not_fit_writes_nothing(app):
    with app.app_context():
        with pytest.raises(MissingPersonalisation):
            send_sms_many([sms(1), Sms(to="0701000002", personalisation={})],
                          template=TEMPLATE, category="alert")
        with pytest.raises(TemplateError):
            send_sms_many([sms(1)], template="platform/no_such_template", category="alert")
        db.session.commit()
    assert rows(app) == []


def test_batches_larger_than_one_statement(app):
    with app.app_context():
        messages = [Sms(to=f"+4670{2000000 + i:07d}", personalisation={"municipality": "K"},
                        idempotency_key=f"big-{i}") for i in range(1203)]
        ids = send_sms_many(messages, template=TEMPLATE, category="alert")
        again = send_sms_many(messages, template=TEMPLATE, category="alert")
        db.session.commit()
    assert ids == again and len(set(ids)) == 1203
    wait(app)
    assert len(rows(app)) == 1203
    assert send_sms_many([], template=TEMPLATE, category="alert") == []
