"""The settings each e-ID provider NAME repeats are documented as `EID_<NAME>_*` rows."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from eservices.residents.providers import PROVIDER_SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def test_every_provider_setting_has_a_readme_row():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in PROVIDER_SETTINGS if f"| `{s.name}` |" not in readme]
    assert not missing, "run python tools/settings_table.py"


def test_the_table_writer_puts_them_after_the_platforms_e_id_settings():
    spec = importlib.util.spec_from_file_location("settings_table",
                                                  ROOT / "tools" / "settings_table.py")
    table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(table)
    rows = table.platform_rows()
    names = [row.split("`")[1] for row in rows]
    first = names.index("EID_<NAME>_ISSUER")
    assert names[first - 1].startswith("EID_") and "<NAME>" not in names[first - 1]
    assert names[first:first + len(PROVIDER_SETTINGS)] == [s.name for s in PROVIDER_SETTINGS]
