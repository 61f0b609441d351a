"""Turning a checked journey into one case, with its messages, in one transaction.

The receipt, the neighbour's confirmation link and the notice to the
environment office are written as outbox rows in the same transaction as the
case: either the resident has a case and every message will go, or nothing
happened and they can press the button again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from eservices import toolkit as tk

from .household import Household
from .meta import MODULE_ID
from .models import CaseEvent, ChangeRequest
from .plan import Plan
from .pricing import PriceQuote
from .proposal import Context
from .settings import environment_office_email, share_link_days

log = logging.getLogger(__name__)


def _send(to_email: str, to_phone: str, template: str, personalisation: dict[str, str],
          language: str, reference: str, key: str, category: str,
          verified: bool | None = None) -> None:
    """``verified``: True for the register's contact details, left out for typed ones."""
    common = {"template": f"{MODULE_ID}/{template}", "personalisation": personalisation,
              "language": language, "category": category, "reference": reference,
              "module_id": MODULE_ID, "verified": verified}
    if to_email:
        tk.send_email(to_email, idempotency_key=f"{key}:email", **common)
    if to_phone:
        tk.send_sms(to_phone, idempotency_key=f"{key}:sms", **common)


def _receipt(case: ChangeRequest, ctx: Context) -> None:
    with tk.writing_in(case.language):
        effective = format_date(case.effective_date, "d MMMM y")
        total = tk.format_sek(case.price_quote().total_due_this_year)
        next_step = (_("Your neighbour must confirm the shared bin before we can decide.")
                     if case.neighbour_status == "pending" else "")
    municipality = current_app.config["MUNICIPALITY_NAME"]
    _send(case.email, case.phone, "receipt",
          {"reference": case.reference, "effective_date": effective, "total": total,
           "municipality": municipality, "next_step": next_step},
          case.language, case.reference, f"receipt:{case.reference}", "receipt")


def _ask_neighbour(case: ChangeRequest, neighbour: Household, ctx: Context) -> None:
    token, case.neighbour_token_hash = tk.tokens.new_secret()
    case.neighbour_token_expires = tk.clock.now() + timedelta(days=share_link_days())
    customer = neighbour.customer
    with tk.writing_in(customer.language):
        deadline = format_date(case.neighbour_token_expires.date(), "d MMMM y")
    _send(customer.email, customer.phone, "share_request",
          {"address": ctx.subscription.property.street_address,
           "link": tk.public_url(f"{MODULE_ID}.neighbour", token=token),
           "deadline": deadline, "reference": case.reference,
           "municipality": current_app.config["MUNICIPALITY_NAME"]},
          customer.language, case.reference, f"share:{case.reference}", "verification",
          verified=True)  # the register's contact details, never typed by the requester


def _notify_environment_office(case: ChangeRequest, ctx: Context) -> None:
    """Home composting must be notified to the environment office (miljökontoret)."""
    details = case.details["home_composting"]
    prop, customer = ctx.subscription.property, ctx.subscription.customer
    with tk.writing_in("sv"):
        effective = format_date(case.effective_date, "d MMMM y")
    tk.send_email(environment_office_email(), template=f"{MODULE_ID}/composting_notice",
               personalisation={
                   "reference": case.reference, "customer_number": customer.customer_number,
                   "name": customer.name, "designation": prop.designation,
                   "address": (f"{prop.street_address}, "
                               f"{tk.display_postal_code(prop.postal_code)} {prop.city}"),
                   "compost_type": ctx.tariff.home_composting.compost_type_label(
                       details["compost_type"], "sv"),
                   "effective_date": effective},
               language="sv", category="case", reference=case.reference, module_id=MODULE_ID,
               idempotency_key=f"composting:{case.reference}",
               verified=True)  # our own office's address, from configuration


@dataclass
class Assembled:
    """Everything the check page shows and a case records."""

    changes: list[str]
    current: Plan
    proposed: Plan
    details: dict[str, Any] = field(default_factory=dict)
    neighbour: Household | None = None
    effective_date: date | None = None
    quote: PriceQuote | None = None
    email: str = ""
    phone: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)  # (message, where to fix)
    missing: str | None = None  # the first page not yet answered


class NeighbourBusy(Exception):
    """The neighbour got another request to share a bin while this one was being sent."""


def submit(journey: tk.Journey, ctx: Context, done: Assembled) -> ChangeRequest | None:
    """Create the case once; a second submit of the same journey does nothing."""
    assert done.quote is not None and done.effective_date is not None
    reference = tk.new_reference("AV")
    if not journey.claim(reference):
        return None
    case = ChangeRequest(
        reference=reference, journey_id=journey.state.id, customer_number=ctx.subscription.id,
        property_designation=ctx.subscription.property.designation,
        change_types=done.changes, details=done.details,
        current_plan=done.current.to_json(), proposed_plan=done.proposed.to_json(),
        quote=done.quote.to_json(), effective_date=done.effective_date,
        neighbour_customer_number=done.neighbour.id if done.neighbour else None,
        neighbour_status="pending" if done.neighbour else "",
        email=done.email, phone=done.phone, language=ctx.language)
    case.events.append(CaseEvent(actor="resident", kind="submitted"))
    tk.db.session.add(case)
    try:
        tk.db.session.flush()
    except IntegrityError:
        # Another household's request to the same neighbour was submitted a moment
        # earlier (the index allows one waiting at a time).  Nothing is kept, the
        # journey stays unsubmitted, and the check page now shows why.
        tk.db.session.rollback()
        raise NeighbourBusy from None
    _receipt(case, ctx)
    if done.neighbour is not None:
        _ask_neighbour(case, done.neighbour, ctx)
    if "home_composting" in done.changes:
        _notify_environment_office(case, ctx)
    tk.db.session.commit()  # the case and every message, together or not at all
    log.info("waste subscription change %s received (receipt to %s)", reference,
             tk.mask_phone(case.phone) if case.phone else "e-mail" if case.email else "nobody")
    return case
