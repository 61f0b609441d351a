"""The demo municipality's prices of pick-ups, from ``data/pick_ups.toml``, as the port's value.

Read and checked once per process: a price that is not a positive number, or an
item without both Swedish and English names, stops the first page that asks
with the file and the key in the message, not on a resident's receipt.
"""

from __future__ import annotations

import functools
import tomllib
from decimal import Decimal
from pathlib import Path

from eservices import toolkit as tk

DATA = Path(__file__).parent / "data" / "pick_ups.toml"


def _money(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(f"{DATA.name}: {where} must be a positive number of kronor")
    return Decimal(str(value))


@functools.cache
def pick_up_prices() -> tk.register.PickUpPrices:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    extra = tuple((int(litres), _money(price, f"extra_emptying.prices.{litres}"))
                  for litres, price in data["extra_emptying"]["prices"].items())
    bulky = data["bulky"]
    items = []
    for key, item in bulky["items"].items():
        if not item.get("sv") or not item.get("en"):
            raise ValueError(f"{DATA.name}: bulky.items.{key} needs sv and en")
        items.append(tk.register.PickUpItem(key, (("sv", item["sv"]), ("en", item["en"])),
                                            _money(item["price"], f"bulky.items.{key}.price")))
    return tk.register.PickUpPrices(extra, _money(bulky["base_price"], "bulky.base_price"),
                                    int(bulky["max_items"]), tuple(items))
