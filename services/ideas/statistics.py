"""Numbers for the innovation office: the statistics page, its charts and its CSV file.

The page and the file read the same GET filters (``stats_form``) and the same
numbers (``stats_numbers``), so what the file says is what the page showed.
Charts are the platform's server-drawn SVG bars (``tk.bar_chart``): no script,
``role="img"`` with a title and a description, and the same numbers in the table
under each.  Bad filters are errors on the page (status 400), never a 5xx.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, render_template, request, url_for
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from eservices import toolkit as tk

from .settings import answer_within_days, departments, statuses
from .stats_form import StatisticsForm, query_of, read_filters
from .stats_numbers import Filters, Group, Statistics, compute
from .statuses import status_label

TEMPLATE = "ideas/staff/statistics/page.html"


def _numbers(filters: Filters) -> Statistics:
    return compute(filters, zone=current_app.config["BABEL_DEFAULT_TIMEZONE"],
                   within_days=answer_within_days(), statuses=statuses(),
                   departments=[(d.key, d.label) for d in departments()],
                   total_label=_("All ideas"), no_challenge_label=_("Not in a challenge"))


def days(value: float | None) -> str:
    """A median as the page writes it: "3,5 days" in Swedish, "–" when there is none."""
    if value is None:
        return "–"
    return _("%(days)s days", days=format_decimal(value, format="#,##0.0"))


def share(value: float | None) -> str:
    return "–" if value is None else format_percent(value)


def _charts(stats: Statistics) -> list[tk.Chart]:
    by_status = [(status_label(status), count) for status, count in stats.by_status]
    by_department = [(group.label, group.submitted) for group in stats.departments]
    charts = [tk.bar_chart(_("Ideas by status now"), by_status,
                           max([count for _label, count in by_status] + [1]), ""),
              tk.bar_chart(_("Ideas submitted by department"), by_department,
                           max([count for _label, count in by_department] + [1]), "")]
    if stats.challenges:
        by_challenge = [(group.label, group.submitted) for group in stats.challenges]
        charts.append(tk.bar_chart(_("Ideas submitted by challenge"), by_challenge,
                                   max(count for _label, count in by_challenge), ""))
    return charts


def _page(form: StatisticsForm, stats: Statistics | None, status: int = 200):
    csv_url = (url_for(".statistics_csv", **query_of(stats.filters, form.challenge.data or ""))
               if stats else None)
    return render_template(TEMPLATE, form=form, stats=stats, csv_url=csv_url,
                           charts=_charts(stats) if stats else [], days=days, share=share,
                           status_label=status_label), status


# -- the file: one table for Swedish Excel --------------------------------------------
# One row per department, challenge and status, so the innovation office can filter
# and pivot it: the first column says what a row breaks down by, the second names it.
# A status row has only its count, in the "Ideas submitted" column.  Decimals use a
# comma, as Swedish Excel reads them; names someone typed (a challenge's question)
# never become formulas.

def _decimal(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def _percent(share: float | None) -> str:
    return "" if share is None else _decimal(100 * share)


def _group_row(breakdown: str, group: Group) -> list[str]:
    return [tk.csv_safe_cell(cell) for cell in (
        breakdown, group.label, group.submitted, group.answered_in_time, group.implemented,
        _percent(group.implemented_share), _decimal(group.median_days_to_answer),
        _decimal(group.median_days_to_implemented))]


def to_csv(stats: Statistics, status_label: Callable[[str], str]) -> bytes:
    header = [_("Breakdown"), _("Name"), _("Ideas submitted"),
              _("Answered within %(days)d days", days=stats.within_days), _("Ideas implemented"),
              _("Implemented, per cent"), _("Median days to the first answer"),
              _("Median days to implemented")]
    rows = [_group_row(_("All ideas"), stats.total)]
    rows += [_group_row(_("Department"), group) for group in stats.departments]
    rows += [_group_row(_("Idea challenge"), group) for group in stats.challenges]
    rows += [[tk.csv_safe_cell(cell) for cell in (_("Status"), status_label(status), count,
                                                  "", "", "", "", "")]
             for status, count in stats.by_status]
    return tk.excel_csv([tk.csv_safe_cell(cell) for cell in header], rows)


def file_name(stats: Statistics) -> str:
    return (f"idestatistik-{stats.filters.first.isoformat()}-"
            f"{stats.filters.last.isoformat()}.csv")


# -- handlers -------------------------------------------------------------------------

def statistics():
    form, filters = read_filters(request.args)
    if filters is None:
        return _page(form, None, 400)
    return _page(form, _numbers(filters))


def statistics_csv():
    form, filters = read_filters(request.args)
    if filters is None:
        return _page(form, None, 400)
    stats = _numbers(filters)
    # Counts only, no one's personal data: the download is still recorded, as every export.
    tk.audit.record("statistics_exported",
                    subject=f"{filters.first.isoformat()}–{filters.last.isoformat()}",
                    module_id=tk.current_module().id, ideas=stats.total.submitted)
    tk.db.session.commit()
    return tk.export_file(to_csv(stats, status_label), "csv", file_name(stats))
