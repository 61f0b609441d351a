"""The module's URL map: the back-office pages of the waste register."""

from __future__ import annotations

from flask import Blueprint

from . import staff
from .meta import MODULE_ID

staff_bp = Blueprint(f"{MODULE_ID}_staff", __name__, template_folder="templates")
staff_bp.add_url_rule("/", "holiday_shifts", staff.holiday_shifts)
staff_bp.add_url_rule("/holiday-shifts/<original>", "holiday_shift", staff.holiday_shift,
                      methods=["GET", "POST"])
