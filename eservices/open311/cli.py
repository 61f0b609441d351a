"""``flask open311``: the API keys Open311 clients file requests with.

A key is printed once, when it is made; only its hash is stored.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..db import db
from .keys import ApiKey, create_api_key, revoke_api_key

# An AppGroup: every command runs inside the app's context (the database).
open311_cli = AppGroup("open311", help="Open311 GeoReport v2: API keys for the clients.")


@open311_cli.command("create-key")
@click.argument("name")
@click.option("--by", default="cli", help="Who asked for the key (kept with it).")
def create_key(name: str, by: str) -> None:
    """Make a key for the client NAME and print it (the only time it is shown)."""
    row, key = create_api_key(name, ("open311",), created_by=by)
    db.session.commit()
    click.echo(f"{row.prefix}\t{key}")


@open311_cli.command("list-keys")
def list_keys() -> None:
    """Every key: prefix, name, created, last used, revoked."""
    for row in db.session.scalars(select(ApiKey).order_by(ApiKey.created_at)):
        click.echo("\t".join([row.prefix, row.name, row.created_at.isoformat(),
                              row.last_used_at.isoformat() if row.last_used_at else "-",
                              row.revoked_at.isoformat() if row.revoked_at else "-"]))


@open311_cli.command("revoke-key")
@click.argument("prefix")
def revoke_key(prefix: str) -> None:
    """Revoke the key with PREFIX; a client using it is refused from now on."""
    row = db.session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if row is None:
        raise click.ClickException(f"no key with prefix {prefix}")
    revoke_api_key(row)
    db.session.commit()
    click.echo(f"revoked {prefix}")
