"""Export, import and status: what the command line and the staff page both do.

An import reads the file (either format), checks it against the site's texts in
its language as they are now, and writes only when nothing is wrong; the
result says what was refused and why, what was written, and what to look at
(SMS that grew).  The caller audits it and commits.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from ..db import db
from ..staff import audit
from . import csv_file, xliff_file
from .catalogue_files import LANGUAGE_CODE, ROOT
from .checks import Verdict, check, check_language
from .incoming import FILE_LIMIT, Parsed, Problem
from .sources import languages, sources
from .units import collect
from .writer import apply

FORMATS = ("xliff", "csv")
SUFFIX = {"xliff": "xlf", "csv": "csv"}
MIMETYPE = {"xliff": "application/xliff+xml", "csv": "text/csv"}


def export(language: str, file_format: str) -> bytes:
    units = collect(sources(), language)
    return (xliff_file if file_format == "xliff" else csv_file).write(units)


def file_name(language: str, file_format: str) -> str:
    return f"translations-{language}.{SUFFIX[file_format]}"


def format_of(data: bytes) -> str:
    """XLIFF when the file starts like XML, else CSV."""
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "xliff" if start == b"<" else "csv"


@dataclass
class Imported:
    verdict: Verdict
    file_format: str
    written: list[Path] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.verdict.problems)

    @property
    def action(self) -> str:
        """The audit log's name for it."""
        return "translations_import_refused" if self.refused else "translations_imported"


def parse(data: bytes) -> tuple[str, Parsed]:
    file_format = format_of(data)
    if not data.strip():
        return file_format, Parsed(None, problems=[Problem(_("The file is empty"))])
    if len(data) > FILE_LIMIT:
        return file_format, Parsed(None, problems=[Problem(_(
            "The file is larger than %(mb)d MB", mb=FILE_LIMIT // (1024 * 1024)))])
    return file_format, (xliff_file if file_format == "xliff" else csv_file).read(data)


def checked(data: bytes) -> Imported:
    """``data`` read and checked against the site's texts; nothing is written yet."""
    file_format, parsed = parse(data)
    if parsed.language is None or not LANGUAGE_CODE.fullmatch(parsed.language):
        return Imported(check_language(parsed), file_format)
    # Problems reading some rows do not hide those of the others: all are listed.
    return Imported(check(parsed, collect(sources(), parsed.language)), file_format)


def write(imported: Imported) -> None:
    """Write a checked import's changes (none if it was refused)."""
    verdict = imported.verdict
    if not imported.refused and verdict.changes and verdict.language:
        imported.written = apply(sources(), verdict.language, verdict.changes)


def import_file(data: bytes, file_name: str) -> Imported:
    """Check ``data``, audit the outcome, then write the changes only if all was right.

    The audit event is flushed first, so an import the audit log cannot hold is
    not written either; the caller commits it.
    """
    with _one_import_at_a_time():
        return _import(data, file_name)


@contextmanager
def _one_import_at_a_time() -> Iterator[None]:
    """Two administrators importing at once would each check against files the other is
    replacing: one import at a time on this machine, checked against what is on disk."""
    path = Path(current_app.instance_path) / "translations-import.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _import(data: bytes, file_name: str) -> Imported:
    imported = checked(data)
    verdict = imported.verdict
    event = audit.record(imported.action, subject=verdict.language or "",
                         file=file_name[:200], file_format=imported.file_format,
                         problems=len(verdict.problems), changes=len(verdict.changes))
    db.session.flush()
    write(imported)
    event.details = {**event.details, "written": [
        str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        for path in imported.written]}
    return imported


def site_languages() -> list[str]:
    """The languages with catalogues, and any the site is configured for without one yet."""
    found = languages(sources())
    configured = [getattr(language, "code", language)
                  for language in current_app.config.get("LANGUAGES") or ()]
    return found + [code for code in configured if code not in found]
