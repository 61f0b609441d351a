"""The module's settings, read once into one frozen value."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from eservices import toolkit as tk

MODULE_ID = "waste_requests"

SETTINGS = (
    tk.ModuleSetting("BOOKINGS_PER_DAY", "8",
                     "Bulky-waste and extra-emptying pick-ups the crews take per day."),
    tk.ModuleSetting("BOOKING_WINDOW_DAYS", "28",
                     "How many days ahead a pick-up can be booked."),
    tk.ModuleSetting("BOOKING_LEAD_DAYS", "2",
                     "Working days' notice before the first day a pick-up can be booked for."),
    tk.ModuleSetting("CANCEL_CUTOFF_HOURS", "24",
                     "Until how many hours before the pick-up day starts a booking can be "
                     "cancelled."),
)


@dataclass(frozen=True)
class Settings:
    bookings_per_day: int
    booking_window_days: int
    booking_lead_days: int
    cancel_cutoff_hours: int


def settings() -> Settings:
    def number(name: str, minimum: int = 1) -> int:
        return tk.whole_number_setting(current_app, MODULE_ID, name, minimum=minimum)

    return Settings(number("BOOKINGS_PER_DAY"), number("BOOKING_WINDOW_DAYS"),
                    number("BOOKING_LEAD_DAYS", 0), number("CANCEL_CUTOFF_HOURS", 0))
