"""``flask eservices``: operator commands of the platform."""

from __future__ import annotations

import secrets
from importlib import import_module

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from .config import SETTINGS
from .db import db
from .modules.manifest import ROLES
from .staff import accounts
from .staff.accounts import MIN_PASSWORD_LENGTH
from .staff.models import StaffUser
from .translation_work.cli import translations_cli

eservices_cli = AppGroup("eservices", help="Tjänsteslussen platform commands.")
eservices_cli.add_command(translations_cli)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(f"use at least {MIN_PASSWORD_LENGTH} characters",
                                 param_hint="password")


def _existing_user(username: str) -> StaffUser:
    user = db.session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        raise click.BadParameter(f"no staff user {username!r}", param_hint="username")
    return user


def create_staff_user(username: str, display_name: str, roles: list[str],
                      password: str) -> StaffUser:
    _check_password(password)
    if db.session.scalar(select(StaffUser).where(StaffUser.username == username)):
        raise click.BadParameter(f"user {username!r} already exists", param_hint="username")
    user = StaffUser(username=username, display_name=display_name or username,
                     roles=",".join(sorted(set(roles))))
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


@eservices_cli.command("create-user")
@click.argument("username")
@click.option("--name", "display_name", default="", help="Full name shown in audit logs.")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES),
              help="Role; repeat for several.")
@click.password_option(help="Prompted for when not given (never put it in shell history).")
def create_user(username: str, display_name: str, roles: tuple[str, ...],
                password: str) -> None:
    """Create a staff account."""
    user = create_staff_user(username, display_name, list(roles), password)
    click.echo(f"Created staff user {user.username} with roles {user.roles}.")


@eservices_cli.command("set-password")
@click.argument("username")
@click.password_option(help="Prompted for when not given (never put it in shell history).")
def set_password(username: str, password: str) -> None:
    """Give a staff account a new password; every browser signed in as it is signed out."""
    _check_password(password)
    user = _existing_user(username)
    ended = accounts.change_password(user, password)
    db.session.commit()
    click.echo(f"New password set for {username}; {ended} open sessions ended.")


@eservices_cli.command("deactivate-user")
@click.argument("username")
def deactivate_user(username: str) -> None:
    """Stop a staff account from signing in, and end its open sessions now."""
    ended = accounts.deactivate(_existing_user(username))
    db.session.commit()
    click.echo(f"Deactivated {username}; {ended} open sessions ended.")


@eservices_cli.command("modules")
def list_modules() -> None:
    """List installed modules: enabled, disabled and broken."""
    registry = current_app.extensions["eservices.modules"]
    for module_id, module in sorted(registry.installed.items()):
        state = "enabled" if module_id in registry.enabled else "disabled"
        click.echo(f"{module_id:28} {registry.stage(module):10} {state:9} "
                   f"{module.resident_prefix}")
    for broken in registry.broken:
        click.echo(f"{broken.name:28} {'-':10} BROKEN    {broken.error}")


@eservices_cli.command("settings")
def list_settings() -> None:
    """Print every setting with its default, as a Markdown table."""
    def row(name: str, default: str, meaning: str) -> str:
        shown = f"`{default}`" if default else "(empty)"
        return f"| `{name}` | {shown} | {meaning.replace('|', chr(92) + '|')} |"

    click.echo("| Setting | Default | Meaning |\n|---|---|---|")
    for setting in SETTINGS:
        click.echo(row(setting.name, setting.default, setting.help))
    registry = current_app.extensions["eservices.modules"]
    for module_id, module in sorted(registry.installed.items()):
        for setting in module.settings:
            click.echo(row(f"{module_id.upper()}_{setting.name}", setting.default, setting.help))


@eservices_cli.command("new-prototype")
@click.argument("slug")
@click.option("--name-sv", default="", help="Swedish name (default: from the slug).")
@click.option("--name-en", default="", help="English name (default: from the slug).")
@click.option("--owner", default="Tjänstedesign <tjanstedesign@exempelkommun.se>",
              show_default=True, help="The responsible team's contact.")
def new_prototype(slug: str, name_sv: str, name_en: str, owner: str) -> None:
    """Create a working prototype module under prototypes/<slug>/."""
    from pathlib import Path

    from .scaffold import ScaffoldError, create_prototype

    root = Path(current_app.root_path).parent
    title = slug.replace("_", " ").capitalize()
    try:
        target = create_prototype(root, slug, name_sv or title, name_en or title, owner,
                                  taken=set(current_app.extensions["eservices.modules"]
                                            .installed))
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {target.relative_to(root)}/ - restart the app to see it at "
               f"/{slug.replace('_', '-')}/ (stage: prototype).")
    click.echo(f"Its journey test: python -m pytest {target.relative_to(root)}/tests")


@eservices_cli.command("purge-journeys")
def purge_journeys() -> None:
    """Delete residents' journey answers older than SESSION_HOURS.

    Unfinished answers are personal data nobody will come back for; submitted
    ones have been copied into the module's own case table.
    """
    from datetime import timedelta

    from sqlalchemy import delete

    from .db import utcnow
    from .forms.journey import JourneyState

    cutoff = utcnow() - timedelta(hours=current_app.config["SESSION_HOURS"])
    result = db.session.execute(delete(JourneyState).where(JourneyState.updated_at < cutoff))
    db.session.commit()
    click.echo(f"Deleted {result.rowcount} journeys last touched before "
               f"{cutoff:%Y-%m-%d %H:%M} UTC.")


@eservices_cli.command("run-job")
@click.argument("name")
def run_job_command(name: str) -> None:
    """Run one module's periodic job now (for cron, or to catch up by hand)."""
    from .scheduler import jobs, run_job

    known = jobs(current_app)
    if name not in known:
        raise click.ClickException(f"no job {name!r}; known jobs: {', '.join(sorted(known))}")
    result = run_job(current_app._get_current_object(), name)  # type: ignore[attr-defined]
    click.echo(f"{name}: {result}" if result is not None else f"{name}: done")


@eservices_cli.command("load-demo")
def load_demo() -> None:
    """Load the demo municipality: demo staff accounts and every module's demo data."""
    if current_app.config["ESERVICES_ENV"] == "production":
        raise click.ClickException("demo data is never loaded in production")
    registry = current_app.extensions["eservices.modules"]
    for module_id, module in sorted(registry.enabled.items()):
        if module.demo_data:
            path, _, name = module.demo_data.partition(":")
            getattr(import_module(path), name)()
            click.echo(f"Demo data loaded for {module_id}.")
    from .journeys.cli import load_examples

    for slug in load_examples():
        click.echo(f"Example journey loaded and published as a prototype: /{slug}/")
    accounts_file = current_app.instance_path + "/demo-accounts.txt"
    created = []
    # The demo coach also designs: an idea's "Starta en prototyp" opens the editor.
    for username, roles in (("handlaggare", ("handlaggare",)), ("designer", ("tjanstedesigner",)),
                            ("coach", ("idecoach", "tjanstedesigner")),
                            ("admin", ("administrator",))):
        if db.session.scalar(select(StaffUser).where(StaffUser.username == username)):
            continue
        password = secrets.token_urlsafe(12)
        create_staff_user(username, f"Demo {roles[0]}", list(roles), password)
        created.append(f"{username} / {password} ({', '.join(roles)})")
    if created:
        with open(accounts_file, "a", encoding="utf-8") as fh:
            fh.write("\n".join(created) + "\n")
        click.echo("Demo staff accounts (also in instance/demo-accounts.txt):")
        for line in created:
            click.echo("  " + line)
    else:
        click.echo(f"Demo staff accounts exist; see {accounts_file}.")
