"""The prices of pick-ups and the bulky-waste item list, from ``data/pick_ups.toml``.

Read and checked once: a price that is not a positive whole or decimal number,
or an item without both languages, stops the module at start-up, not on a
resident's receipt.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).parent / "data" / "pick_ups.toml"


@dataclass(frozen=True)
class Item:
    key: str
    names: dict[str, str]
    price: Decimal

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["sv"]


@dataclass(frozen=True)
class PickUpPrices:
    extra_emptying: dict[int, Decimal]  # litres -> price
    bulky_base: Decimal
    bulky_max_items: int
    items: dict[str, Item]

    def extra_emptying_price(self, litres: int) -> Decimal | None:
        return self.extra_emptying.get(litres)

    def bulky_price(self, item_keys: list[str] | tuple[str, ...]) -> Decimal:
        return self.bulky_base + sum((self.items[key].price for key in item_keys), Decimal(0))


def _money(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(f"{DATA.name}: {where} must be a positive number of kronor")
    return Decimal(str(value))


@functools.cache
def prices() -> PickUpPrices:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    extra = {int(litres): _money(price, f"extra_emptying.prices.{litres}")
             for litres, price in data["extra_emptying"]["prices"].items()}
    bulky = data["bulky"]
    items = {}
    for key, item in bulky["items"].items():
        if not item.get("sv") or not item.get("en"):
            raise ValueError(f"{DATA.name}: bulky.items.{key} needs sv and en")
        items[key] = Item(key, {"sv": item["sv"], "en": item["en"]},
                          _money(item["price"], f"bulky.items.{key}.price"))
    return PickUpPrices(extra, _money(bulky["base_price"], "bulky.base_price"),
                        int(bulky["max_items"]), items)
