"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from eservices.db import db
from eservices.migrations import alembic_config, upgrade


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_branch_is_at_its_head(app):
    def applied():
        with app.app_context(), db.engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads())

    before = applied()
    upgrade(app)  # nothing left to apply: the test database is at every head
    assert applied() == before
    script = ScriptDirectory.from_config(alembic_config(app))
    labels = {label for rev in script.walk_revisions() for label in rev.branch_labels}
    assert {"platform", "notifications", "accessibility_report"} <= labels
