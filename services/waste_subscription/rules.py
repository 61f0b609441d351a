"""What the tariff allows a household to have, as messages a resident can act on.

The same rules guard the resident's journey, the staff pages and any import, so they live
here and work on plain ``Plan`` values. Each ``Violation`` says which form field it belongs
to and tells the resident what to do, in the style of the GOV.UK error messages. Messages
are lazy so they are translated when shown; the tariff's own texts (names of bins and
frequencies) are put in for the ``language`` asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date, format_skeleton
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from eservices import toolkit as tk

from .plan import Pause, Plan
from .tariff import CHANGE_TYPES, Tariff

# How a plan meets each condition (tariff.CONDITIONS) a frequency or bin set may require.
CONDITION_CHECKS: dict[str, Callable[[Plan], bool]] = {
    "home_composting": lambda plan: plan.home_composting,
}

# The change types as they read inside a sentence, for combination messages.
CHANGE_PHRASES: dict[str, LazyString] = {
    "size": _l("change the size of a bin"),
    "frequency": _l("change how often your bins are emptied"),
    "home_composting": _l("start or stop composting food waste at home"),
    "share": _l("share a bin with a neighbour"),
    "pause": _l("pause collection"),
    "cancel_pause": _l("cancel a pause"),
}


@dataclass(frozen=True)
class Violation:
    code: str  # stable, for tests, logs and staff statistics
    field: str  # the form field the message is shown at
    message: LazyString


def _joined(texts: Iterable[str]) -> str:
    return ", ".join(texts)


def plan_violations(tariff: Tariff, plan: Plan, language: str = "sv",
                    requested_on: date | None = None) -> list[Violation]:
    """Everything about ``plan`` the tariff does not allow; empty if it is allowed.

    With ``requested_on`` the deadline for summer pauses is checked too, so a view can
    call this once instead of also calling ``pause_violations``.
    """
    found: list[Violation] = []
    frequency = tariff.frequencies.get(plan.frequency)
    if frequency is None:
        found.append(Violation("unknown_frequency", "frequency", _l(
            "Select how often your bins should be emptied")))

    bin_set = tariff.bin_set_for(plan.bins)
    if bin_set is None:
        found.append(Violation("bin_set", "bins", _l(
            "You cannot have this combination of bins. Choose one of: %(options)s",
            options=_joined(s.label(language) for s in tariff.bin_sets.values()))))

    # A frequency the plan does not qualify for (every 4 weeks without home
    # composting) is the one thing to tell: which bins would be priced at it is a
    # combination the resident never chose (composting at home removes the food bin).
    unmet = [condition for condition in (frequency.requires if frequency else ())
             if not CONDITION_CHECKS[condition](plan)]
    for item in plan.bins:
        container = tariff.containers.get(item.container)
        if container is None:
            continue  # reported as a combination of bins the tariff does not have
        sizes = tariff.sizes(item.container)
        if item.litres not in sizes:
            found.append(Violation("size_not_offered", "size", _l(
                "%(container)s bins are not available in %(litres)s litres. "
                "Choose %(sizes)s litres",
                container=container.label(language), litres=item.litres,
                sizes=_joined(str(s) for s in sizes))))
        elif (frequency and not unmet
              and tariff.price(item.container, item.litres, plan.frequency) is None):
            found.append(Violation("not_priced", "frequency", _l(
                "This combination of bin size and frequency is not offered: %(container)s, "
                "%(litres)s litres, %(frequency)s. Choose another size or how often the bin "
                "is emptied",
                container=container.label(language), litres=item.litres,
                frequency=frequency.label(language).lower())))

    for condition in unmet:
        found.append(Violation(f"frequency_requires_{condition}", "frequency", _l(
            "%(frequency)s is only possible if you compost your food waste at home. "
            "Choose home composting too, or another frequency",
            frequency=frequency.label(language))))
    for condition in bin_set.requires if bin_set else ():
        if not CONDITION_CHECKS[condition](plan):
            found.append(Violation(f"bin_set_requires_{condition}", "home_composting", _l(
                "The bins you have chosen are only for households that compost their food "
                "waste at home. Choose home composting too, or choose other bins")))

    if plan.home_composting:
        removed = [b for b in plan.bins if b.container in tariff.home_composting.removes]
        for item in removed:
            found.append(Violation("home_composting_removes", "home_composting", _l(
                "If you compost your food waste at home you cannot also have a bin for "
                "%(container)s. Remove that bin, or choose not to compost at home",
                container=tariff.containers[item.container].label(language).lower())))

    if plan.shared_with and tariff.sharing.max_households < 2:
        found.append(Violation("sharing_not_offered", "share", _l(
            "Sharing a bin with a neighbour is not offered")))

    if plan.pause is not None:
        if tariff.pause.holiday_homes_only and not plan.holiday_home:
            found.append(Violation("pause_not_holiday_home", "pause", _l(
                "You can only pause collection at a holiday home. A home that someone lives "
                "in all year must have its bins emptied all year")))
        found += _pause_shape(tariff, plan.pause)
        if requested_on is not None:
            found += _pause_deadline(tariff, plan.pause, requested_on, language)
    return found


def _pause_shape(tariff: Tariff, pause: Pause) -> list[Violation]:
    rules = tariff.pause
    if pause.end < pause.start:
        return [Violation("pause_end_before_start", "pause", _l(
            "The end of the pause must be the same as or after the start"))]
    if pause.days < rules.min_weeks * 7:
        return [Violation("pause_too_short", "pause", _l(
            "A pause must be at least %(weeks)s weeks long", weeks=rules.min_weeks))]
    if pause.days > rules.max_weeks * 7:
        return [Violation("pause_too_long", "pause", _l(
            "A pause can be at most %(weeks)s weeks long", weeks=rules.max_weeks))]
    return []


def pause_deadlines(tariff: Tariff, pause: Pause) -> list[date]:
    """The request-by date of every summer season that ``pause`` includes a day of."""
    rules = tariff.pause
    deadlines = []
    for year in range(pause.start.year, pause.end.year + 1):
        season_start = date(year, *rules.season_start)
        season_end = date(year, *rules.season_end)
        if pause.start <= season_end and pause.end >= season_start:
            deadlines.append(date(year, *rules.request_by))
    return deadlines


def _pause_deadline(tariff: Tariff, pause: Pause, requested_on: date,
                    language: str) -> list[Violation]:
    missed = [d for d in pause_deadlines(tariff, pause) if requested_on > d]
    if not missed:
        return []
    deadline = missed[-1]
    season_start = date(deadline.year, *tariff.pause.season_start)
    season_end = date(deadline.year, *tariff.pause.season_end)
    return [Violation("pause_too_late", "pause", _l(
        "A pause that includes any day from %(season_start)s to %(season_end)s had to be "
        "requested by %(deadline)s. Choose dates outside that period",
        season_start=_day_month(season_start, language),
        season_end=_day_month(season_end, language),
        deadline=format_date(deadline, format="long", locale=_locale(language))))]


def _locale(language: str) -> str:
    """The Babel locale that writes ``language``'s dates: the one the site configures for
    it (``LANGUAGES``: Finnish as ``fi``, Meänkieli as ``fi``, English as ``en_GB``), so
    a Finnish page reads "15. huhtikuuta 2026", not the Swedish "15 april 2026"."""
    return tk.site_languages().locale_of(language)


def _day_month(day: date, language: str) -> str:
    """"15 maj", "15 May", "15. toukokuuta": the day and month as the locale orders them."""
    return format_skeleton("MMMMd", day, locale=_locale(language))


def pause_violations(tariff: Tariff, pause: Pause, requested_on: date,
                     language: str = "sv") -> list[Violation]:
    """The length rules and the request-by deadline for a pause asked for on ``requested_on``."""
    return _pause_shape(tariff, pause) + _pause_deadline(tariff, pause, requested_on, language)


def combination_violations(tariff: Tariff, change_types: set[str]) -> list[Violation]:
    """Changes in ``change_types`` that the tariff says cannot be made in one request."""
    unknown = change_types - set(CHANGE_TYPES)
    if unknown:
        raise ValueError(f"unknown change types: {sorted(unknown)}")
    found = []
    for pair in tariff.not_combinable:
        if pair <= change_types:
            first, second = sorted(pair, key=CHANGE_TYPES.index)
            found.append(Violation("not_combinable", "changes", _l(
                "You cannot %(first)s and %(second)s in the same request. Make one of the "
                "changes now and send a new request for the other",
                first=CHANGE_PHRASES[first], second=CHANGE_PHRASES[second])))
    return found

