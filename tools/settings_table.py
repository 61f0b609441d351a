"""Rewrite the platform rows of the README's configuration table from eservices.config.

    python tools/settings_table.py

The table is checked against the declared settings by a test; this keeps the
platform part of it generated rather than hand-copied.  Module settings (the
rows after the platform's) are left as they are.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eservices.config import SETTINGS  # noqa: E402


def row(setting) -> str:
    default = f"`{setting.default}`" if setting.default else "(empty)"
    meaning = setting.help.replace("|", "\\|")  # a pipe inside a table cell
    return f"| `{setting.name}` | {default} | {meaning} |"


def main() -> None:
    readme = ROOT / "README.md"
    lines = readme.read_text(encoding="utf-8").splitlines()
    platform = {s.name for s in SETTINGS}
    first = next(i for i, line in enumerate(lines) if line.startswith(f"| `{SETTINGS[0].name}`"))
    last = first
    while last + 1 < len(lines) and lines[last + 1].startswith("| `"):
        last += 1
    while lines[last].split("`")[1] not in platform:  # the modules' rows stay
        last -= 1
    lines[first:last + 1] = [row(s) for s in SETTINGS]
    readme.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
