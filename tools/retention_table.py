"""Rewrite the README's table of retention periods from the declared retention rules.

    python tools/retention_table.py

The platform's own rules (``eservices.my_pages.retention.PLATFORM_RETENTION``)
come first, then every installed module's ``personal_data.retention`` in id
order, each with the setting that changes it.  The table sits between the
README's ``<!-- retention-table -->`` markers; a test checks it is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eservices.modules.registry import ModuleRegistry, discover  # noqa: E402
from eservices.my_pages.retention import (  # noqa: E402
    PLATFORM,
    PLATFORM_RETENTION,
    override_name,
)

START, END = "<!-- retention-table -->", "<!-- /retention-table -->"
HEADER = ["| Data | Kept (days) | Setting | What, and from when |", "|---|---|---|---|"]


def _row(owner: str, retention, setting: str | None) -> str:
    days = "until it ends" if retention.days == 0 else str(retention.days)
    text = str(retention.description).replace("|", "\\|")
    return (f"| `{owner}.{retention.key}` ({retention.kind}) | {days} | "
            f"{f'`{setting}`' if setting else '(fixed)'} | {text} |")


def rows() -> list[str]:
    found = [_row(PLATFORM, retention, setting) for retention, setting in PLATFORM_RETENTION]
    for module in sorted(discover(ModuleRegistry()), key=lambda m: m.id):
        for retention in module.personal_data.retention if module.personal_data else ():
            found.append(_row(module.id, retention, override_name(module.id, retention.key)))
    return [*HEADER, *found]


def table() -> str:
    return "\n".join([START, *rows(), END])


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    readme.write_text(text[:start] + table() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
