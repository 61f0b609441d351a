"""From the resident's answers to a proposed plan, and what is wrong with it.

One place decides what each change does to the subscription and which tariff
rules it breaks, for the question pages (one change at a time, in page order)
and for the check-answers page (all of them, re-checked before submitting).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from eservices import toolkit as tk

from .household import Household, plan_on
from .identify import find_subscription
from .models import OPEN_STATUSES, ChangeRequest
from .plan import Bin, Pause, Plan
from .rules import combination_violations, pause_violations, plan_violations
from .tariff import CHANGE_TYPES, Tariff
from .workdays import earliest_effective_date

# The change pages in the order they are asked; "cancel_pause" needs no page.
PAGES = ("size", "home_composting", "frequency", "share", "pause")
# Where on each page an error about the proposed plan is shown.
MAIN_FIELD = {"size": "size", "home_composting": "compost_type", "frequency": "frequency",
              "share": "neighbour_customer_number", "pause": "start"}
LATEST_DAYS_AHEAD = 365


@dataclass
class Context:
    """Who is asking, under which tariff, on which day."""

    tariff: Tariff
    subscription: Household
    today: date
    language: str

    @cached_property
    def today_plan(self) -> Plan:
        """The plan in force today: "your subscription today"."""
        return self.subscription.plan()

    @property
    def base_date(self) -> date:
        """The day the plan a new request changes is in force: today, or the day the last
        change already scheduled takes effect (a request before it would be overtaken)."""
        return max([self.today, *(c.effective_date for c in self.subscription.coming)])

    @cached_property
    def current(self) -> Plan:
        """The plan a new request starts from and is priced against: in force on
        ``base_date``, so a coming change is never priced as if it had not been made."""
        if self.base_date == self.today:
            return self.today_plan
        return plan_on(self.subscription.id, self.base_date) or self.today_plan

    @cached_property
    def coming(self) -> list[tuple[date, Plan]]:
        """Each change already scheduled, with the plan in force from its date."""
        found = [(c.effective_date, plan_on(self.subscription.id, c.effective_date))
                 for c in self.subscription.coming]
        return [(day, plan) for day, plan in found if plan is not None]

    @cached_property
    def earliest(self) -> date:
        return max(earliest_effective_date(self.tariff, self.today), self.base_date)

    @property
    def latest(self) -> date:
        return self.today + timedelta(days=LATEST_DAYS_AHEAD)

    def resizable_container(self) -> str | None:
        """The first of the household's bins that the tariff offers in several sizes."""
        return next((b.container for b in self.current.bins
                     if len(self.tariff.sizes(b.container)) > 1), None)

    def active_pause(self) -> Pause | None:
        pause = self.current.pause
        return pause if pause and pause.end >= self.today else None

    def available_changes(self) -> list[str]:
        """The changes this household can ask for at all (before any combination rule)."""
        plan, shared = self.current, self.current.shared_with is not None
        removes = set(self.tariff.home_composting.removes)
        offered = {
            "size": not shared and self.resizable_container() is not None,
            "frequency": not shared and len(self.tariff.frequencies) > 1,
            "home_composting": not plan.home_composting
            and any(b.container in removes for b in plan.bins),
            "share": not shared,
            "pause": (plan.holiday_home or not self.tariff.pause.holiday_homes_only)
            and self.active_pause() is None,
            "cancel_pause": self.active_pause() is not None,
        }
        return [change for change in CHANGE_TYPES if offered[change]]

    def combination_errors(self, changes: set[str]) -> list[LazyString]:
        known = changes & set(CHANGE_TYPES)
        return [v.message for v in combination_violations(self.tariff, known)]


@dataclass
class StepResult:
    plan: Plan
    errors: dict[str, list[Any]] = field(default_factory=dict)  # form field -> messages
    details: Any = None  # what the case records for this change
    neighbour: Household | None = None


def awaits_neighbour_answer(neighbour: Household) -> bool:
    """Is an open request already waiting for this neighbour's answer?

    One at a time: the neighbour would otherwise get two links to confirm and
    could end up sharing one bin with two households.  The database enforces
    the same with a partial unique index, for two requests submitted at once.
    """
    return tk.db.session.scalar(select(ChangeRequest.id).where(
        ChangeRequest.neighbour_customer_number == neighbour.id,
        ChangeRequest.neighbour_status == "pending",
        ChangeRequest.status.in_(OPEN_STATUSES)).limit(1)) is not None


