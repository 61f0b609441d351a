"""The tariff's prices of pick-ups and the bulky-waste item list, from the waste register.

The register owns what the municipality charges (``tk.waste_register().pick_up_prices()``),
so this module keeps no price of its own: a price change is made in one place and a
booking stores the price it was made at.
"""

from __future__ import annotations

from eservices import toolkit as tk


def prices() -> tk.register.PickUpPrices:
    return tk.waste_register().pick_up_prices()
