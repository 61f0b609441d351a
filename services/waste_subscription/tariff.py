"""The municipality's waste tariff (avfallstaxa) as one YAML file, checked when it is loaded.

The tariff changes every year and is edited by municipal staff, not developers. So a bad
file must fail loudly at start-up with the file name and line of every mistake, instead of
surfacing later as a wrong price on a resident's invoice. The YAML is composed once to
learn where each value sits, the plain data is validated with pydantic, and the rules that
span several parts of the file (a bin set naming an unknown container) are checked after.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from .plan import Bin

DEFAULT_TARIFF = Path(__file__).parent / "data" / "tariff.yaml"
CONDITIONS = frozenset({"home_composting"})  # what a frequency or bin set may require
CHANGE_TYPES = ("size", "frequency", "home_composting", "share", "pause", "cancel_pause")

Names = dict[str, str]  # language code -> text; always has "sv" and "en"
MonthDay = tuple[int, int]


class TariffError(ValueError):
    """A tariff file that cannot be used; one line of the message per mistake."""

    def __init__(self, source: str, errors: list[tuple[int | None, str]]) -> None:
        self.source = source
        self.errors = sorted(errors, key=lambda e: (e[0] is None, e[0] or 0))
        super().__init__("\n".join(
            f"{source}, line {line}: {text}" if line else f"{source}: {text}"
            for line, text in self.errors))


def label(names: Names, language: str) -> str:
    """The text in ``language`` ("en", "en_GB", "sv-SE"), falling back to Swedish."""
    return names.get(language.replace("-", "_").split("_")[0]) or names["sv"]


# -- the tariff, validated by pydantic as it is read ----------------------------------------

def _names_complete(names: dict[str, str]) -> dict[str, str]:
    missing = [lang for lang in ("sv", "en") if lang not in names]
    if missing:
        raise ValueError(f"needs a text in sv and en, missing {', '.join(missing)}")
    return names


def _month_day(text: Any) -> MonthDay:
    if not isinstance(text, str):
        raise ValueError('write the date as "MM-DD" in quotes')
    try:
        day = date.fromisoformat(f"2025-{text}")  # a common year: "02-29" is not every year
    except ValueError:
        raise ValueError(f"{text!r} is not a date written as \"MM-DD\"") from None
    return day.month, day.day


Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, Field(min_length=1)]
NamesIn = Annotated[dict[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], Text],
                    AfterValidator(_names_complete)]
Money = Annotated[Decimal, Field(ge=0, decimal_places=2)]
Price = Annotated[Decimal, Field(gt=0, decimal_places=2)]
Int = Annotated[int, Field(strict=True)]
MonthDayIn = Annotated[MonthDay, BeforeValidator(_month_day)]
ChangeType = Literal["size", "frequency", "home_composting", "share", "pause", "cancel_pause"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Named(_Model):
    id: str  # filled in from the key the item is listed under, which is checked
    name: NamesIn

    def label(self, language: str = "sv") -> str:
        return label(self.name, language)


class Frequency(_Named):
    requires: tuple[str, ...] = ()


class Container(_Named):
    # litres -> frequency id -> kr per year
    prices: Annotated[dict[Annotated[Int, Field(gt=0)],
                           Annotated[dict[Id, Price], Field(min_length=1)]], Field(min_length=1)]


class BinSet(_Named):
    containers: Annotated[tuple[Id, ...], Field(min_length=1)]
    requires: tuple[str, ...] = ()


class HomeComposting(_Model):
    removes: tuple[Id, ...]  # containers a composting household no longer has
    compost_types: dict[Id, NamesIn]

    def compost_type_label(self, compost_type: str, language: str = "sv") -> str:
        return label(self.compost_types[compost_type], language)


class Sharing(_Model):
    price_share: Annotated[Decimal, Field(gt=0, le=1)]  # of the container prices, per household
    max_households: Annotated[Int, Field(ge=1)]


class PauseRules(_Model):
    holiday_homes_only: Annotated[bool, Field(strict=True)]
    min_weeks: Annotated[Int, Field(ge=1)]
    max_weeks: Annotated[Int, Field(ge=1, le=52)]
    season_start: MonthDayIn  # (month, day)
    season_end: MonthDayIn
    request_by: MonthDayIn  # a pause touching the season of year Y is requested by then in Y


class Tariff(_Model):
    municipality: Text
    year: Annotated[Int, Field(ge=2000, le=2100)]
    base_fee: Money  # grundavgift per household and year
    change_fee: Money  # ändringsavgift per request
    earliest_effective_working_days: Annotated[Int, Field(ge=0)]
    frequencies: Annotated[dict[Id, Frequency], Field(min_length=1)]
    containers: Annotated[dict[Id, Container], Field(min_length=1)]
    bin_sets: Annotated[dict[Id, BinSet], Field(min_length=1)]
    home_composting: HomeComposting
    sharing: Sharing
    pause: PauseRules
    not_combinable: tuple[Annotated[frozenset[ChangeType], Field(min_length=2, max_length=2)],
                          ...] = ()

    @field_validator("frequencies", "containers", "bin_sets", mode="before")
    @classmethod
    def _ids_from_keys(cls, items: Any) -> Any:
        if not isinstance(items, dict):
            return items
        return {k: {**v, "id": k} if isinstance(v, dict) else v for k, v in items.items()}

    def sizes(self, container: str) -> list[int]:
        found = self.containers.get(container)
        return sorted(found.prices) if found else []

    def price(self, container: str, litres: int, frequency: str) -> Decimal | None:
        found = self.containers.get(container)
        return found.prices.get(litres, {}).get(frequency) if found else None

    def frequencies_for(self, bins: Iterable[Bin]) -> list[str]:
        """Frequencies priced for every one of ``bins`` (all of them for no bins)."""
        bins = list(bins)
        return [f for f in self.frequencies
                if all(self.price(b.container, b.litres, f) is not None for b in bins)]

    def bin_set_for(self, bins: Iterable[Bin]) -> BinSet | None:
        """The bin set whose containers are exactly those of ``bins``, counted as a multiset."""
        wanted = Counter(b.container for b in bins)
        return next((s for s in self.bin_sets.values() if Counter(s.containers) == wanted), None)


# -- loading -------------------------------------------------------------------------------

KeyPath = tuple[str, ...]


def _lines(node: yaml.Node | None, path: KeyPath, found: dict[KeyPath, int],
           problems: list[tuple[int | None, str]]) -> None:
    """Record the line of every key and list item below ``node``, and duplicated keys."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            if child in found:
                problems.append((key.start_mark.line + 1,
                                 f"{'.'.join(child)}: this key is given twice"))
            found[child] = key.start_mark.line + 1
            _lines(value, child, found, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found[(*path, str(index))] = item.start_mark.line + 1
            _lines(item, (*path, str(index)), found, problems)


def _line_of(path: Iterable[Any], found: dict[KeyPath, int]) -> int | None:
    parts = tuple(str(p) for p in path)
    while parts not in found and parts:
        parts = parts[:-1]
    return found.get(parts)


def _cross_checks(t: Tariff) -> Iterator[tuple[KeyPath, str]]:
    for fid, freq in t.frequencies.items():
        for i, cond in enumerate(freq.requires):
            if cond not in CONDITIONS:
                yield ("frequencies", fid, "requires", str(i)), f"unknown condition {cond!r}"
    for cid, container in t.containers.items():
        for litres, by_frequency in container.prices.items():
            for fid in by_frequency:
                if fid not in t.frequencies:
                    yield (("containers", cid, "prices", str(litres), fid),
                           f"unknown frequency {fid!r}")
    for sid, bin_set in t.bin_sets.items():
        for i, cid in enumerate(bin_set.containers):
            if cid not in t.containers:
                yield ("bin_sets", sid, "containers", str(i)), f"unknown container {cid!r}"
        offered = [{f for by_frequency in t.containers[cid].prices.values() for f in by_frequency}
                   for cid in bin_set.containers if cid in t.containers]
        if offered and not set.intersection(*offered):
            yield (("bin_sets", sid, "containers"),
                   "no frequency is priced for all the containers of this bin set")
        for i, cond in enumerate(bin_set.requires):
            if cond not in CONDITIONS:
                yield ("bin_sets", sid, "requires", str(i)), f"unknown condition {cond!r}"
    for i, cid in enumerate(t.home_composting.removes):
        if cid not in t.containers:
            yield ("home_composting", "removes", str(i)), f"unknown container {cid!r}"
    rules = t.pause
    if rules.min_weeks > rules.max_weeks:
        yield ("pause", "min_weeks"), "min_weeks is more than max_weeks"
    if rules.season_start > rules.season_end:
        yield ("pause", "season_end"), "the season must end after it starts, in the same year"
    if rules.request_by > rules.season_start:
        yield ("pause", "request_by"), "request_by must not be after season_start"


def _message(error: Any) -> tuple[list[Any], str]:
    loc = list(error["loc"])
    text = error["msg"].removeprefix("Value error, ")
    if error["type"] in ("model_type", "dict_type"):
        text = "Input should be a mapping of keys to values"
    if "[key]" in loc:
        loc.remove("[key]")
        text = f"invalid key: {text}"
    return loc, text


def parse_tariff(text: str, source: str = "tariff.yaml") -> Tariff:
    """Read a tariff from YAML text; ``source`` names the file in error messages."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = f"YAML syntax error: {exc.problem or exc}"
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            problem += f" ({exc.context} on line {exc.context_mark.line + 1})"
        raise TariffError(source, [(mark.line + 1 if mark else None, problem)]) from None
    except yaml.YAMLError as exc:
        raise TariffError(source, [(None, f"YAML syntax error: {exc}")]) from None
    finally:
        loader.dispose()

    found: dict[KeyPath, int] = {(): node.start_mark.line + 1} if node is not None else {}
    problems: list[tuple[int | None, str]] = []
    _lines(node, (), found, problems)
    try:
        tariff = Tariff.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc, msg = _message(error)
            where = ".".join(str(p) for p in loc)
            problems.append((_line_of(loc, found), f"{where}: {msg}" if where else msg))
        raise TariffError(source, problems) from None
    problems += [(_line_of(path, found), f"{'.'.join(path)}: {msg}")
                 for path, msg in _cross_checks(tariff)]
    if problems:
        raise TariffError(source, problems)
    return tariff


@functools.lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int) -> Tariff:
    return parse_tariff(Path(path).read_text(encoding="utf-8"), source=Path(path).name)


def load_tariff(path: str | Path = DEFAULT_TARIFF) -> Tariff:
    """The tariff in ``path``, read again only when the file has changed."""
    resolved = Path(path).resolve()
    return _load(str(resolved), resolved.stat().st_mtime_ns)