def _neighbour(ctx: Context, plan: Plan, number: str, address: str) -> StepResult:
    neighbour = find_subscription(number, address)
    key = "neighbour_customer_number"
    if neighbour is not None and neighbour.id == ctx.subscription.id:
        return StepResult(plan, {key: [_l("You cannot share a bin with yourself. Enter your "
                                           "neighbour's customer number")]})
    if neighbour is None:
        return StepResult(plan, {key: [_l("We could not find a subscription with that "
                                           "customer number at that address. Check both "
                                           "with your neighbour")]})
    other = neighbour.plan()
    problems: list[Any] = []
    if other.shared_with is not None:
        problems.append(_l("Your neighbour already shares a bin with another household"))
    elif awaits_neighbour_answer(neighbour):
        problems.append(_l("Your neighbour already has a request to share a bin that waits "
                           "for their answer. When they have answered it, you can ask again"))
    elif not (neighbour.customer.phone or neighbour.customer.email):
        problems.append(_l("We cannot ask your neighbour to confirm, because we have no "
                           "mobile number or e-mail address for them. Ask your neighbour "
                           "to contact customer service first"))
    elif other.frequency != plan.frequency:
        frequency = ctx.tariff.frequencies[other.frequency].label(ctx.language)
        problems.append(_l("Your neighbour's bins are emptied: %(frequency)s. To share a "
                           "bin you must both have the same frequency. Choose the same "
                           "frequency, or ask your neighbour to change theirs first",
                           frequency=frequency.lower()))
    if problems:
        return StepResult(plan, {key: problems})
    shared = plan.with_changes(bins=other.bins, shared_with=neighbour.customer.customer_number)
    return StepResult(shared, details={"neighbour_customer_number":
                                       neighbour.customer.customer_number},
                      neighbour=neighbour)


def apply_page(ctx: Context, plan: Plan, step: str, form: Any) -> StepResult:
    """What the answers of one change page do to ``plan``, with any errors by field."""
    if step == "size":
        litres = int(form.size.data)
        new = plan.with_changes(bins=tuple(Bin(b.container, litres)
                                           if b.container == form.container else b
                                           for b in plan.bins))
        result = StepResult(new, details={form.container: litres})
    elif step == "home_composting":
        removes = set(ctx.tariff.home_composting.removes)
        new = plan.with_changes(home_composting=True, bins=tuple(
            b for b in plan.bins if b.container not in removes))
        result = StepResult(new, details={"compost_type": form.compost_type.data})
    elif step == "frequency":
        result = StepResult(plan.with_changes(frequency=form.frequency.data),
                            details=form.frequency.data)
    elif step == "share":
        result = _neighbour(ctx, plan, form.neighbour_customer_number.data,
                            form.neighbour_address.data)
        if result.errors:
            return result
    elif step == "pause":
        pause = Pause(form.start.data, form.end.data)
        result = StepResult(plan.with_changes(pause=pause),
                            details={"start": pause.start.isoformat(),
                                     "end": pause.end.isoformat()})
        if pause.start < ctx.earliest:
            result.errors["start"] = [_l("The pause can start on %(date)s at the earliest",
                                         date=_day(ctx.earliest))]
        for violation in pause_violations(ctx.tariff, pause, ctx.today, ctx.language):
            result.errors.setdefault("end" if violation.field == "end" else "start",
                                     []).append(violation.message)
    else:
        raise ValueError(f"no page for change {step!r}")
    before = {(v.code, str(v.message)) for v in plan_violations(ctx.tariff, plan, ctx.language)}
    for violation in plan_violations(ctx.tariff, result.plan, ctx.language):
        if (violation.code, str(violation.message)) not in before:
            target = violation.field if hasattr(form, violation.field) else MAIN_FIELD[step]
            result.errors.setdefault(target, []).append(violation.message)
    return result


def cancel_pause(plan: Plan, effective: date) -> Plan:
    """Collection starts again on ``effective``: the pause ends the day before, or goes."""
    if plan.pause is None or effective <= plan.pause.start:
        return plan.with_changes(pause=None)
    return plan.with_changes(pause=Pause(plan.pause.start, effective - timedelta(days=1)))


def _day(day: date) -> str:
    from flask_babel import format_date  # needs a request's locale; imported where used

    return format_date(day, "d MMMM y")
