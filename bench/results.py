"""Where the benchmarks write their results: tables in docs/performance.md.

Each table follows a marker comment naming it; a new row goes first under the
header, so the newest result is the first one read.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path

PERFORMANCE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def machine() -> str:
    """The machine, as the results table describes it."""
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def record(table: str, cells: list[object], path: Path = PERFORMANCE) -> None:
    """Add a row (the machine's description appended) to the table after ``<!-- table -->``."""
    marker = f"<!-- {table} -->"
    lines = path.read_text(encoding="utf-8").split("\n")
    if marker not in lines:
        raise SystemExit(f"{path} has no {marker} line before a results table")
    at = lines.index(marker) + 1
    while at < len(lines) and not lines[at].startswith("|---"):
        if not lines[at].startswith("|"):
            raise SystemExit(f"{marker} in {path} is not followed by a table")
        at += 1
    row = "| " + " | ".join(str(cell) for cell in [*cells, machine()]) + " |"
    lines.insert(at + 1, row)
    path.write_text("\n".join(lines), encoding="utf-8")
