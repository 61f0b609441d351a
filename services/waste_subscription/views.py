"""The journey's first pages: start, identify, what to change, and each change page.

These pages do more on a submit than save the answer - identification and
the share page spend the lookup budgets of ``attempts``, a change page checks
its answer against the plan the earlier pages left - so they keep their own
handlers, and take every navigation decision (where next, where back, which
page is missing) from ``journey.FLOW``.  Routes are registered in ``blueprint``.
"""

from __future__ import annotations

from flask import redirect, render_template, request

from eservices import toolkit as tk

from . import attempts, identify
from .forms import ChangesForm
from .journey import FLOW, PAGE_FORMS, identified, open_case, with_changes
from .pricing import annual_fee
from .proposal import PAGES, apply_page


def start():
    return render_template("waste_subscription/start.html")


def begin():
    return FLOW.begin()  # always identification first, even when resuming


def identify_page():
    journey = FLOW.current()
    step = FLOW.step("identify")
    form = journey.form(identify.IdentifyForm, "identify")
    refused = (attempts.refusal(request.form.get("customer_number", ""))
               if request.method == "POST" else None)
    if refused:  # look nothing up: the answer itself is what a guesser wants
        form.validate_on_submit()
        form.customer_number.errors = [refused]
    elif form.validate_on_submit():
        previous = journey.validated(identify.IdentifyForm, "identify")
        if previous is None or previous.subscription.id != form.subscription.id:
            journey.forget(*journey.state.answers)  # another subscription: start over
        journey.save("identify", form)
        tk.db.session.commit()
        return redirect(FLOW.next_url(journey, step))
    elif getattr(form.customer_number, "error_kind", "") == "no_match":
        attempts.count_failure(form.customer_number.data)  # only a real lookup counts
    tk.db.session.commit()
    return render_template(step.template, form=form, resident=tk.signed_in_resident(),
                           back=FLOW.back_url(journey, step)), 429 if refused else 200


def subscription():
    journey, ctx = identified()
    step = FLOW.step("changes")
    pending = open_case(ctx)
    form = journey.form(ChangesForm, "changes", ctx=ctx)
    if pending is None and form.validate_on_submit():
        journey.save("changes", form)
        FLOW.discard_off_path(journey)
        tk.db.session.commit()
        return redirect(FLOW.next_url(journey, step))
    tk.db.session.commit()
    return render_template(step.template, form=form, ctx=ctx,
                           pending=pending, annual=annual_fee(ctx.tariff, ctx.today_plan),
                           coming=ctx.coming,
                           back=FLOW.back_url(journey, step))


def change(step: str):
    page = FLOW.by_slug(step)  # the rule only lets the change pages' slugs through
    journey, ctx = identified()
    changes = with_changes(journey, ctx)
    if page.name not in changes:
        return redirect(FLOW.url(FLOW.step("changes")))
    plan = ctx.current
    for earlier in PAGES[:PAGES.index(page.name)]:  # the plan as the earlier pages left it
        if earlier in changes:
            saved = journey.validated(PAGE_FORMS[earlier], earlier, ctx=ctx)
            if saved is None:
                return redirect(FLOW.url(FLOW.step(earlier)))
            plan = apply_page(ctx, plan, earlier, saved).plan
    form = journey.form(page.form, page.name, ctx=ctx)
    refused = (attempts.refusal(request.form.get("neighbour_customer_number", ""))
               if page.name == "share" and request.method == "POST" else None)
    if refused:  # the share page finds other customers: the same budget as identification
        form.validate_on_submit()
        form.neighbour_customer_number.errors = [refused]
    elif form.validate_on_submit():
        result = apply_page(ctx, plan, page.name, form)
        for name, messages in result.errors.items():
            getattr(form, name).errors = [str(m) for m in messages]
        if not result.errors:
            journey.save(page.name, form)
            tk.db.session.commit()
            return redirect(FLOW.next_url(journey, page))
        if page.name == "share":
            attempts.count_failure(form.neighbour_customer_number.data)
    tk.db.session.commit()
    return render_template(page.template, form=form, ctx=ctx, plan=plan,
                           back=FLOW.back_url(journey, page)), 429 if refused else 200
