"""Stopping alerts from a link in any message: a signed token, GET shows, POST stops.

Every SMS about an address carries ``unsubscribe_url(subscription)``.  The token
is the subscription id signed for this purpose only (``tk.tokens.sign``), so it
cannot be guessed or altered, needs no table and never expires: an old message's
link still works.  GET only shows what will stop - link scanners
and SMS previews fetch links - and only the button (a POST with CSRF) stops it.
Replying STOPP stops every text from us; that is the notification layer's opt-out.
"""

from __future__ import annotations

from flask import abort, make_response, redirect, render_template, url_for
from sqlalchemy import select, update

from eservices import toolkit as tk
from eservices.toolkit import db

from .models import AlertSubscription

PURPOSE = "collection-alerts-unsubscribe"
FORMER_SALT = "collection-alerts-unsubscribe"  # links sent before tk.tokens still stop texts
ENDPOINT = "collection_alerts.unsubscribe"
STOPS_PER_HOUR = 60


def unsubscribe_token(subscription: AlertSubscription) -> str:
    """A short signed token naming the subscription (short, because SMS cost by length)."""
    return tk.tokens.sign(PURPOSE, subscription.id)


def subscription_for_token(token: str) -> AlertSubscription | None:
    """The subscription a token names, or None for a tampered or unknown token."""
    try:
        subscription_id = tk.tokens.unsign(PURPOSE, token, former_salts=(FORMER_SALT,))
    except tk.InvalidToken:
        return None
    if not isinstance(subscription_id, int) or isinstance(subscription_id, bool):
        return None
    return db.session.get(AlertSubscription, subscription_id)


def unsubscribe_url(subscription: AlertSubscription) -> str:
    """The absolute stop link for a message, on PUBLIC_BASE_URL in a request and in the
    reminder job alike (never on the request's host).  The subscription must have an
    id (flush first)."""
    return tk.public_url(ENDPOINT, token=unsubscribe_token(subscription))


def _subscription_or_404(token: str) -> AlertSubscription:
    subscription = subscription_for_token(token)
    if subscription is None:
        # Not the generic 404: say what a broken stop link means and what else works.
        abort(make_response(render_template("collection_alerts/unsubscribe_invalid.html"), 404))
    return subscription


@tk.guard(STOPS_PER_HOUR, 3600)
def unsubscribe(token: str):
    subscription = _subscription_or_404(token)
    form = tk.SubmitForm()
    if subscription.active and form.validate_on_submit():
        # Only the first of two racing clicks ends it; the second sees it ended.
        db.session.execute(
            update(AlertSubscription)
            .where(AlertSubscription.id == subscription.id, AlertSubscription.active.is_(True))
            .values(active=False, ended_at=tk.clock.now())
            .execution_options(synchronize_session=False))
        db.session.commit()
        return redirect(url_for(".unsubscribed", token=token), code=303)
    others = _other_active(subscription)
    db.session.commit()
    return render_template("collection_alerts/unsubscribe.html", form=form,
                           subscription=subscription, others=others)


@tk.guard(STOPS_PER_HOUR, 3600)
def unsubscribed(token: str):
    subscription = _subscription_or_404(token)
    if subscription.active:
        return redirect(url_for(".unsubscribe", token=token))
    return render_template("collection_alerts/unsubscribed.html", subscription=subscription,
                           others=_other_active(subscription))


def _other_active(subscription: AlertSubscription) -> int:
    """How many other addresses the same number still follows (said on the page)."""
    rows = db.session.scalars(select(AlertSubscription.id).where(
        AlertSubscription.subscriber_id == subscription.subscriber_id,
        AlertSubscription.id != subscription.id,
        AlertSubscription.active.is_(True))).all()
    return len(rows)
