"""The resident's journey.

start → identify → subscription (what to change) → one page per change →
when → contact → check answers → confirmation.  Every page re-identifies the
subscription from the saved answers and re-checks the tariff, so nothing the
browser sends (a hidden field, a URL) can point the journey at another
customer's subscription.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select

from eservices import clock
from eservices.db import db
from eservices.forms import Journey
from eservices.i18n import current_language

from . import attempts, identify
from .forms import (
    ChangesForm,
    CompostingForm,
    FrequencyForm,
    PauseForm,
    ShareForm,
    SizeForm,
)
from .models import ChangeRequest
from .pricing import annual_fee
from .proposal import PAGES, Context, apply_page
from .settings import current_tariff

bp = Blueprint("waste_subscription", __name__, template_folder="templates")

JOURNEY = "waste_subscription"
PAGE_FORMS = {"size": SizeForm, "home_composting": CompostingForm, "frequency": FrequencyForm,
              "share": ShareForm, "pause": PauseForm}
SLUGS = {"size": "size", "home_composting": "home-composting", "frequency": "frequency",
         "share": "share", "pause": "pause"}
STEPS_BY_SLUG = {slug: step for step, slug in SLUGS.items()}


def context_for(journey: Journey) -> Context | None:
    """The identified subscription with today's tariff, or None if not identified."""
    form = journey.validated(identify.IdentifyForm, "identify")
    if form is None or form.subscription is None:
        return None
    return Context(current_tariff(), form.subscription, clock.today(), current_language())


def chosen_changes(journey: Journey, ctx: Context) -> list[str] | None:
    form = journey.validated(ChangesForm, "changes", ctx=ctx)
    return list(form.changes.data) if form else None


def asks_when(changes: list[str]) -> bool:
    """A pause alone takes effect on its first day; everything else needs a date."""
    return changes != ["pause"]


def sequence(changes: list[str]) -> list[str]:
    """The endpoints after 'what to change', in order, for these changes."""
    pages = [f".change:{step}" for step in PAGES if step in changes]
    return [*pages, *([".when"] if asks_when(changes) else []), ".contact", ".check"]


def endpoint_url(endpoint: str, **args) -> str:
    if endpoint.startswith(".change:"):
        return url_for(".change", slug=SLUGS[endpoint.split(":", 1)[1]], **args)
    return url_for(endpoint, **args)


def next_url(changes: list[str], current: str) -> str:
    if request.args.get("change") == "1":
        return url_for(".check")
    order = [".subscription", *sequence(changes)]
    return endpoint_url(order[order.index(current) + 1])


def back_url(changes: list[str], current: str) -> str:
    if request.args.get("change") == "1":
        return url_for(".check")
    order = [".subscription", *sequence(changes)]
    return endpoint_url(order[order.index(current) - 1])


def open_case(ctx: Context) -> ChangeRequest | None:
    return db.session.scalar(select(ChangeRequest).where(
        ChangeRequest.subscription_id == ctx.subscription.id,
        ChangeRequest.status.in_(("new", "in_progress"))).limit(1))


def unsubmitted() -> Journey:
    """The resident's journey; a submitted one goes (back) to its confirmation."""
    journey = Journey.current(JOURNEY)
    if journey.submitted:
        abort(redirect(url_for(".confirmation")))
    return journey


def identified() -> tuple[Journey, Context]:
    """The journey and its identified subscription, or off to identification."""
    journey = unsubmitted()
    ctx = context_for(journey)
    if ctx is None:
        abort(redirect(url_for(".identify_page")))
    return journey, ctx


def with_changes(journey: Journey, ctx: Context) -> list[str]:
    """The changes asked for, or back to choosing them."""
    changes = chosen_changes(journey, ctx)
    if changes is None:
        abort(redirect(url_for(".subscription")))
    return changes


@bp.route("/")
def start():
    return render_template("waste_subscription/start.html")


@bp.route("/begin")
def begin():
    Journey.fresh(JOURNEY)
    return redirect(url_for(".identify_page"))


@bp.route("/identify", methods=["GET", "POST"])
def identify_page():
    journey = unsubmitted()
    form = journey.form(identify.IdentifyForm, "identify")
    refused = (attempts.refusal(request.form.get("customer_number", ""))
               if request.method == "POST" else None)
    if refused:  # look nothing up: the answer itself is what a guesser wants
        form.validate_on_submit()
        form.customer_number.errors = [refused]
    elif form.validate_on_submit():
        previous = journey.validated(identify.IdentifyForm, "identify")
        if previous is None or previous.subscription is not form.subscription:
            journey.forget(*journey.state.answers)  # another subscription: start over
        journey.save("identify", form)
        db.session.commit()
        return redirect(url_for(".subscription"))
    elif getattr(form.customer_number, "error_kind", "") == "no_match":
        attempts.count_failure(form.customer_number.data)  # only a real lookup counts
    db.session.commit()
    return render_template("waste_subscription/identify.html", form=form,
                           back=url_for(".start")), 429 if refused else 200


@bp.route("/subscription", methods=["GET", "POST"])
def subscription():
    journey, ctx = identified()
    pending = open_case(ctx)
    form = journey.form(ChangesForm, "changes", ctx=ctx)
    if pending is None and form.validate_on_submit():
        journey.save("changes", form)
        db.session.commit()
        return redirect(next_url(list(form.changes.data), ".subscription"))
    db.session.commit()
    return render_template("waste_subscription/subscription.html", form=form, ctx=ctx,
                           pending=pending, annual=annual_fee(ctx.tariff, ctx.current),
                           back=url_for(".identify_page"))


@bp.route("/change/<slug>", methods=["GET", "POST"])
def change(slug: str):
    step = STEPS_BY_SLUG.get(slug) or abort(404)
    journey, ctx = identified()
    changes = with_changes(journey, ctx)
    if step not in changes:
        return redirect(url_for(".subscription"))
    plan = ctx.current
    for earlier in PAGES[:PAGES.index(step)]:  # the plan as the earlier pages left it
        if earlier in changes:
            saved = journey.validated(PAGE_FORMS[earlier], earlier, ctx=ctx)
            if saved is None:
                return redirect(url_for(".change", slug=SLUGS[earlier]))
            plan = apply_page(ctx, plan, earlier, saved).plan
    form = journey.form(PAGE_FORMS[step], step, ctx=ctx)
    refused = (attempts.refusal(request.form.get("neighbour_customer_number", ""))
               if step == "share" and request.method == "POST" else None)
    if refused:  # the share page finds other customers: the same budget as identification
        form.validate_on_submit()
        form.neighbour_customer_number.errors = [refused]
    elif form.validate_on_submit():
        result = apply_page(ctx, plan, step, form)
        for name, messages in result.errors.items():
            getattr(form, name).errors = [str(m) for m in messages]
        if not result.errors:
            journey.save(step, form)
            db.session.commit()
            return redirect(next_url(changes, f".change:{step}"))
        if step == "share":
            attempts.count_failure(form.neighbour_customer_number.data)
    db.session.commit()
    return render_template(f"waste_subscription/change_{step}.html", form=form, ctx=ctx,
                           plan=plan, back=back_url(changes, f".change:{step}")
                           ), 429 if refused else 200


from . import journey_end, neighbour  # noqa: E402,F401  (more routes on this blueprint)
