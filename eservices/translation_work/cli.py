"""``flask eservices translations``: export, import and status for translators.

The operator's messages are in English, as the rest of the platform's commands;
every import is audited as the staff page's are.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy.exc import SQLAlchemyError

from ..db import db
from .catalogue_files import LANGUAGE_CODE, incomplete_languages
from .coverage import coverage, total
from .sources import sources
from .workflow import FORMATS, export, import_file
from .workflow import site_languages as _site_languages

translations_cli = AppGroup("translations", help="Export, import and check translations.")


def _language(_context: click.Context, _param: click.Parameter, value: str) -> str:
    if not LANGUAGE_CODE.fullmatch(value):
        raise click.BadParameter("a language code is two or three small letters (fi, se, fit)")
    return value


@translations_cli.command("export")
@click.argument("language", callback=_language)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: standard output).")
@click.option("--format", "file_format", type=click.Choice(FORMATS), default="xliff",
              show_default=True)
def export_command(language: str, output: str | None, file_format: str) -> None:
    """Write every text of the platform and the modules in LANGUAGE to one file."""
    with force_locale("en"):
        body = export(language, file_format)
    if output:
        Path(output).write_bytes(body)
        click.echo(f"Wrote {output} ({file_format}, {language}).", err=True)
    else:
        sys.stdout.buffer.write(body)


@translations_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(file: str) -> None:
    """Check a translated file (XLIFF or CSV) and write it; nothing is written on a problem."""
    with force_locale("en"):
        try:
            result = import_file(Path(file).read_bytes(), Path(file).name)
            db.session.commit()
        except SQLAlchemyError as error:
            raise click.ClickException(f"nothing was imported: the audit log cannot be "
                                       f"written ({error.__class__.__name__}); has "
                                       f"`flask db upgrade` run?") from error
        verdict = result.verdict
        for warning in verdict.warnings:
            click.echo(f"warning: {warning}", err=True)
        if result.refused:
            for problem in verdict.problems:
                click.echo(str(problem), err=True)
            raise click.ClickException(f"{len(verdict.problems)} problems; nothing was "
                                       "imported.")
    click.echo(f"{verdict.language}: {verdict.units} texts read, {len(verdict.changes)} "
               f"changed, {len(result.written)} files written and compiled.")


@translations_cli.command("status")
@click.option("--require-complete", "required", multiple=True, callback=lambda c, p, v: [
    _language(c, p, code) for code in v], help="Fail unless this language is complete "
              "and reviewed; repeat for several.")
def status_command(required: list[str]) -> None:
    """Coverage per language and module: translated, fuzzy and missing texts."""
    found = sources()
    incomplete = incomplete_languages()
    failed = []
    click.echo(f"{'language':9} {'module':24} {'kind':10} {'translated':>10} {'fuzzy':>6} "
               f"{'missing':>8}")
    codes = _site_languages()
    for language in codes + [code for code in required if code not in codes]:
        rows = coverage(found, language)
        for row in rows:
            click.echo(f"{language:9} {row.module:24} {row.kind:10} {row.translated:10} "
                       f"{row.fuzzy:6} {row.missing:8}")
        summed = total(rows, language)
        declared = " (declared incomplete)" if language in incomplete else ""
        click.echo(f"{language:9} {'all':24} {'':10} {summed.translated:10} {summed.fuzzy:6} "
                   f"{summed.missing:8}  {summed.percent}% reviewed{declared}")
        if language in required and not summed.complete:
            failed.append(language)
    if failed:
        raise click.ClickException(f"not complete: {', '.join(failed)}")
