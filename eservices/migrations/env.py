"""Alembic environment: runs inside the Flask app, on the app's own engine."""

from __future__ import annotations

from alembic import context
from flask import current_app

from eservices.db import db

config = context.config


def include_object(obj, name, type_, reflected, compare_to):
    """When writing a module's revision, only look at that module's tables."""
    prefix = config.attributes.get("table_prefix")
    if prefix and type_ == "table":
        return name.startswith(prefix)
    if prefix and hasattr(obj, "table"):
        return obj.table.name.startswith(prefix)
    return True


def run_migrations() -> None:
    app = config.attributes.get("app") or current_app
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # DATABASE_STATEMENT_TIMEOUT_SECONDS is for requests; building an index on
            # a large table may take longer.  LOCAL: the pooled connection keeps its limit.
            connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
        context.configure(connection=connection, target_metadata=db.metadata,
                          render_as_batch=True, compare_type=True,
                          include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
