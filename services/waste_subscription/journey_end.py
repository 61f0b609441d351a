"""The end of the journey: when, contact details, check answers, confirmation.

``assemble`` re-reads and re-checks every saved answer against today's tariff
and register; the check page shows the result and submits exactly what it
showed.  Submitting claims the journey atomically, so a double click, the back
button or a retry creates one case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from eservices.db import db
from eservices.forms import Journey, QuestionForm
from eservices.forms.journey import SummaryRow

from .forms import CHANGE_LABELS, ContactForm, WhenForm
from .models import ChangeRequest, Subscription
from .plan import Plan
from .pricing import PriceQuote, quote
from .proposal import PAGES, Context, apply_page, cancel_pause
from .rules import plan_violations
from .settings import share_link_days
from .submission import NeighbourBusy, submit
from .views import (
    JOURNEY,
    PAGE_FORMS,
    SLUGS,
    asks_when,
    back_url,
    bp,
    chosen_changes,
    identified,
    next_url,
    open_case,
    with_changes,
)


class SubmitForm(QuestionForm):
    """Only the CSRF token of the check-answers page."""


@dataclass
class Assembled:
    """Everything the check page shows and a case records."""

    changes: list[str]
    current: Plan
    proposed: Plan
    details: dict[str, Any] = field(default_factory=dict)
    neighbour: Subscription | None = None
    effective_date: date | None = None
    quote: PriceQuote | None = None
    email: str = ""
    phone: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)  # (message, where to fix)
    missing: str | None = None  # the first page not yet answered


def assemble(journey: Journey, ctx: Context) -> Assembled | None:
    changes = chosen_changes(journey, ctx)
    if changes is None:
        return None
    done = Assembled(changes, ctx.current, ctx.current)
    plan = ctx.current
    for step in (s for s in PAGES if s in changes):
        form = journey.validated(PAGE_FORMS[step], step, ctx=ctx)
        if form is None:
            done.missing = url_for(".change", slug=SLUGS[step])
            return done
        result = apply_page(ctx, plan, step, form)
        fix = url_for(".change", slug=SLUGS[step], change=1)
        done.problems += [(str(m), fix) for ms in result.errors.values() for m in ms]
        done.details[step], plan = result.details, result.plan
        done.neighbour = result.neighbour or done.neighbour
    if asks_when(changes):
        when = journey.validated(WhenForm, "when", ctx=ctx)
        if when is None and not journey.has("when"):
            done.missing = url_for(".when")
            return done
        if when is None:  # saved, but no longer possible: time has passed since
            done.problems.append((_("Choose a new date: the one you chose is no longer "
                                    "possible"), url_for(".when", change=1)))
            return done
        done.effective_date = when.effective_date.data
    else:
        done.effective_date = plan.pause.start if plan.pause else ctx.earliest
    if "cancel_pause" in changes:
        plan = cancel_pause(plan, done.effective_date)
        done.details["cancel_pause"] = True
    done.proposed = plan
    fix_changes = url_for(".subscription", change=1)
    done.problems += [(str(v.message), fix_changes)
                      for v in plan_violations(ctx.tariff, plan, ctx.language)
                      if (str(v.message), fix_changes) not in done.problems]
    contact = journey.validated(ContactForm, "contact")
    if contact is None:
        done.missing = url_for(".contact")
        return done
    done.email, done.phone = contact.email.data or "", contact.phone.data or ""
    done.quote = quote(ctx.tariff, ctx.current, plan, done.effective_date)
    return done


def _rows(journey: Journey, ctx: Context, done: Assembled) -> list[SummaryRow]:
    steps = [(s, PAGE_FORMS[s], "") for s in PAGES if s in done.changes]
    change_urls = {s: url_for(".change", slug=SLUGS[s], change=1) for s in PAGES}
    kwargs = {s: {"ctx": ctx} for s in PAGES}
    what = SummaryRow(_("What you want to change"),
                      ", ".join(str(CHANGE_LABELS[c]) for c in done.changes),
                      url_for(".subscription", change=1), _("what you want to change"))
    rows = [what, *journey.summary(steps, change_url=change_urls, form_kwargs=kwargs)]
    if asks_when(done.changes):
        rows += journey.summary([("when", WhenForm, "")], {"when": url_for(".when", change=1)},
                                {"when": {"ctx": ctx}})
    rows += journey.summary([("contact", ContactForm, "")],
                            {"contact": url_for(".contact", change=1)})
    return rows


def _page(step: str, form_class: type[QuestionForm], template: str, **form_kwargs: Any):
    journey, ctx = identified()
    changes = with_changes(journey, ctx)
    endpoint = f".{step}"
    form = journey.form(form_class, step, **({"ctx": ctx} if form_class is WhenForm else {}))
    if form.validate_on_submit():
        journey.save(step, form)
        db.session.commit()
        return redirect(next_url(changes, endpoint))
    db.session.commit()
    return render_template(template, form=form, ctx=ctx, changes=changes,
                           back=back_url(changes, endpoint))


@bp.route("/when", methods=["GET", "POST"])
def when():
    return _page("when", WhenForm, "waste_subscription/when.html")


@bp.route("/contact", methods=["GET", "POST"])
def contact():
    return _page("contact", ContactForm, "waste_subscription/contact.html")


@bp.route("/check", methods=["GET", "POST"])
def check():
    journey, ctx = identified()
    if open_case(ctx) is not None:
        return redirect(url_for(".subscription"))
    done = assemble(journey, ctx)
    if done is None:
        return redirect(url_for(".subscription"))
    if done.missing:
        return redirect(done.missing)
    form = SubmitForm()
    if form.validate_on_submit() and not done.problems:
        try:
            submit(journey, ctx, done)
        except NeighbourBusy:
            return redirect(url_for(".check"), code=303)  # shows the neighbour's problem
        return redirect(url_for(".confirmation"), code=303)
    rows = _rows(journey, ctx, done)
    db.session.commit()
    return render_template("waste_subscription/check.html", form=form, ctx=ctx, done=done,
                           rows=rows, back=back_url(done.changes, ".check"))


@bp.route("/confirmation")
def confirmation():
    journey = Journey.finished(JOURNEY)
    if journey is None:
        return redirect(url_for(".start"))
    case = db.session.scalar(select(ChangeRequest).where(
        ChangeRequest.journey_id == journey.state.id))
    return render_template("waste_subscription/confirmation.html", case=case,
                           reference=journey.reference, share_days=share_link_days())
