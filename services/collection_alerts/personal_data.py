"""What the module keeps about people: its part of Mina sidor, erasure and retention.

The only personal data here is a mobile number and what it asked for: the
subscriber (the number and its language), its alert subscriptions (which
address, which texts), the ledger of texts sent to each subscription, and the
verification codes sent before a number was proven (the number and the
address asked about).  Nothing of it is a case the municipality must keep, so
erasure removes all of it; the record of the texts themselves belongs to the
notification layer, which the platform erases.

Retention: a code is only needed for its ten minutes (and its hour in the
limits), a stopped subscription's number goes after the configured days
(the issue's "a phone number kept after unsubscribing"), and the ledger rows
guard exactly-once delivery only for the day they are about.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from eservices import toolkit as tk
from eservices.toolkit import db

from .models import AlertSent, AlertSubscription, Subscriber, VerificationCode
from .unsubscribe import unsubscribe_url

CODE_DAYS = 1
STOPPED_DAYS = 30
LEDGER_DAYS = 90


def _subscription_item(subscription: AlertSubscription) -> tk.DataItem:
    place = subscription.address.label if subscription.address is not None else ""
    texts = []
    if subscription.evening_reminder:
        texts.append(_("The evening before at %(time)s",
                       time=subscription.reminder_time.strftime("%H:%M")))
    if subscription.approach_minutes:
        texts.append(_("About %(minutes)s minutes before the truck arrives",
                       minutes=subscription.approach_minutes))
    details = [(_("Mobile number"), tk.display_mobile(subscription.subscriber.phone)),
               (_("Texts"), ", ".join(texts))]
    record = {
        "phone": subscription.subscriber.phone, "language": subscription.subscriber.language,
        "verified_at": subscription.subscriber.verified_at.isoformat(),
        "address": place, "address_id": subscription.address_id,
        "evening_reminder": subscription.evening_reminder,
        "reminder_time": subscription.reminder_time.strftime("%H:%M"),
        "approach_minutes": subscription.approach_minutes, "active": subscription.active,
        "created_at": subscription.created_at.isoformat(),
        "ended_at": subscription.ended_at.isoformat() if subscription.ended_at else None,
        "alerts_sent": [{"service_date": sent.service_date.isoformat(), "kind": sent.kind,
                         "created_at": sent.created_at.isoformat()}
                        for sent in db.session.scalars(
                            select(AlertSent).where(AlertSent.subscription_id
                                                    == subscription.id)
                            .order_by(AlertSent.id))]}
    if subscription.active:
        return tk.DataItem(title=_("Texts about %(address)s", address=place), record=record,
                           status=_("Active"), when=subscription.created_at,
                           link=unsubscribe_url(subscription), link_text=_("Stop the texts"),
                           details=details)
    return tk.DataItem(title=_("Texts about %(address)s", address=place), record=record,
                       status=_("Stopped"), when=subscription.ended_at, details=details,
                       link=url_for("collection_alerts.sign_up",
                                    address_id=subscription.address_id),
                       link_text=_("Start the texts again"))


def _code_item(code: VerificationCode) -> tk.DataItem:
    return tk.DataItem(
        title=_("Verification code to %(phone)s", phone=tk.display_mobile(code.phone)),
        status=_("Used") if code.used_at else _("Not used"), when=code.created_at,
        record={"phone": code.phone, "request": dict(code.request),
                "attempts": code.attempts, "created_at": code.created_at.isoformat(),
                "expires_at": code.expires_at.isoformat(),
                "used_at": code.used_at.isoformat() if code.used_at else None})


def find(subject: tk.DataSubject) -> list[tk.DataSection]:
    numbers = subject.phone_numbers
    subscriptions = db.session.scalars(
        select(AlertSubscription).join(Subscriber).where(Subscriber.phone.in_(numbers))
        .order_by(AlertSubscription.active.desc(), AlertSubscription.created_at.desc(),
                  AlertSubscription.id.desc())).all() if numbers else []
    codes = db.session.scalars(
        select(VerificationCode).where(VerificationCode.phone.in_(numbers))
        .order_by(VerificationCode.created_at.desc())).all() if numbers else []
    return [tk.DataSection(
        key="collection_alerts", title=_("Texts about waste collection"),
        items=[*map(_subscription_item, subscriptions), *map(_code_item, codes)],
        empty_text=_("You get no texts about waste collection."))]


def _forget_subscriptions(condition: Any) -> int:
    """Delete the subscriptions ``condition`` selects, their ledger rows, and every
    subscriber left without a subscription (with it, the number)."""
    ids = db.session.scalars(select(AlertSubscription.id).where(condition)).all()
    if not ids:
        return 0
    subscribers = set(db.session.scalars(
        select(AlertSubscription.subscriber_id).where(AlertSubscription.id.in_(ids))))
    db.session.execute(delete(AlertSent).where(AlertSent.subscription_id.in_(ids)))
    db.session.execute(delete(AlertSubscription).where(AlertSubscription.id.in_(ids))
                       .execution_options(synchronize_session=False))
    still_used = set(db.session.scalars(select(AlertSubscription.subscriber_id).where(
        AlertSubscription.subscriber_id.in_(subscribers))))
    if subscribers - still_used:
        db.session.execute(delete(Subscriber).where(Subscriber.id.in_(subscribers - still_used))
                           .execution_options(synchronize_session=False))
    return len(ids)


def erase(subject: tk.DataSubject) -> tk.ErasureOutcome:
    """Every subscription, ledger row, code and the number itself: nothing must stay."""
    numbers = subject.phone_numbers
    if not numbers:
        return tk.ErasureOutcome()
    subscribers = db.session.scalars(select(Subscriber.id).where(
        Subscriber.phone.in_(numbers))).all()
    removed = _forget_subscriptions(AlertSubscription.subscriber_id.in_(subscribers))
    # A number whose every subscription was already gone is still a row of its own.
    db.session.execute(delete(Subscriber).where(Subscriber.id.in_(subscribers))
                       .execution_options(synchronize_session=False))
    removed += len(subscribers)
    removed += db.session.execute(
        delete(VerificationCode).where(VerificationCode.phone.in_(numbers))
        .execution_options(synchronize_session=False)).rowcount or 0
    db.session.expire_all()
    return tk.ErasureOutcome(removed=removed)


def drop_codes(cutoff: datetime) -> int:
    """Retention "codes": codes that expired before ``cutoff`` are deleted."""
    return db.session.execute(delete(VerificationCode).where(VerificationCode.expires_at
                                                             < cutoff)
                              .execution_options(synchronize_session=False)).rowcount or 0


def drop_stopped(cutoff: datetime) -> int:
    """Retention "stopped": subscriptions stopped before ``cutoff`` go, and with the last
    of a number's subscriptions, the number."""
    return _forget_subscriptions(AlertSubscription.active.is_(False)
                                 & (AlertSubscription.ended_at < cutoff))


