"""``flask journeys``: built journeys for operators, and between installations.

The same store functions as the editor (``store.py``), so the rules hold from
the command line too: an import with problems is refused with every problem
and its line, a publish with problems is refused with every problem, and an
ejected journey cannot be changed.  Every command exits 1 when refused, so a
deployment script stops there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from flask import current_app
from flask.cli import AppGroup

from ..db import db
from . import eject as ejecting
from . import store, yaml_io
from .models import JourneyRecord
from .schema import JourneyDefinition

journeys_cli = AppGroup("journeys", help="Journeys built in the browser: list, export, "
                                         "import, publish, eject.")
T = TypeVar("T")
#: Who the store records as having made a change from the command line.
CLI_USER = "cli"


def in_request(function: Callable[..., T]) -> Callable[..., T]:
    """Run in a request context: messages are translated (in English, for operators)
    and the store's rules, written for the editor, find what they expect."""
    @wraps(function)
    def run(*args: Any, **kwargs: Any) -> T:
        with current_app.test_request_context("/?lang=en"):
            return function(*args, **kwargs)
    return run


def _record(slug: str) -> JourneyRecord:
    record = store.by_slug(slug)
    if record is None:
        raise click.ClickException(f"no journey {slug!r}; `flask journeys list` shows them")
    return record


def _refuse(message: str, problems: list[str]) -> None:
    click.echo(f"Error: {message}", err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)
    raise SystemExit(1)


@journeys_cli.command("list")
@in_request
def list_journeys() -> None:
    """Every journey: its lifecycle stage, versions, stage pointers and whether ejected."""
    registry = current_app.extensions["eservices.modules"]
    stages = registry.stage_overrides()
    records = store.all_journeys()
    if not records:
        click.echo("No journeys yet.")
    for record in records:
        numbers = [found.number for found in store.versions_of(record)]
        pointers = ", ".join(f"{stage}=v{number}" for stage, number
                             in sorted(store.stage_versions(record).items(),
                                       key=lambda item: store.PUBLISH_STAGES.index(item[0])
                                       if item[0] in store.PUBLISH_STAGES else 9))
        ejected = (f"ejected v{record.ejected_version} "
                   f"{record.ejected_at:%Y-%m-%d}" if record.ejected_at else "")
        click.echo(f"{record.slug:30} {stages.get(record.module_id, 'idea'):10} "
                   f"versions={len(numbers):<3} {pointers or '-':30} {ejected}".rstrip())


@journeys_cli.command("export")
@click.argument("slug")
@click.option("--version", "number", type=int, default=None,
              help="A published version (default: the draft).")
@in_request
def export(slug: str, number: int | None) -> None:
    """Print a journey as YAML: the draft, or a published version."""
    record = _record(slug)
    if number is None:
        definition = store.draft_of(record)
    else:
        found = store.definition_of(record, number)
        if found is None:
            raise click.ClickException(f"{slug} has no version {number}")
        definition = found
    click.echo(yaml_io.dump(definition), nl=False)


def import_definition(definition: JourneyDefinition, by: str = CLI_USER
                      ) -> tuple[JourneyRecord, bool]:
    """Create the journey, or replace its draft; (record, created)."""
    record = store.by_slug(definition.slug)
    if record is None:
        return store.create(definition, by), True
    store.save_draft(record, definition, by)
    return record, False


EXAMPLES = Path(__file__).resolve().parent / "examples"


@in_request
def load_examples() -> list[str]:
    """Import and publish (as prototypes) the example journeys not yet here; their slugs.

    For ``flask eservices load-demo``: a journey already present - loaded
    before, or changed by a designer since - is left as it is.
    """
    loaded = []
    for file in sorted(EXAMPLES.glob("*.yaml")):
        definition = yaml_io.load(file.read_bytes())
        if store.by_slug(definition.slug) is not None:
            continue
        record = store.create(definition, CLI_USER)
        store.publish(record, "The example journey, loaded with the demo", CLI_USER,
                      "prototype")
        db.session.commit()
        loaded.append(definition.slug)
    return loaded


@journeys_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", default=None, help="Import under this address instead of the file's.")
@in_request
def import_file(file: Path, slug: str | None) -> None:
    """Create a journey from a YAML file, or replace its draft.

    A file with any problem is refused as a whole, with every problem and its line.
    """
    if file.stat().st_size > yaml_io.MAX_YAML_BYTES:
        _refuse(f"{file} is larger than {yaml_io.MAX_YAML_BYTES} bytes", [])
    try:
        definition = yaml_io.load(file.read_bytes(), slug=slug)
        record, created = import_definition(definition)
    except yaml_io.ImportRefused as exc:
        db.session.rollback()
        _refuse(f"{file} cannot be imported:", [f"{file.name}:{p.line or '-'}: {p.message}"
                                                for p in exc.problems])
    except store.JourneyRefused as exc:
        db.session.rollback()
        _refuse(str(exc), [problem.message for problem in exc.problems])
    db.session.commit()
    click.echo(f"{'Created' if created else 'Replaced the draft of'} {record.slug} "
               f"(draft revision {record.draft_revision}); publish it with "
               f"`flask journeys publish {record.slug} --stage prototype`.")


@journeys_cli.command("publish")
@click.argument("slug")
@click.option("--stage", type=click.Choice(store.PUBLISH_STAGES), required=True)
@click.option("--note", default="", help="What changed, for the version history.")
@in_request
def publish(slug: str, stage: str, note: str) -> None:
    """Publish the draft as the next version and point STAGE at it."""
    record = _record(slug)
    try:
        published = store.publish(record, note or "Published from the command line",
                                  CLI_USER, stage)
    except store.JourneyRefused as exc:
        db.session.rollback()
        _refuse(str(exc), [f"{p.page + ': ' if p.page else ''}{p.message}"
                           for p in exc.problems])
    db.session.commit()
    click.echo(f"Published {slug} version {published.number} as {stage}.")


@journeys_cli.command("eject")
@click.argument("slug")
@click.option("--version", "number", type=int, default=None,
              help="The published version to write out (default: the newest).")
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The folder of prototype packages (default: the project's prototypes/).")
@in_request
def eject(slug: str, number: int | None, into: Path | None) -> None:
    """Write a code module from a published version; the journey becomes read-only."""
    record = _record(slug)
    folder = into or Path(current_app.root_path).parent / "prototypes"
    try:
        target = ejecting.eject(record, folder, number, CLI_USER)
    except ejecting.EjectRefused as exc:
        db.session.rollback()
        _refuse(str(exc), [])
    db.session.commit()
    click.echo(f"Wrote {target}/ from version {record.ejected_version}; {slug} is read-only "
               f"here now. Restart the app to serve the code module; its test: "
               f"python -m pytest {target}/tests")
