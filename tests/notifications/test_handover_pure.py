"""The hand-over step decides what an answer means; it writes nothing itself.

Failover weights and an opt-out a provider reports travel in the Outcome and
are written by delivery in the same commit as the batch's statuses.
"""

from collections import Counter, namedtuple

from sqlalchemy import func, select

from eservices.db import db
from notifications import statuses
from notifications.handover import Handover, outcome_of, prepare
from notifications.models import OptOut, ProviderState
from notifications.providers.base import Accepted, Outgoing, PermanentError, RetryableError

Row = namedtuple("Row", "id channel recipient body subject attempts")
ROW = Row("n1", "sms", "+46701740001", "Hej", "", 1)


def handover(provider: str = "twilio") -> Handover:
    return Handover(ROW, provider, Outgoing("n1", "sms", ROW.recipient, "Hej"))


def rows(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_answers_are_judged_without_a_write(make_app):
    app = make_app(SMS_PROVIDER=["twilio", "46elks"], TWILIO_ACCOUNT_SID="AC" + "0" * 32,
                   TWILIO_AUTH_TOKEN="t", TWILIO_FROM="+46700000000", ELKS46_USERNAME="u",
                   ELKS46_PASSWORD="p", ELKS46_FROM="Kommunen")
    with app.app_context():
        assert isinstance(prepare(ROW, set(), Counter()), Handover)
        opted = outcome_of(handover(), PermanentError("unsubscribed", "21610",
                                                      status=statuses.OPTED_OUT), set())
        failed = outcome_of(handover(), RetryableError("busy", "20429"), set())
        sent = outcome_of(handover(), Accepted("SM1"), set())
        assert rows(OptOut) == 0 and rows(ProviderState) == 0
    assert opted.status == statuses.OPTED_OUT and opted.opt_out_source == "twilio:21610"
    assert failed.provider_healthy is False and sent.provider_healthy is True
