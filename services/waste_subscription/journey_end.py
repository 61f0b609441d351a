"""The end of the journey: when, contact details, check answers, confirmation.

``assemble`` re-reads and re-checks every saved answer against today's tariff
and register; the check page shows the result and submits exactly what it
showed.  Submitting claims the journey atomically, so a double click, the back
button or a retry creates one case.
"""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from eservices import toolkit as tk

from .forms import CHANGE_LABELS
from .journey import (
    FLOW,
    asks_when,
    chosen_changes,
    identified,
    open_case,
    with_changes,
)
from .models import ChangeRequest
from .pricing import quote
from .proposal import PAGES, Context, apply_page, cancel_pause
from .rules import plan_violations
from .settings import share_link_days
from .submission import Assembled, NeighbourBusy, submit


def first_missing(journey: tk.Journey, answers: tk.Answers) -> str | None:
    """The first page on the path without a valid answer, as the engine finds it.

    A date that was valid when saved but that time has overtaken is not
    missing: the check page says to choose a new one, next to the other problems.
    """
    stale_date = journey.has("when")
    step = next((s for s in FLOW.path(journey, answers) if answers.form(s.name) is None
                 and not (s.name == "when" and stale_date)), None)
    return FLOW.url(step) if step else None


def assemble(journey: tk.Journey, ctx: Context, answers: tk.Answers) -> Assembled | None:
    changes = chosen_changes(journey, ctx)
    if changes is None:
        return None
    done = Assembled(changes, ctx.current, ctx.current)
    done.missing = first_missing(journey, answers)
    if done.missing:
        return done
    plan = ctx.current
    for step in (s for s in PAGES if s in changes):
        result = apply_page(ctx, plan, step, answers.form(step))
        fix = FLOW.change_url(FLOW.step(step))
        done.problems += [(str(m), fix) for ms in result.errors.values() for m in ms]
        done.details[step], plan = result.details, result.plan
        done.neighbour = result.neighbour or done.neighbour
    if asks_when(changes):
        when = answers.form("when")
        if when is None:  # saved, but no longer possible: time has passed since
            done.problems.append((_("Choose a new date: the one you chose is no longer "
                                    "possible"), FLOW.change_url(FLOW.step("when"))))
            return done
        done.effective_date = when.effective_date.data
    else:
        done.effective_date = plan.pause.start if plan.pause else ctx.earliest
    if "cancel_pause" in changes:
        plan = cancel_pause(plan, done.effective_date)
        done.details["cancel_pause"] = True
    done.proposed = plan
    fix_changes = FLOW.change_url(FLOW.step("changes"))
    done.problems += [(str(v.message), fix_changes)
                      for v in plan_violations(ctx.tariff, plan, ctx.language)
                      if (str(v.message), fix_changes) not in done.problems]
    contact = answers.form("contact")
    done.email, done.phone = contact.email.data or "", contact.phone.data or ""
    done.quote = quote(ctx.tariff, ctx.current, plan, done.effective_date)
    return done


def _rows(journey: tk.Journey, answers: tk.Answers, done: Assembled) -> list[tk.SummaryRow]:
    """The engine's rows, after one for the changes chosen (as a list, not field by field)."""
    what = tk.SummaryRow(_("What you want to change"),
                         ", ".join(str(CHANGE_LABELS[c]) for c in done.changes),
                         FLOW.change_url(FLOW.step("changes")), _("what you want to change"))
    return [what, *FLOW.rows(journey, answers)]


def when():
    journey, ctx = identified()
    return FLOW.page("when", ctx=ctx, changes=with_changes(journey, ctx))


def contact():
    journey, ctx = identified()
    return FLOW.page("contact", ctx=ctx, changes=with_changes(journey, ctx))


def check():
    journey, ctx = identified()
    if open_case(ctx) is not None:
        return redirect(FLOW.url(FLOW.step("changes")))
    answers = FLOW.answers(journey)
    done = assemble(journey, ctx, answers)
    if done is None:
        return redirect(FLOW.url(FLOW.step("changes")))
    if done.missing:
        return redirect(done.missing)
    form = tk.SubmitForm()
    if form.validate_on_submit() and not done.problems:
        try:
            submit(journey, ctx, done)
        except NeighbourBusy:
            return redirect(url_for(FLOW.check_endpoint), code=303)  # the neighbour's problem
        return redirect(url_for(FLOW.confirmation_endpoint), code=303)
    rows = _rows(journey, answers, done)
    back = FLOW.path(journey, answers)[-1]
    tk.db.session.commit()
    return render_template("waste_subscription/check.html", form=form, ctx=ctx, done=done,
                           rows=rows, back=FLOW.url(back))


def confirmation():
    journey = FLOW.finished()
    if journey is None:
        return redirect(url_for(FLOW.start_endpoint))
    case = tk.db.session.scalar(select(ChangeRequest).where(
        ChangeRequest.journey_id == journey.state.id))
    return render_template("waste_subscription/confirmation.html", case=case,
                           reference=journey.reference, share_days=share_link_days())
