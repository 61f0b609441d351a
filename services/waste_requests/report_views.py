"""The resident's "Anmäl utebliven tömning" journey: address, bins, contact, check, receipt.

start → address → choose the address → which bins → contact → check → confirmation.
The contact page is where the rules speak: a bin that may not be reported
(the crew's skip reason, too early, too late, already reported) is explained
there instead of a form, and only the bins that may be reported go on to the
check page.  Filing judges again, so a page left open past the deadline files
nothing it should not.
"""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from eservices import toolkit as tk

from . import filing
from .forms import AddressPage, ContactPage, ContainersPage, PropertyPage
from .lookup import container_states, needs_search, offered_places, place
from .models import Report
from .prices import prices
from .texts import fraction_text

LOOKUPS_PER_HOUR = 120
LONG_DATE = "d MMMM y"  # as every page writes a date: "30 november 2026"


def _places(journey: tk.Journey) -> dict[str, Any]:
    return {"places": offered_places(FLOW.answers(journey).value("address"))}


def _chosen_designation(journey: tk.Journey) -> str | None:
    return FLOW.answers(journey).value("property")


def container_label(state) -> str:
    container, evidence = state.container, state.verdict.evidence
    label = f"{fraction_text(container.fraction)}, {container.litres} l"
    if evidence.collection_date:
        label = _("%(bin)s – last collection %(date)s", bin=label,
                  date=format_date(evidence.collection_date, LONG_DATE))
    return label


def _containers(journey: tk.Journey) -> dict[str, Any]:
    return {"choices": [(s.container.container_id, container_label(s))
                        for s in container_states(_chosen_designation(journey))]}


FLOW = tk.Flow("waste_requests_report", [
    tk.Step("address", AddressPage, "waste_requests/address.html", condition=needs_search),
    tk.Step("property", PropertyPage, "waste_requests/property.html", form_kwargs=_places),
    tk.Step("containers", ContainersPage, "waste_requests/containers.html",
            form_kwargs=_containers),
    tk.Step("contact", ContactPage, "waste_requests/contact.html"),
])


def chosen_states(journey: tk.Journey) -> list:
    answers = FLOW.answers(journey)
    chosen = set(answers.value("containers") or ())
    return [s for s in container_states(answers.value("property"))
            if s.container.container_id in chosen]


def extra_price(state) -> str:
    price = prices().extra_emptying_price(state.container.litres)
    return tk.format_sek(price) if price is not None else ""


def start():
    return render_template("waste_requests/start.html")


def begin():
    return FLOW.begin()


@tk.guard(LOOKUPS_PER_HOUR, 3600)
def question(step: str):
    name = FLOW.by_slug(step).name
    if name == "contact":
        journey = FLOW.current()
        answers = FLOW.answers(journey)
        if answers.form("containers") is not None:
            chosen = chosen_states(journey)
            if chosen and not any(s.verdict.reportable for s in chosen):
                tk.db.session.commit()
                return render_template("waste_requests/refused.html", states=chosen,
                                       back=FLOW.back_url(journey, FLOW.step("contact")),
                                       extra_price=extra_price)
            return FLOW.page(name, refused=[s for s in chosen if not s.verdict.reportable],
                             extra_price=extra_price)
    return FLOW.page(name)


def _submit(journey: tk.Journey, answers: tk.Answers) -> None:
    """Claimed: one report per bin that may still be reported, each with its receipt."""
    contact = answers.form("contact")
    found = place(answers.value("property"))
    assert contact is not None and found is not None and journey.reference
    who = filing.Contact(contact.phone.data or "", contact.email.data or "",
                         tk.current_language())
    reportable = [s for s in chosen_states(journey) if s.verdict.reportable]
    for number, state in enumerate(reportable, start=1):
        reference = journey.reference if number == 1 else f"{journey.reference}-{number}"
        try:
            filing.file_report(found, state, who, reference)
        except (filing.AlreadyReported, filing.NotReportable):
            continue  # another report came first: nothing to add for this bin


def check():
    journey = FLOW.current()
    if FLOW.first_unanswered(journey) is None and not any(
            s.verdict.reportable for s in chosen_states(journey)):
        return redirect(FLOW.url(FLOW.step("contact")))
    return FLOW.check("waste_requests/check.html", _submit, reference_prefix="MC",
                      reportable=[s for s in chosen_states(journey) if s.verdict.reportable])


def confirmation():
    journey = FLOW.finished()
    if journey is None:
        return redirect(url_for(".start"))
    reports = list(tk.db.session.scalars(
        select(Report).where(Report.reference.like(f"{journey.reference}%"))
        .order_by(Report.id)))
    return render_template("waste_requests/confirmation.html", reference=journey.reference,
                           reports=reports)
