"""The tariff file: the demo tariff loads, and every mistake is reported with its line."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

from services.waste_subscription.plan import Bin
from services.waste_subscription.tariff import (
    CHANGE_TYPES,
    DEFAULT_TARIFF,
    TariffError,
    label,
    load_tariff,
    parse_tariff,
)

# A small, valid tariff. The line numbers asserted below count lines of this text.
MINI = """\
municipality: Testkommun
year: 2026
base_fee: 1000
change_fee: 100
earliest_effective_working_days: 5
frequencies:
  weekly:
    name: {sv: Varje vecka, en: Every week}
  every_4_weeks:
    name: {sv: "Var 4:e vecka", en: Every 4 weeks}
    requires: [home_composting]
containers:
  restavfall:
    name: {sv: Restavfall, en: Residual waste}
    prices:
      140: {weekly: 2000, every_4_weeks: 600.50}
      190:
        weekly: 2600
  matavfall:
    name: {sv: Matavfall, en: Food waste}
    prices:
      140: {weekly: 700}
bin_sets:
  standard:
    name: {sv: Standard, en: Standard}
    containers: [restavfall, matavfall]
  composting:
    name: {sv: Kompost, en: Compost}
    containers: [restavfall]
    requires: [home_composting]
home_composting:
  removes: [matavfall]
  compost_types:
    varmkompost: {sv: Varmkompost, en: Hot composter}
sharing: {price_share: 0.5, max_households: 2}
pause:
  holiday_homes_only: true
  min_weeks: 4
  max_weeks: 39
  season_start: "05-15"
  season_end: "09-15"
  request_by: "04-15"
not_combinable:
  - [share, pause]
