"""Rewrite the README's configuration table from the declared settings.

    python tools/settings_table.py

The platform's rows come from ``eservices.config``, then every installed
module's ``ModuleSetting``s as ``<MODULE_ID>_<NAME>``, modules in id order.  A
test checks the table against both, so it is generated rather than hand-copied.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eservices.config import SETTINGS  # noqa: E402
from eservices.modules.registry import ModuleRegistry, discover  # noqa: E402
from eservices.residents.providers import PROVIDER_SETTINGS  # noqa: E402


def row(setting, name: str = "") -> str:
    default = f"`{setting.default}`" if setting.default else "(empty)"
    meaning = setting.help.replace("|", "\\|")  # a pipe inside a table cell
    return f"| `{name or setting.name}` | {default} | {meaning} |"


def platform_rows() -> list[str]:
    """The platform's settings; after the e-ID ones, the rows each provider NAME repeats
    (``EID_<NAME>_ISSUER`` ...): named at run time, they are not in ``SETTINGS``."""
    last_eid = max(i for i, s in enumerate(SETTINGS) if s.name.startswith("EID_"))
    rows = [row(s) for s in SETTINGS]
    return rows[:last_eid + 1] + [row(s) for s in PROVIDER_SETTINGS] + rows[last_eid + 1:]


def module_rows() -> list[str]:
    """Each installed module's settings, as an operator writes them."""
    modules = sorted(discover(ModuleRegistry()), key=lambda module: module.id)
    return [row(setting, f"{module.id.upper()}_{setting.name}")
            for module in modules for setting in module.settings]


def main() -> None:
    readme = ROOT / "README.md"
    lines = readme.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(f"| `{SETTINGS[0].name}`"))
    last = first
    while last + 1 < len(lines) and lines[last + 1].startswith("| `"):
        last += 1
    lines[first:last + 1] = platform_rows() + module_rows()
    readme.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
