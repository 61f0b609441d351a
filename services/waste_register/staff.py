"""Back office: the year's holiday shifts, proposed from the public holidays, confirmed by staff.

Only a confirmed shift moves collections (in the calendar, the ``.ics`` and the
alerts, which all read the register). The page lists the year's public holidays on
weekdays with the proposal beside any not yet decided; confirming, changing and
removing each is audited. The URLs are in ``blueprint``.
"""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from eservices import toolkit as tk

from .forms import ShiftForm

reg = tk.register


def _year() -> int:
    today = tk.clock.today()
    text = request.args.get("year", "")
    year = int(text) if text.isdigit() else today.year
    return year if abs(year - today.year) <= 5 else today.year


def _shifts(year: int) -> list[reg.HolidayShift]:
    """Recorded shifts of the year, and the proposals for weekday holidays not decided."""
    recorded = {s.original_date: s for s in tk.waste_register().holiday_shifts(
        date(year, 1, 1), date(year, 12, 31), include_proposed=True)}
    for proposal in reg.proposed_shifts(year, tk.current_language()):
        recorded.setdefault(proposal.original_date, proposal)
    return sorted(recorded.values(), key=lambda s: s.original_date)


def holiday_shifts():
    year = _year()
    return render_template("waste_register/staff/holiday_shifts.html", year=year,
                           shifts=_shifts(year), this_year=tk.clock.today().year)


def _original(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(404)


def holiday_shift(original: str):
    day = _original(original)
    shift = next((s for s in _shifts(day.year) if s.original_date == day), None)
    if shift is None:
        abort(404)
    form = ShiftForm(data={"new_date": shift.new_date, "note": shift.note}
                     if request.method == "GET" else None)
    form.original = day
    remove = tk.SubmitForm(prefix="remove")
    if request.method == "POST" and request.form.get("action") == "remove":
        if remove.validate_on_submit() and shift.status == "confirmed":
            tk.waste_register().remove_holiday_shift(day)
            tk.audit.record("holiday_shift_removed", subject=day.isoformat(),
                            module_id=tk.current_module().id)
            tk.db.session.commit()
            flash(_("The shift is removed: collections of %(day)s are not moved.",
                    day=_long(day)))
        return redirect(url_for(".holiday_shifts", year=day.year), code=303)
    if form.validate_on_submit():
        try:
            tk.waste_register().save_holiday_shift(reg.HolidayShift(
                day, form.new_date.data, (form.note.data or "").strip() or shift.note,
                "confirmed"))
        except tk.RegisterError:
            tk.db.session.rollback()
            abort(400)
        tk.audit.record("holiday_shift_confirmed", subject=day.isoformat(),
                        module_id=tk.current_module().id)
        tk.db.session.commit()
        flash(_("Collections of %(day)s are moved to %(new)s.", day=_long(day),
                new=_long(form.new_date.data)))
        return redirect(url_for(".holiday_shifts", year=day.year), code=303)
    return render_template("waste_register/staff/holiday_shift.html", shift=shift, form=form,
                           remove=remove)


def _long(day: date) -> str:
    return format_date(day, "EEEE d MMMM y")