"""


def broken(old: str, new: str) -> TariffError:
    assert old in MINI
    with pytest.raises(TariffError) as caught:
        parse_tariff(MINI.replace(old, new, 1))
    return caught.value


def test_the_small_tariff_is_valid() -> None:
    tariff = parse_tariff(MINI)
    assert tariff.base_fee == Decimal("1000")
    assert tariff.price("restavfall", 140, "every_4_weeks") == Decimal("600.50")  # float in YAML
    assert tariff.sharing.price_share == Decimal("0.5")
    assert tariff.pause.season_start == (5, 15)
    assert tariff.not_combinable == (frozenset({"share", "pause"}),)


def test_a_value_of_the_wrong_type_names_its_line() -> None:
    error = broken("base_fee: 1000", "base_fee: tusen")
    assert str(error) == "tariff.yaml, line 3: base_fee: Input should be a valid decimal"


def test_a_negative_price_names_its_line() -> None:
    error = broken("weekly: 2600", "weekly: -2600")  # line 18, in a block mapping
    assert str(error) == ("tariff.yaml, line 18: containers.restavfall.prices.190.weekly: "
                          "Input should be greater than 0")


def test_an_unknown_container_in_a_bin_set_names_its_line() -> None:
    error = broken("[restavfall, matavfall]", "[restavfall, glas]")
    assert str(error) == ("tariff.yaml, line 26: bin_sets.standard.containers.1: "
                          "unknown container 'glas'")


def test_a_yaml_syntax_error_names_its_line() -> None:
    error = broken("  - [share, pause]", "  - [share, pause")  # line 44, the file then ends
    assert error.errors[0][0] == 45
    assert str(error).startswith("tariff.yaml, line 45: YAML syntax error: ")
    assert "line 44" in str(error)  # where the unclosed list started

    error = broken("municipality: Testkommun", "municipality: Test: kommun")
    assert str(error) == ("tariff.yaml, line 1: YAML syntax error: mapping values are not "
                          "allowed here")


def test_a_price_for_an_unknown_frequency_names_its_line() -> None:
    error = broken("140: {weekly: 700}", "140: {weekly: 700, every_2_weeks: 400}")
    assert str(error) == ("tariff.yaml, line 22: containers.matavfall.prices.140.every_2_weeks: "
                          "unknown frequency 'every_2_weeks'")


def test_every_mistake_is_reported_one_per_line_in_file_order() -> None:
    text = (MINI.replace('season_end: "09-15"', 'season_end: "02-30"')
            .replace("weekly: 2600", "weekly: 2600.125")
            .replace("change_fee: 100", "change_fee: -1"))
    with pytest.raises(TariffError) as caught:
        parse_tariff(text, source="exempel.yaml")
    assert str(caught.value).splitlines() == [
        "exempel.yaml, line 4: change_fee: Input should be greater than or equal to 0",
        "exempel.yaml, line 18: containers.restavfall.prices.190.weekly: Decimal input should "
        "have no more than 2 decimal places",
        "exempel.yaml, line 41: pause.season_end: '02-30' is not a date written as \"MM-DD\"",
    ]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    requires: [home_composting]\ncontainers:", "    requires: [kompost]\ncontainers:",
     "line 11: frequencies.every_4_weeks.requires.0: unknown condition 'kompost'"),
    ("removes: [matavfall]", "removes: [mat]",
     "line 32: home_composting.removes.0: unknown container 'mat'"),
    ("min_weeks: 4", "min_weeks: 40",
     "line 38: pause.min_weeks: min_weeks is more than max_weeks"),
    ('request_by: "04-15"', 'request_by: "06-01"',
     "line 42: pause.request_by: request_by must not be after season_start"),
    ('season_start: "05-15"', "season_start: 5",
     "line 40: pause.season_start: write the date as \"MM-DD\" in quotes"),
    ("{sv: Matavfall, en: Food waste}", "{sv: Matavfall}",
     "line 20: containers.matavfall.name: needs a text in sv and en, missing en"),
    ("  - [share, pause]", "  - [share, share]",
     "line 44: not_combinable.0: Frozenset should have at least 2 items after validation, "
     "not 1"),
    ("  - [share, pause]", "  - [share, paus]",
     "line 44: not_combinable.0.1: Input should be 'size', 'frequency', 'home_composting', "
     "'share', 'pause' or 'cancel_pause'"),
    ("  min_weeks: 4", "  min_weeks: 4\n  min_weks: 3",
     "line 39: pause.min_weks: Extra inputs are not permitted"),
    ("  min_weeks: 4", "  min_weeks: 4\n  min_weeks: 3",
     "line 39: pause.min_weeks: this key is given twice"),
    ("      190:", "      190 l:",
     "line 17: containers.restavfall.prices.190 l: invalid key: Input should be a valid integer"),
    ("year: 2026", "year: '2026'", "line 2: year: Input should be a valid integer"),
    ("    containers: [restavfall]", "    containers: []",
     "line 29: bin_sets.composting.containers: Tuple should have at least 1 item after "
     "validation, not 0"),
])
def test_cross_field_and_schema_mistakes_name_their_line(old: str, new: str,
                                                         expected: str) -> None:
    assert str(broken(old, new)).startswith(f"tariff.yaml, {expected}")


def test_a_bin_set_needs_a_frequency_priced_for_all_its_containers() -> None:
    text = (MINI.replace("140: {weekly: 2000, every_4_weeks: 600.50}", "140: {weekly: 2000}")
            .replace("140: {weekly: 700}", "140: {every_4_weeks: 700}"))
    with pytest.raises(TariffError) as caught:
        parse_tariff(text)
    assert str(caught.value) == ("tariff.yaml, line 26: bin_sets.standard.containers: no "
                                 "frequency is priced for all the containers of this bin set")


def test_a_file_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(TariffError, match=r"^tariff.yaml: Input should be a mapping"):
        parse_tariff("")
    with pytest.raises(TariffError, match=r"^tariff.yaml, line 1: Input should be a mapping"):
        parse_tariff("- municipality")


def test_the_demo_tariff() -> None:
    tariff = load_tariff()
    assert (tariff.municipality, tariff.year) == ("Exempelkommun", 2026)
    assert (tariff.base_fee, tariff.change_fee) == (Decimal(1240), Decimal(150))
    assert tariff.earliest_effective_working_days == 10
    assert list(tariff.frequencies) == ["weekly", "every_2_weeks", "every_4_weeks",
                                        "every_8_weeks"]
    assert tariff.frequencies["every_8_weeks"].requires == ("home_composting",)
    assert tariff.frequencies["every_8_weeks"].label("sv") == "Var 8:e vecka (kvartalshämtning)"
    assert tariff.sizes("restavfall") == [140, 190, 240, 370]
    assert tariff.sizes("matavfall") == [140]
    assert tariff.sizes("glas") == []
    assert tariff.price("restavfall", 190, "every_2_weeks") == Decimal(1440)
    assert tariff.price("matavfall", 140, "every_4_weeks") is None
    assert tariff.price("glas", 140, "weekly") is None
    assert list(tariff.bin_sets) == ["standard", "home_composting", "fyrfack"]
    assert tariff.home_composting.removes == ("matavfall",)
    assert tariff.home_composting.compost_type_label("bokashi", "en") == (
        "Bokashi with follow-up composting")
    assert (tariff.sharing.price_share, tariff.sharing.max_households) == (Decimal("0.5"), 2)
    rules = tariff.pause
    assert (rules.min_weeks, rules.max_weeks, rules.request_by) == (4, 39, (4, 15))
    assert set(tariff.not_combinable) == {frozenset({"share", "pause"}),
                                          frozenset({"share", "home_composting"})}
    assert all(pair <= set(CHANGE_TYPES) for pair in tariff.not_combinable)


def test_frequencies_for_and_bin_sets_follow_the_bins() -> None:
    tariff = load_tariff()
    standard = [Bin("restavfall", 190), Bin("matavfall", 140)]
    assert tariff.frequencies_for(standard) == ["weekly", "every_2_weeks"]
    assert tariff.frequencies_for([Bin("restavfall", 190)]) == list(tariff.frequencies)
    assert tariff.frequencies_for([Bin("fyrfack_1", 370), Bin("fyrfack_2", 370)]) == [
        "every_2_weeks", "every_4_weeks"]
    assert tariff.frequencies_for([Bin("restavfall", 200)]) == []
    assert tariff.bin_set_for(reversed(standard)).id == "standard"
    assert tariff.bin_set_for([Bin("restavfall", 370)]).id == "home_composting"
    assert tariff.bin_set_for([Bin("restavfall", 140), Bin("restavfall", 190)]) is None
    assert tariff.bin_set_for([]) is None


def test_labels_fall_back_to_swedish() -> None:
    names = {"sv": "Matavfall", "en": "Food waste"}
    assert label(names, "en") == "Food waste"
    assert label(names, "en_GB") == label(names, "en-GB") == "Food waste"
    assert label(names, "fi") == "Matavfall"
    assert load_tariff().containers["matavfall"].label() == "Matavfall"


def test_load_tariff_reads_a_changed_file_again(tmp_path) -> None:
    path = tmp_path / "taxa.yaml"
    path.write_text(MINI, encoding="utf-8")
    first = load_tariff(path)
    assert load_tariff(str(path)) is first  # cached
    path.write_text(MINI.replace("base_fee: 1000", "base_fee: 1100"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_tariff(path).base_fee == Decimal(1100)

    path.write_text(MINI.replace("base_fee: 1000", "base_fee: x"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    with pytest.raises(TariffError, match=r"^taxa.yaml, line 3: base_fee"):
        load_tariff(path)


def test_the_default_path_is_the_demo_file() -> None:
    assert DEFAULT_TARIFF.name == "tariff.yaml" and DEFAULT_TARIFF.parent.name == "data"
