"""The statistics as a file for Swedish Excel: one row per department, challenge and status.

One table, so the innovation office can filter and pivot it: the first column
says what a row breaks down by (all ideas, a department, a challenge, a status),
the second names it.  A status row has only its count, in the "Ideas submitted" column
(the ideas submitted in the period that have that status now).  Numbers with
decimals use a comma, as Swedish Excel reads them; names someone typed (a
challenge's question) are written so a spreadsheet never runs them as formulas.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _

from eservices import toolkit as tk

from .stats_numbers import Group, Statistics


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
