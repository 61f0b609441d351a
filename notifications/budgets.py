"""Messages to contact details nobody has proven: budgets against SMS-pumping fraud.

A form that sends a receipt to a number the visitor typed lets anyone make the
municipality pay for SMS to any number - including premium-rate numbers whose
owner is paid per message.  The per-number hourly limit in delivery only
delays such messages; these budgets refuse them, before a row is written:

* per client (address): UNVERIFIED_MESSAGES_PER_CLIENT_PER_HOUR, all channels;
* per recipient: UNVERIFIED_MESSAGES_PER_RECIPIENT_PER_DAY;
* site-wide: UNVERIFIED_SMS_PER_HOUR / UNVERIFIED_EMAILS_PER_HOUR, the ceiling
  on what a distributed attack can cost.

They are ``eservices.limits`` budgets, counted in the database, so they hold
across processes and restarts.  Which messages they apply to is decided here
too, so no module has to remember: anything sent while serving a resident's
request is to an unverified recipient unless the caller says the address came
from a register or a proven code (``verified=True``); staff pages, the API
(machine clients with keys) and background jobs send to verified recipients.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request
from flask_babel import gettext as _

from eservices import limits
from eservices.privacy import mask_recipient


class SendRefused(limits.LimitReached):
    """A message to an unverified recipient that a budget refused; nothing was queued."""


def applies(verified: bool | None) -> bool:
    """Is this message for contact details nobody has proven?"""
    if verified is not None:
        return not verified
    if not has_request_context():
        return False  # a job or a command: its recipients come from our own records
    return not request.path.startswith(("/staff", "/api/"))


def _budgets(channel: str) -> list[tuple[limits.Budget, str]]:
    config = current_app.config
    site = ("UNVERIFIED_SMS_PER_HOUR" if channel == "sms" else "UNVERIFIED_EMAILS_PER_HOUR")
    return [
        (limits.Budget("unverified-messages-per-client",
                       config["UNVERIFIED_MESSAGES_PER_CLIENT_PER_HOUR"], 3600),
         limits.client_key()),
        (limits.Budget("unverified-messages-per-site", config[site], 3600), channel),
    ]


def spend(channel: str, recipient: str) -> None:
    """Count one message to ``recipient`` against every budget; raise ``SendRefused``.

    Every budget is counted even when one refuses: whoever keeps trying keeps
    their own window full.  The counts are part of the caller's transaction.
    """
    config = current_app.config
    budgets = [*_budgets(channel),
               (limits.Budget("unverified-messages-per-recipient",
                              config["UNVERIFIED_MESSAGES_PER_RECIPIENT_PER_DAY"], 86400),
                recipient)]
    refusals = [(budget, verdict) for budget, key in budgets
                if not (verdict := limits.hit(budget, key)).allowed]
    if refusals:
        budget, verdict = max(refusals, key=lambda refusal: refusal[1].retry_after)
        raise SendRefused(budget, verdict, refusal_text(channel, recipient))


def refusal_text(channel: str, recipient: str) -> str:
    """What the resident is told: that nothing was sent there, and that nothing else is lost."""
    shown = mask_recipient(recipient, channel)
    if channel == "sms":
        return _("We did not send a text message to %(recipient)s: many messages have been "
                 "sent from here or to that number in a short time.", recipient=shown)
    return _("We did not send an e-mail to %(recipient)s: many messages have been sent from "
             "here or to that address in a short time.", recipient=shown)
