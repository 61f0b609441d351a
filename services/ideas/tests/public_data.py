"""Ideas and challenges for the public side's tests, made directly with the models.

The clock stands at Friday 27 November 2026, 10:00 in Sweden.  ``idea()`` files
an idea on its own or into a challenge; ``challenge()`` opens one (published,
open for ideas from 1 November to 31 December unless told otherwise).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from itertools import count

from sqlalchemy import select

from eservices.clock import ControlledClock
from eservices.db import db
from eservices.testing import csrf_token_from
from notifications.models import Notification
from services.ideas.models import Challenge, Idea

NOW = datetime(2026, 11, 27, 9, tzinfo=UTC)
PHONE = "+46701234567"
_numbers = count(1)


def clocked(make_app, environ=None):
    """An app whose clock stands at ``NOW`` (each test file's ``app`` fixture)."""
    app = make_app(environ=environ)
    app.extensions["eservices.clock"] = ControlledClock(NOW)
    return app


def challenge(app, slug="textil", *, phase="open", published=True, threshold=None,
              opens_on=date(2026, 11, 1), closes_on=date(2026, 12, 31), **columns) -> int:
    with app.app_context():
        row = Challenge(slug=slug, question=f"Hur kan vi minska {slug}avfallet?",
                        description="Beskrivning av utmaningen.", department="miljo",
                        opens_on=opens_on, closes_on=closes_on, phase=phase,
                        support_threshold=threshold, published=published,
                        created_by="coach", **columns)
        db.session.add(row)
        db.session.commit()
        return row.id


def idea(app, title="Byt kläder på biblioteket", *, challenge_id=None, status="inkommen",
         submitted_at=NOW, email="idegivare@example.se", phone="", department="miljo",
         language="sv", **columns) -> str:
    with app.app_context():
        reference = f"IDE-2026-{next(_numbers):05d}"
        row = Idea(reference=reference, journey_id=str(uuid.uuid4()), title=title,
                   problem="Många kläder slängs.", proposal="En bytesdag varje månad.",
                   beneficiaries="Alla som vill byta.", department=department,
                   challenge_id=challenge_id, submitter_kind="resident",
                   submitter_name="Hemliga Hanna", email=email, phone=phone,
                   email_verified=bool(email), language=language, submitted_at=submitted_at,
                   status=status, **columns)
        db.session.add(row)
        db.session.commit()
        return reference


def stored(app, model) -> list:
    """Every row of ``model``, oldest first, detached from the session."""
    with app.app_context():
        rows = db.session.scalars(select(model).order_by(model.id)).all()
        db.session.expunge_all()
        return list(rows)


def report(app, reference, reason="offensive", client=None, address="10.0.0.1", path=None):
    """Report the idea (or the page at ``path``) from ``address``, as a resident would."""
    client = client or app.test_client()
    url = path or f"/ideas/i/{reference}/report"
    token = csrf_token_from(client.get(url, environ_base={"REMOTE_ADDR": address}).get_data(
        as_text=True))
    return client.post(url, data={"csrf_token": token, "reason": reason},
                       environ_base={"REMOTE_ADDR": address})


def outbox(app, recipient=PHONE, category=None) -> list[Notification]:
    with app.app_context():
        query = select(Notification).where(Notification.recipient == recipient)
        if category:
            query = query.where(Notification.category == category)
        rows = db.session.scalars(query.order_by(Notification.id)).all()
        db.session.expunge_all()
        return list(rows)


def code_sent(app, before: set, phone=PHONE) -> str:
    """The code in the one verification SMS to ``phone`` not among ``before`` (ids).

    The clock stands still in these tests, so SMS are told apart by id, not time.
    """
    [new] = [n for n in outbox(app, phone, "verification") if n.id not in before]
    return re.match(r"\d{6}", new.body).group(0)


def sent_ids(app, phone=PHONE) -> set:
    return {n.id for n in outbox(app, phone)}
