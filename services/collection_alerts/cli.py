"""``flask collection-alerts``: importing the route network and managing API keys.

The imports read the waste-management system's exports (formats in ``importing``);
a file with any problem is reported in full and nothing of it is written.  API
keys are for the route-management integration; the key is printed once and only
its hash is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup
from sqlalchemy import select

from eservices.toolkit import STOCKHOLM, audit, db

from .importing import MODULE_ID, ImportFailed, import_file
from .keys import create_api_key, revoke_api_key
from .models import ApiKey

cli = AppGroup("collection-alerts", help="Collection calendar and alerts.")

PROGRESS_FROM_ROWS = 1000  # smaller files are done before a bar would be seen


def _progress(items: Sequence[Any], label: str) -> AbstractContextManager[Iterable[Any]]:
    if len(items) > PROGRESS_FROM_ROWS:
        return click.progressbar(items, label=label)
    return nullcontext(items)


def _import(kind: str, file: Path) -> None:
    try:
        result = import_file(kind, file, progress=_progress)
    except ImportFailed as failed:
        for problem in failed.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"nothing imported: {len(failed.problems)} problem(s) "
                                   f"in {file.name}") from None
    unchanged = result.rows - result.created - result.updated
    click.echo(f"Imported {result.rows} {kind.replace('-', ' ')} from {file.name}: "
               f"{result.created} new, {result.updated} changed, {unchanged} unchanged.")


FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@cli.command("import-addresses")
@click.argument("file", type=FILE)
def import_addresses(file: Path) -> None:
    """Import collection addresses (CSV or JSON); see the importer for the columns."""
    _import("addresses", file)


@cli.command("import-routes")
@click.argument("file", type=FILE)
def import_routes(file: Path) -> None:
    """Import routes: weekday, weeks, season, start time and truck."""
    _import("routes", file)


@cli.command("import-stops")
@click.argument("file", type=FILE)
def import_stops(file: Path) -> None:
    """Import route stops in driving order (import addresses and routes first)."""
    _import("stops", file)


@cli.command("import-holiday-shifts")
@click.argument("file", type=FILE)
def import_holiday_shifts(file: Path) -> None:
    """Import holiday shifts: collections of one date moved to another."""
    _import("holiday-shifts", file)


@cli.command("create-api-key")
@click.argument("name")
@click.option("--by", "created_by", default="command line",
              help="Who asked for the key (kept with it).")
def create_api_key_command(name: str, created_by: str) -> None:
    """Create an API key for the route-management integration; it is shown only now."""
    row, key = create_api_key(name, created_by)
    db.session.flush()
    audit.record("api_key_created", subject=row.prefix, module_id=MODULE_ID, name=name)
    db.session.commit()
    click.echo(f"API key {row.prefix} for {name} - store it now, it is not shown again:")
    click.echo(key)


@cli.command("revoke-api-key")
@click.argument("prefix")
def revoke_api_key_command(prefix: str) -> None:
    """Revoke the API key with this prefix (the part after "ca_")."""
    row = db.session.scalar(select(ApiKey).where(ApiKey.prefix == prefix.removeprefix("ca_")))
    if row is None:
        raise click.ClickException(f"no API key with prefix {prefix!r}")
    if row.revoked_at is not None:
        click.echo(f"API key {row.prefix} ({row.name}) was already revoked.")
        return
    revoke_api_key(row)
    audit.record("api_key_revoked", subject=row.prefix, module_id=MODULE_ID, name=row.name)
    db.session.commit()
    click.echo(f"Revoked API key {row.prefix} ({row.name}).")


@cli.command("list-api-keys")
def list_api_keys() -> None:
    """List API keys: prefix, name, created, last used, revoked."""
    def shown(moment: datetime | None) -> str:  # Swedish time, as staff read it
        return f"{moment.astimezone(STOCKHOLM):%Y-%m-%d %H:%M}" if moment else "-"

    for row in db.session.scalars(select(ApiKey).order_by(ApiKey.created_at)):
        click.echo(f"{row.prefix:10} {row.name:30} created {shown(row.created_at)}  "
                   f"used {shown(row.last_used_at)}  revoked {shown(row.revoked_at)}")
