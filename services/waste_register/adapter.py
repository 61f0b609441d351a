"""The demo municipality's register as a ``tk.WasteRegister``: its own tables, one data set.

``WASTE_REGISTER=services.waste_register.adapter:DemoRegister`` (the default) makes the
platform use it. Writes join the caller's transaction, so a case's approval and the
change it schedules commit or roll back together.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import func, or_, select

from eservices import toolkit as tk

from . import pick_ups, plans
from .models import (
    Container,
    Customer,
    HolidayShift,
    Outcome,
    Property,
    ScheduledChange,
    Subscription,
)

reg = tk.register
db = tk.db


def _property(p: Property) -> reg.Property:
    return reg.Property(p.designation, p.street_address, p.postal_code, p.city, p.latitude,
                        p.longitude, p.holiday_home, p.external_id)


def _customer(c: Customer) -> reg.Customer:
    return reg.Customer(c.customer_number, c.name, c.identity_number, c.phone, c.email,
                        c.language)


class DemoRegister:
    """Reads and writes ``waste_register_*``; every method is the protocol's."""

    # -- addresses, properties, customers -------------------------------------------
    def search_properties(self, text: str, limit: int = 20) -> list[reg.Property]:
        pattern = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        if not pattern:
            return []
        rows = db.session.scalars(
            select(Property).where(or_(
                func.lower(Property.street_address).like(f"{pattern.lower()}%", escape="\\"),
                func.lower(Property.designation).like(f"{pattern.lower()}%", escape="\\")))
            .order_by(Property.street_address).limit(limit))
        return [_property(p) for p in rows]

    def property(self, designation: str) -> reg.Property | None:
        row = db.session.scalar(select(Property).where(Property.designation == designation))
        return _property(row) if row else None

    def property_at(self, street_address: str, postal_code: str = "") -> reg.Property | None:
        # Exactly as written first: SQLite's lower() leaves "Å", "Ä" and "Ö" as they are.
        wanted = street_address.strip()
        query = select(Property).where(or_(Property.street_address == wanted,
                                           func.lower(Property.street_address)
                                           == wanted.lower()))
        if postal_code:
            query = query.where(Property.postal_code == postal_code.replace(" ", ""))
        row = db.session.scalars(query.order_by(Property.id)).first()
        return _property(row) if row else None

    def customer(self, customer_number: str) -> reg.Customer | None:
        row = db.session.scalar(select(Customer).where(
            Customer.customer_number == customer_number.strip()))
        return _customer(row) if row else None

    def customers_by_identity(self, identity_number: str) -> list[reg.Customer]:
        digits = "".join(ch for ch in identity_number if ch.isdigit())
        if len(digits) != 12:
            return []
        rows = db.session.scalars(select(Customer).where(Customer.identity_number == digits)
                                  .order_by(Customer.customer_number))
        return [_customer(c) for c in rows]

    def customer_numbers(self) -> list[str]:
        return list(db.session.scalars(select(Customer.customer_number)
                                       .order_by(Customer.customer_number)))

    def lock_customer(self, customer_number: str) -> None:
        # OF: the customer and property are outer-joined; only this row is locked
        # (PostgreSQL; SQLite has one writer at a time anyway).
        db.session.execute(select(Subscription.id).join(Subscription.customer)
                           .where(Customer.customer_number == customer_number.strip())
                           .with_for_update(of=Subscription))

    # -- subscriptions and containers, as in force on a day ---------------------------
    def _row(self, customer_number: str) -> Subscription | None:
        return db.session.scalar(select(Subscription).join(Subscription.customer)
                                 .where(Customer.customer_number == customer_number.strip()))

    def _changes(self, numbers: list[str]) -> dict[str, list[ScheduledChange]]:
        found: dict[str, list[ScheduledChange]] = {n: [] for n in numbers}
        for row in db.session.scalars(select(ScheduledChange).where(
                ScheduledChange.customer_number.in_(numbers),
                ScheduledChange.status == "scheduled")):
            found[row.customer_number].append(row)
        return found

    def subscription(self, customer_number: str, on: date) -> reg.Subscription | None:
        row = self._row(customer_number)
        if row is None:
            return None
        number = row.customer.customer_number
        return plans.in_force(row, self._changes([number])[number], on)

    def subscriptions_at(self, designation: str, on: date) -> list[reg.Subscription]:
        rows = db.session.scalars(select(Subscription).join(Subscription.property)
                                  .where(Property.designation == designation)
                                  .order_by(Subscription.id)).all()
        changes = self._changes([r.customer.customer_number for r in rows])
        return [plans.in_force(r, changes[r.customer.customer_number], on) for r in rows]

    def collections(self, designation: str, start: date, end: date) -> list[reg.Collection]:
        rows = db.session.scalars(select(Subscription).join(Subscription.property)
                                  .where(Property.designation == designation)).all()
        if not rows or end < start:
            return []
        changes = self._changes([r.customer.customer_number for r in rows])
        shifts = {s.original_date: s.new_date
                  for s in self.holiday_shifts(start - reg.MAX_SHIFT, end + reg.MAX_SHIFT)}
        # The plan in force changes only on a change's date: one span per plan.
        found: list[reg.Collection] = []
        for row in rows:
            mine = changes[row.customer.customer_number]
            edges = sorted({start, *(c.effective_date for c in mine
                                     if start < c.effective_date <= end)})
            for first, following in zip(edges, [*edges[1:], end + timedelta(days=1)],
                                        strict=True):
                plan = plans.in_force(row, mine, first)
                found += [c for c in reg.collections_of(plan.containers, start, end, shifts)
                          if first <= (c.planned_date or c.date) < following]
        return sorted(found, key=lambda c: (c.date, c.route_code))  # stable: bins in order

    # -- dated changes ---------------------------------------------------------------
    def schedule_change(self, customer_number: str,
                        change: reg.SubscriptionChange | reg.ContainerChange,
                        effective_date: date, reference: str = "") -> reg.ScheduledChange:
        if self._row(customer_number) is None:
            raise tk.RegisterError(f"no customer {customer_number!r} in the register")
        if reference:
            existing = db.session.scalar(select(ScheduledChange).where(
                ScheduledChange.reference == reference))
            if existing is not None:
                return plans.scheduled(existing)
        kind, payload = plans.to_payload(change)
        row = ScheduledChange(change_id=str(uuid.uuid4()), customer_number=customer_number,
                              effective_date=effective_date, kind=kind, payload=payload,
                              reference=reference or None, status="scheduled")
        db.session.add(row)
        db.session.flush()
        return plans.scheduled(row)

    def cancel_change(self, change_id: str) -> reg.ScheduledChange:
        row = db.session.scalar(select(ScheduledChange).where(
            ScheduledChange.change_id == change_id).with_for_update())
        if row is None:
            raise tk.RegisterError(f"no scheduled change {change_id!r}")
        if row.status == "scheduled" and row.effective_date <= tk.clock.today():
            raise tk.RegisterError("the change is already in force")
        if row.status == "scheduled":
            row.status, row.cancelled_at = "cancelled", tk.clock.now()
            db.session.flush()
        return plans.scheduled(row)

    def scheduled_changes(self, customer_number: str,
                          after: date | None = None) -> list[reg.ScheduledChange]:
        query = select(ScheduledChange).where(ScheduledChange.customer_number == customer_number,
                                              ScheduledChange.status == "scheduled")
        if after is not None:
            query = query.where(ScheduledChange.effective_date > after)
        rows = db.session.scalars(query.order_by(ScheduledChange.effective_date,
                                                 ScheduledChange.id))
        return [plans.scheduled(r) for r in rows]

    # -- holiday shifts --------------------------------------------------------------
    def holiday_shifts(self, start: date, end: date,
                       include_proposed: bool = False) -> list[reg.HolidayShift]:
        query = select(HolidayShift).where(HolidayShift.original_date >= start,
                                           HolidayShift.original_date <= end)
        if not include_proposed:
            query = query.where(HolidayShift.status == "confirmed")
        return [reg.HolidayShift(s.original_date, s.new_date, s.note, s.status)
                for s in db.session.scalars(query.order_by(HolidayShift.original_date))]

    def save_holiday_shift(self, shift: reg.HolidayShift) -> reg.HolidayShift:
        if abs(shift.new_date - shift.original_date) > reg.MAX_SHIFT:
            raise tk.RegisterError("a holiday shift may move a collection at most 31 days")
        if shift.status not in ("proposed", "confirmed"):
            raise tk.RegisterError(f"unknown holiday shift status {shift.status!r}")
        row = db.session.scalar(select(HolidayShift).where(
            HolidayShift.original_date == shift.original_date).with_for_update())
        if row is None:
            row = HolidayShift(original_date=shift.original_date)
            db.session.add(row)
        row.new_date, row.note, row.status = shift.new_date, shift.note[:200], shift.status
        db.session.flush()
        return shift

    def remove_holiday_shift(self, original_date: date) -> None:
        row = db.session.scalar(select(HolidayShift).where(
            HolidayShift.original_date == original_date))
        if row is not None:
            db.session.delete(row)
            db.session.flush()

    # -- the tariff's prices of what residents book ----------------------------------
    def pick_up_prices(self) -> reg.PickUpPrices:
        return pick_ups.pick_up_prices()

    # -- the demo register's own door for new households (tests, imports) -------------
    def add_household(self, customer_number: str, designation: str, street_address: str, *,
                      bins: tuple[tuple[str, int], ...], frequency: str = "every_2_weeks",
                      name: str = "", phone: str = "", email: str = "", language: str = "sv",
                      identity_number: str = "", postal_code: str = "93131",
                      city: str = "Exempelby", holiday_home: bool = False,
                      home_composting: bool = False, shared_with: str | None = None,
                      pause: tuple[date, date] | None = None,
                      day: reg.CollectionDay | None = None) -> str:
        """Add a customer with a subscription at a property (made if new); flushes.

        Not part of the port: a real register gets its customers from its own system.
        ``shared_with`` links both households both ways.
        """
        day = day or reg.CollectionDay("EX-MAN", 0, 1)
        prop = db.session.scalar(select(Property).where(Property.designation == designation))
        if prop is None:
            prop = Property(designation=designation, street_address=street_address,
                            postal_code=postal_code, city=city, holiday_home=holiday_home,
                            external_id="")
        row = Subscription(
            customer=Customer(customer_number=customer_number, name=name, phone=phone,
                              email=email, language=language, identity_number=identity_number),
            property=prop, frequency=frequency, home_composting=home_composting,
            shared_with=shared_with, pause_start=pause[0] if pause else None,
            pause_end=pause[1] if pause else None, route_code=day.route_code,
            weekday=day.weekday, week_offset=day.week_offset,
            season_start=day.season[0] if day.season else None,
            season_end=day.season[1] if day.season else None,
            containers=[Container(container_id=plans.container_id(customer_number, c),
                                  fraction=c, litres=size, frequency=frequency,
                                  compartments=[{"fraction": f, "frequency": frequency}
                                                for f in plans.FYRFACK.get(c, ())])
                        for c, size in bins])
        db.session.add(row)
        if shared_with:
            other = self._row(shared_with)
            if other is not None:
                other.shared_with = customer_number
        db.session.flush()
        return customer_number

    # -- what the crews recorded -----------------------------------------------------
    def record_outcome(self, outcome: reg.CollectionOutcome) -> reg.CollectionOutcome:
        if outcome.outcome not in reg.OUTCOMES:
            raise tk.RegisterError(f"unknown outcome {outcome.outcome!r}")
        if outcome.outcome == "skipped" and outcome.reason not in reg.SKIP_REASONS:
            raise tk.RegisterError(f"unknown skip reason {outcome.reason!r}")
        values = {"container_id": outcome.container_id, "service_date": outcome.date,
                  "outcome": outcome.outcome,
                  "reason": outcome.reason if outcome.outcome == "skipped" else "",
                  "route_code": outcome.route_code, "recorded_at": tk.clock.now()}
        statement = tk.upsert_insert(Outcome).values(**values)
        db.session.execute(statement.on_conflict_do_update(
            index_elements=["container_id", "service_date"],
            set_={k: values[k] for k in ("outcome", "reason", "route_code", "recorded_at")}))
        return outcome

    def outcomes(self, designation: str, start: date, end: date) -> list[reg.CollectionOutcome]:
        ids = [c.container_id for s in self.subscriptions_at(designation, end)
               for c in s.containers]
        rows = db.session.scalars(select(Outcome).where(
            Outcome.container_id.in_(ids), Outcome.service_date >= start,
            Outcome.service_date <= end).order_by(Outcome.service_date, Outcome.container_id))
        return [reg.CollectionOutcome(r.container_id, r.service_date, r.outcome, r.reason,
                                      r.route_code, r.recorded_at) for r in rows]
