"""Alembic environment: one schema for SQLite and PostgreSQL, from the archive's models.

The database is the connection handed over by the archive (config.attributes), else
`-x db=URL`, else the configuration's sqlalchemy.url, else $ARABNEWS_DB, else the
default SQLite file.
"""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from arabnews_archive.store.database import create_archive_engine, resolve_url
from arabnews_archive.store.models import Base, include_name, include_object

config = context.config


def _configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=Base.metadata,
        include_name=include_name,
        include_object=include_object,
        **kwargs,
    )


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    if config.config_file_name:
        fileConfig(config.config_file_name)
    url = resolve_url(context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url"))
    if context.is_offline_mode():
        _configure(url=url, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_archive_engine(url)
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


main()
