"""The resident's pages: find the address, see the dates, get the calendar, sign up.

start → search (results) → address (dates, calendar) → sign-up: which texts →
what time (if the evening before) → how long before (if the truck is coming) →
mobile number → check answers (sends the code) → code → confirmation.  The
answers live in the platform's server-side journey; once a code is sent, what
it confirms lives in the code row (see verification.py), and the session holds
only that row's id.  The sign-up pages are in signup.py, stopping texts in
unsubscribe.py; the URLs of all of them in blueprint.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from eservices import toolkit as tk

from .forms import SearchForm
from .ics import feed_for, filename_for
from .models import Address
from .schedule import fraction_label, upcoming_for_address
from .search import lookup
from .settings import MODULE_ID

JOURNEY = MODULE_ID  # the CSRF-recovery stash finds a journey by its module's id
PAGE_DAYS = 92  # three months of dates on the address page
RESULTS_LIMIT = 100


@dataclass
class Row:
    """One collection day on the address page (routes on the same day merged)."""

    day: date
    fractions: list[str] = field(default_factory=list)
    shifted_from: list[date] = field(default_factory=list)


def address_or_404(address_id: int) -> Address:
    address = tk.db.session.get(Address, address_id)
    if address is None:
        abort(404)
    return address


def upper_first(text: str) -> str:
    """"måndag 30 november" -> "Måndag 30 november" (Jinja's capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


def start():
    return render_template("collection_alerts/start.html", form=SearchForm(formdata=None))


def search():
    """A GET form: works without JavaScript, and the back button shows the results again."""
    form = SearchForm(request.args)
    if not form.validate():
        return render_template("collection_alerts/start.html", form=form)
    result = lookup(form.address.data, limit=RESULTS_LIMIT)
    if result.kind == "found" and len(result.addresses) == 1:
        return redirect(url_for(".address", address_id=result.addresses[0].id))
    if not result.addresses:
        form.address.error_kind = "no_match"
        form.address.errors = [_("We could not find that address. Check the spelling and "
                                 "enter the street and house number, like Storgatan 12")]
        return render_template("collection_alerts/start.html", form=form)
    return render_template("collection_alerts/results.html", result=result,
                           query=form.address.data, limit=RESULTS_LIMIT)


def _rows(address_id: int, start: date) -> list[Row]:
    rows: dict[date, Row] = {}
    for collection in upcoming_for_address(address_id, start, days=PAGE_DAYS):
        row = rows.setdefault(collection.date, Row(collection.date))
        row.fractions += [f for f in collection.fractions if f not in row.fractions]
        if collection.shifted_from and collection.shifted_from not in row.shifted_from:
            row.shifted_from.append(collection.shifted_from)
    return [rows[day] for day in sorted(rows)]


def address(address_id: int):
    place = address_or_404(address_id)
    language = tk.current_language()
    today = tk.clock.today()
    rows = _rows(place.id, today)
    next_by_fraction: dict[str, date] = {}
    for row in rows:
        for fraction in row.fractions:
            next_by_fraction.setdefault(fraction, row.day)
    feed = tk.public_url(".calendar", address_id=place.id, lang=language)
    return render_template(
        "collection_alerts/address.html", address=place, rows=rows,
        next_by_fraction=next_by_fraction, language=language, today=today,
        fraction_name=lambda f: fraction_label(f, language),
        feed_url=feed, webcal_url="webcal://" + feed.split("://", 1)[1])


def calendar(address_id: int):
    """The download and the subscribed feed alike; ``?lang=`` picks the language."""
    place = address_or_404(address_id)
    language = tk.current_language()
    response = make_response(feed_for(place, language))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{filename_for(place, language)}"')
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
