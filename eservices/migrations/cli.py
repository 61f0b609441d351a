"""``flask db``: apply and write migrations for the platform and every module."""

from __future__ import annotations

import click
from alembic import command
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import AppGroup

from . import alembic_config

db_cli = AppGroup("db", help="Database migrations (platform and modules).")

PLATFORM_BASE = "platform@head"


@db_cli.command("upgrade")
@click.argument("target", default="heads")
def upgrade(target: str) -> None:
    """Apply migrations; by default every branch to its newest revision."""
    command.upgrade(alembic_config(current_app), target)


@db_cli.command("downgrade")
@click.argument("target")
def downgrade(target: str) -> None:
    """Revert to TARGET (e.g. ``accessibility_report@-1``)."""
    command.downgrade(alembic_config(current_app), target)


@db_cli.command("current")
def current() -> None:
    """Show the revision each branch is at."""
    command.current(alembic_config(current_app), verbose=False)


@db_cli.command("heads")
def heads() -> None:
    command.heads(alembic_config(current_app), verbose=True)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
@click.option("--module", "module_id", help="Write the revision in this module's branch.")
@click.option("--autogenerate", is_flag=True, help="Compare models with the database.")
def revision(message: str, module_id: str | None, autogenerate: bool) -> None:
    """Write a new revision for the platform or for one module."""
    config = alembic_config(current_app)
    if module_id is None:
        command.revision(config, message=message, autogenerate=autogenerate,
                         head=PLATFORM_BASE)
        return
    registry = current_app.extensions["eservices.modules"]
    module = registry.installed.get(module_id)
    if module is None:
        raise click.BadParameter(f"no installed module {module_id!r}", param_hint="--module")
    config.attributes["table_prefix"] = module.table_prefix
    module.migrations_dir.mkdir(parents=True, exist_ok=True)
    script = ScriptDirectory.from_config(config)
    has_branch = any(module_id in (rev.branch_labels or ()) for rev in script.walk_revisions())
    if has_branch:
        command.revision(config, message=message, autogenerate=autogenerate,
                         head=f"{module_id}@head", version_path=str(module.migrations_dir))
    else:
        command.revision(config, message=message, autogenerate=autogenerate, head="base",
                         branch_label=module_id, version_path=str(module.migrations_dir),
                         depends_on=PLATFORM_BASE)