def drop_ledger(cutoff: datetime) -> int:
    """Retention "sent_alerts": ledger rows written before ``cutoff`` are deleted."""
    return db.session.execute(delete(AlertSent).where(AlertSent.created_at < cutoff)
                              .execution_options(synchronize_session=False)).rowcount or 0


PERSONAL_DATA = tk.PersonalData(
    resident_data=tk.ResidentData(find=f"{__name__}:find", erase=f"{__name__}:erase"),
    retention=(
        tk.Retention("codes", "codes", CODE_DAYS, f"{__name__}:drop_codes",
                     _l("Verification codes (the mobile number and the address asked "
                        "about), counted from when the code expired; a code works for "
                        "minutes, and the limits on sending count the last hour.")),
        tk.Retention("stopped", "subscriptions", STOPPED_DAYS, f"{__name__}:drop_stopped",
                     _l("A stopped alert subscription, and the mobile number once none of "
                        "its subscriptions is left, counted from when it was stopped: time "
                        "to answer a question about texts sent before.")),
        tk.Retention("sent_alerts", "notifications", LEDGER_DAYS, f"{__name__}:drop_ledger",
                     _l("The record of which reminders and alerts each subscription was "
                        "sent, counted from when they were sent; as long as the texts "
                        "themselves are kept.")),
    ))
