"""The module's personal data: what a resident finds, what erasure takes, what retention drops.

The clock stands at Monday 30 November 2026, 06:00 (conftest).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import func, select, update

from eservices import toolkit as tk
from eservices.db import db
from services.collection_alerts import module
from services.collection_alerts.models import (
    AlertSent,
    AlertSubscription,
    Subscriber,
    VerificationCode,
)
from services.collection_alerts.personal_data import (
    drop_codes,
    drop_ledger,
    drop_stopped,
    erase,
    find,
)

from .conftest import NOW

ANNA = "+46701740001"
BERT = "+46701740002"
SUBJECT = tk.DataSubject(personal_number="191212121212", phone_numbers=(ANNA,))


@contextmanager
def reading(app):
    """A request in English, as Mina sidor's reader might make."""
    with app.test_request_context("/collection-alerts/", headers={"Accept-Language": "en"}):
        app.preprocess_request()
        yield


def _code(phone: str, address_id: int, expires_in: timedelta = timedelta(minutes=10)) -> None:
    db.session.add(VerificationCode(phone=phone, code_hash="x" * 64, client_key="c" * 64,
                                    request={"address_id": address_id}, attempts=0,
                                    created_at=NOW, expires_at=NOW + expires_in))


def _sent(subscription_id: int, day: date) -> None:
    db.session.add(AlertSent(subscription_id=subscription_id, service_date=day,
                             kind="reminder", created_at=NOW))


def _stop(subscription_id: int, at) -> None:
    db.session.execute(update(AlertSubscription).where(AlertSubscription.id == subscription_id)
                       .values(active=False, ended_at=at))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_manifest_declares_it():
    assert module.personal_data is not None
    assert {r.key: r.days for r in module.personal_data.retention} == {
        "codes": 1, "stopped": 30, "sent_alerts": 90}


def test_find_returns_the_residents_subscriptions_and_codes_only(app, network, subscribe):
    first = subscribe(ANNA, network.r1_addresses[0], approach=30)
    second = subscribe(ANNA, network.r1_addresses[1], evening=False)
    subscribe(BERT, network.r1_addresses[2])
    with reading(app):
        _stop(second, NOW)
        _sent(first, date(2026, 11, 30))
        _code(ANNA, network.r1_addresses[0])
        _code(BERT, network.r1_addresses[2])
        db.session.commit()
        [section] = find(SUBJECT)
        assert section.key == "collection_alerts"
        active, stopped, code = section.items
        assert active.title == "Texts about Storgatan 1, Exempelby"
        assert active.status == "Active" and active.link_text == "Stop the texts"
        assert "/collection-alerts/stop/" in active.link
        assert ("Mobile number", "070-174 00 01") in active.details
        assert active.record["phone"] == ANNA and active.record["approach_minutes"] == 30
        assert active.record["alerts_sent"] == [
            {"service_date": "2026-11-30", "kind": "reminder", "created_at": NOW.isoformat()}]
        assert stopped.status == "Stopped" and stopped.link_text == "Start the texts again"
        assert stopped.link == f"/collection-alerts/address/{network.r1_addresses[1]}/sign-up"
        assert stopped.record["ended_at"] == NOW.isoformat()
        assert code.title == "Verification code to 070-174 00 01"
        assert code.record["request"] == {"address_id": network.r1_addresses[0]}
        everything = repr([item.record for item in section.items])
        assert BERT not in everything
        assert find(tk.DataSubject(personal_number="191212121212"))[0].items == []


def test_erase_removes_the_number_with_everything_it_asked_for(app, network, subscribe):
    first = subscribe(ANNA, network.r1_addresses[0])
    other = subscribe(BERT, network.r1_addresses[0])
    with reading(app):
        _sent(first, date(2026, 11, 30))
        _sent(other, date(2026, 11, 30))
        _code(ANNA, network.r1_addresses[0])
        _code(BERT, network.r1_addresses[0])
        db.session.commit()
        outcome = erase(SUBJECT)
        db.session.commit()
        assert outcome.removed == 3 and outcome.kept == ()  # subscription, number, code
        assert db.session.scalars(select(Subscriber.phone)).all() == [BERT]
        assert db.session.scalars(select(VerificationCode.phone)).all() == [BERT]
        assert db.session.scalars(select(AlertSent.subscription_id)).all() == [other]
        assert erase(SUBJECT).removed == 0


def test_stopped_subscriptions_lose_the_number_at_the_cutoff_not_before(app, network,
                                                                          subscribe):
    gone = subscribe(ANNA, network.r1_addresses[0])
    still = subscribe(BERT, network.r1_addresses[0])
    stopped_too = subscribe(BERT, network.r1_addresses[1])
    with app.app_context():
        _stop(gone, NOW - timedelta(days=31))
        _stop(stopped_too, NOW - timedelta(days=31))
        _sent(gone, date(2026, 10, 26))
        db.session.commit()
        assert drop_stopped(NOW - timedelta(days=31)) == 0  # stopped exactly then: not older
        assert drop_stopped(NOW - timedelta(days=30)) == 2
        db.session.commit()
        assert drop_stopped(NOW - timedelta(days=30)) == 0
        # Anna's number had nothing else and is gone; Bert still follows one address.
        assert db.session.scalars(select(Subscriber.phone)).all() == [BERT]
        assert db.session.scalars(select(AlertSubscription.id)).all() == [still]
        assert _count(AlertSent) == 0


def test_codes_and_the_ledger_go_at_their_cutoffs(app, network, subscribe):
    first = subscribe(ANNA, network.r1_addresses[0])
    with app.app_context():
        _code(ANNA, network.r1_addresses[0])  # expires at NOW + 10 minutes
        _sent(first, date(2026, 11, 30))  # written at NOW
        db.session.commit()
        assert drop_codes(NOW + timedelta(minutes=10)) == 0
        assert drop_ledger(NOW) == 0
        assert drop_codes(NOW + timedelta(minutes=11)) == 1
        assert drop_ledger(NOW + timedelta(seconds=1)) == 1
        db.session.commit()
        assert drop_codes(NOW + timedelta(minutes=11)) == 0
        assert drop_ledger(NOW + timedelta(seconds=1)) == 0
        assert _count(VerificationCode) == 0 and _count(AlertSubscription) == 1
