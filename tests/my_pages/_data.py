"""A resident with real data in three modules and the notification layer, and a stranger.

Rows are written with the modules' own models, the way their pages leave them:
an accessibility report still being handled (kept on erasure) and a handled one
(its contact details go), an idea given from the resident's number, an alert
subscription for it, and messages to the resident and to someone else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from eservices import clock
from eservices.db import db
from eservices.residents.models import ResidentAccount, ResidentContact
from eservices.testing import sign_in_resident
from notifications.models import Notification
from services.accessibility_report.models import Report
from services.collection_alerts.models import Address, AlertSubscription, Subscriber
from services.ideas.models import Idea

PERSONAL_NUMBER = "191212121212"
NAME = "Tolvan Tolvansson"
PHONE = "+46701234567"
EMAIL = "tolvan@example.se"
STRANGER_PHONE = "+46709876543"
STRANGER_EMAIL = "annan@example.se"


@dataclass(frozen=True)
class Made:
    account_id: int
    open_report: str
    handled_report: str
    idea: str
    message_ids: tuple[str, ...]
    stranger_message: str


def prove(app, account_id: int, phone: str = PHONE, email: str = EMAIL) -> None:
    """The contacts the resident proved while signed in (as ``prove_resident_contact``)."""
    with app.app_context():
        now = clock.now()
        db.session.add_all([
            ResidentContact(account_id=account_id, channel="sms", address=phone,
                            proven_at=now, source="collection_alerts"),
            ResidentContact(account_id=account_id, channel="email", address=email,
                            proven_at=now, source="ideas")])
        db.session.commit()


def message(to: str, body: str, *, channel: str = "sms", status: str = "delivered",
            created_at: datetime | None = None, module_id: str = "collection_alerts",
            category: str = "receipt") -> str:
    row = Notification(id=str(uuid.uuid4()), channel=channel, module_id=module_id,
                       template="", language="sv", category=category, recipient=to,
                       subject="Kvitto" if channel == "email" else "", body=body,
                       status=status, segments=1, provider="outbox",
                       created_at=created_at or clock.now(),
                       handed_over_at=created_at or clock.now())
    db.session.add(row)
    return row.id


def _report(reference: str, email: str, status: str):
    return Report(reference=reference, journey_id=str(uuid.uuid4()), problem_kind="other",
                  location="https://www.exempelkommun.se/", description="Knappen syns inte.",
                  name=NAME, email=email, phone="", language="sv", status=status,
                  handled_at=clock.now() if status == "handled" else None)


def _idea(reference: str, phone: str):
    return Idea(reference=reference, journey_id=str(uuid.uuid4()),
                title="Lånecyklar vid stationen", problem="Svårt att ta sig till jobbet.",
                proposal="Cyklar att låna.",
                beneficiaries="Pendlare.", department="miljo", submitter_kind="resident",
                submitter_name=NAME, email="", phone=phone, email_verified=False,
                language="sv", submitted_at=clock.now(), status="inkommen")


def _subscription(phone: str):
    address = Address(external_id=f"T{uuid.uuid4().hex[:10]}", street="Storgatan",
                      number="1", postal_code="93131", city="Skellefteå", latitude=64.75,
                      longitude=20.95, search_text="storgatan 1 93131 skelleftea")
    subscriber = Subscriber(phone=phone, language="sv")
    return [address, subscriber,
            AlertSubscription(subscriber=subscriber, address=address, evening_reminder=True)]


def resident_with_data(app, client) -> Made:
    """Sign ``client`` in as Tolvan and give them data in three modules."""
    account_id = sign_in_resident(client, personal_number=PERSONAL_NUMBER, name=NAME)
    prove(app, account_id)
    with app.app_context():
        db.session.add_all([_report("TR-OPEN-1", EMAIL, "new"),
                            _report("TR-DONE-1", EMAIL, "handled"),
                            _report("TR-THEIRS", STRANGER_EMAIL, "new"),
                            _idea("IDE-2026-90001", PHONE), _idea("IDE-2026-90002",
                                                                  STRANGER_PHONE),
                            *_subscription(PHONE)])
        earlier = clock.now() - timedelta(days=2)
        ids = (message(PHONE, "Din kod är 123456", created_at=earlier, category="verification"),
               message(EMAIL, "Tack för din rapport TR-OPEN-1.", channel="email"))
        stranger = message(STRANGER_PHONE, "Hej granne, sopbilen kommer.")
        db.session.commit()
    return Made(account_id, "TR-OPEN-1", "TR-DONE-1", "IDE-2026-90001", ids, stranger)


def account_exists(app, account_id: int) -> bool:
    with app.app_context():
        return db.session.get(ResidentAccount, account_id) is not None


def messages_to(app, recipient: str) -> list[Notification]:
    with app.app_context():
        found = list(db.session.scalars(select(Notification).where(
            Notification.recipient == recipient)))
        db.session.expunge_all()
        return found


OLD = datetime(2020, 1, 1, tzinfo=UTC)
