"""Choosing, opening and migrating the archive database (SQLite file or PostgreSQL)."""
from __future__ import annotations

import functools
import json
import logging
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from arabnews_archive.store.errors import DatabaseError

log = logging.getLogger(__name__)

ENV_VAR = "ARABNEWS_DB"
# Writers wait this long for another writer's lock before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Set on the writing engine: SQLite then takes the write lock at BEGIN, so a writer
# never fails half-way when another writer committed since its first read.
_WRITE_OPTION = "arabnews_write"
# Key of the PostgreSQL advisory lock held while the schema is upgraded ("arabnews" in ASCII).
_UPGRADE_LOCK = 0x6172616E657773


def default_path() -> Path:
    """`$XDG_DATA_HOME/arabnews/archive.db`, else `~/.local/share/arabnews/archive.db`."""
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "arabnews" / "archive.db"


# What a URL may name: SQLite (a file) and PostgreSQL through psycopg 3. Others are refused
# by name rather than failing on a driver that is not there.
_SUPPORTED = ("sqlite", "postgresql")
POSTGRES_EXTRA = "pip install -e '.[postgres]'"


def resolve_url(db: str | None = None, *, create: bool = True) -> str:
    """The SQLAlchemy URL for `db`: a URL, a file path (SQLite), else $ARABNEWS_DB, else the default file.

    A file's folder is created, unless `create` is false. A database other than SQLite or
    PostgreSQL raises :class:`DatabaseError`, naming the two that are supported.
    """
    db = db or os.environ.get(ENV_VAR) or str(default_path())
    if "://" not in db:
        path = Path(db).expanduser().resolve()
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    for prefix in ("postgres://", "postgresql://"):
        if db.startswith(prefix):
            return "postgresql+psycopg://" + db[len(prefix):]
    try:
        backend = sa.make_url(db).get_backend_name()
    except sa.exc.ArgumentError:
        raise DatabaseError(f"not a database URL or file path: {db}") from None
    if backend not in _SUPPORTED:
        raise DatabaseError(
            f"{backend} databases are not supported: give a SQLite file path or a postgresql:// URL")
    return db


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (None for PostgreSQL and for an in-memory database)."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database.removeprefix("file:"))  # as `read_only_url` names it


def _refuse_missing(url: str, db: str | None) -> None:
    """A read-only open of a SQLite file that is not there: one line naming the path (as the
    user gave it), not a new file."""
    path = sqlite_file(url)
    if path is not None and not path.exists():
        shown = db if db and "://" not in db else path
        raise DatabaseError(f"no archive at {shown} (check the path; commands that store pages create one)")


_READ_ONLY = "mode=ro&immutable=1"


def read_only_url(url: str) -> str:
    """`url`, or for a SQLite file that cannot be written (read-only media, a folder or file
    without write permission) a URL that opens it read-only and immutable: SQLite would
    otherwise need to create its WAL and shared-memory files beside it, and cannot."""
    path = sqlite_file(url)
    if path is None or not path.exists() or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return url
    return f"sqlite:///file:{path}?{_READ_ONLY}&uri=true"


def display_url(url: str) -> str:
    """`url` with any password hidden, for messages."""
    return sa.make_url(url).render_as_string(hide_password=True)


def create_archive_engine(url: str) -> Engine:
    """An engine configured for the archive (SQLite: WAL, foreign keys, busy timeout, real BEGIN)."""
    # JSON columns hold Arabic text: stored as UTF-8, not \u escapes three times the size.
    try:
        engine = sa.create_engine(url, json_serializer=functools.partial(json.dumps, ensure_ascii=False))
    except ModuleNotFoundError as exc:
        if sa.make_url(url).get_backend_name() == "postgresql":
            raise DatabaseError(f"PostgreSQL needs the psycopg driver ({exc.name} is not installed): "
                                f"{POSTGRES_EXTRA}") from None
        raise
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect_read_only if _READ_ONLY in url else _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 module's own transaction handling skips BEGIN before DDL and
    # SELECT; turning it off and emitting BEGIN ourselves makes migrations and
    # batches atomic.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_connect_read_only(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # as _sqlite_connect; no journal mode: nothing is written


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(_WRITE_OPTION)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def migrations_path() -> Path:
    """The repository's top-level `alembic/` folder, found from the installed package."""
    path = Path(__file__).resolve().parents[2] / "alembic"
    if not (path / "env.py").is_file():
        raise DatabaseError(
            f"migration scripts not found at {path}: install arabnews from its source tree (pip install -e .)"
        )
    return path


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    """An Alembic configuration for `url`, reusing `connection` when given."""
    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


class Database:
    """An open, up-to-date archive database and its short-lived sessions."""

    def __init__(self, url: str, engine: Engine):
        self.url = url
        self.engine = engine
        self.dialect = engine.dialect.name
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False)
        self._file = sqlite_file(url)
        self._identity = _identity(self._file) if self._file is not None else None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; on SQLite WAL it never waits for writers."""
        with _friendly_errors(self.url), self._read() as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose work commits atomically at the end of the block."""
        self._check_file()
        with _friendly_errors(self.url), self._write() as session, session.begin():
            yield session

    def _check_file(self) -> None:
        """Refuse to write once the SQLite file was deleted or replaced while open: SQLite would
        go on writing to the unlinked file, and a crawl would report pages stored that nobody
        can ever read. One stat per transaction, beside a commit's fsync."""
        if self._file is not None and _identity(self._file) != self._identity:
            raise DatabaseError(f"the archive file {self._file} was deleted or replaced while in use: "
                                "stopped so that nothing more is written where it cannot be read")

    def close(self) -> None:
        self.engine.dispose()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


@contextmanager
def _friendly_errors(url: str) -> Iterator[None]:
    try:
        yield
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseError(f"database {display_url(url)}: {reason}") from exc
    except sa.exc.DatabaseError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if "not a database" in reason:
            raise DatabaseError(f"{display_url(url)} is not a database ({reason})") from exc
        raise


def schema_revisions(url: str, connection: Connection) -> tuple[str | None, str]:
    """(the database's revision or None when empty, the code's head revision)."""
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    assert head is not None, "the migration scripts have no head"
    return MigrationContext.configure(connection).get_current_revision(), head


def _is_known(url: str, revision: str) -> bool:
    try:
        ScriptDirectory.from_config(alembic_config(url)).get_revision(revision)
    except CommandError:
        return False
    return True


def schema_state(url: str, connection: Connection) -> tuple[str | None, str, str]:
    """(database revision, head revision, one of 'current', 'empty', 'outdated', 'newer', 'foreign')."""
    current, head = schema_revisions(url, connection)
    if current == head:
        return current, head, "current"
    if current is not None:
        return current, head, "outdated" if _is_known(url, current) else "newer"
    return current, head, "foreign" if sa.inspect(connection).get_table_names() else "empty"


def inspect_database(db: str | None = None) -> tuple[str, str | None, str, str]:
    """(URL, revision, head, state as in :func:`schema_state`) without changing anything: a
    SQLite file that does not exist is refused, not created."""
    url = resolve_url(db, create=False)
    _refuse_missing(url, db)
    url = read_only_url(url)
    engine = create_archive_engine(url)
    try:
        with _friendly_errors(url), engine.connect() as connection, connection.begin():
            return (url, *schema_state(url, connection))
    finally:
        engine.dispose()


def _check_and_upgrade(url: str, connection: Connection, upgrade: bool) -> None:
    current, head, state = schema_state(url, connection)
    if state == "newer":
        raise DatabaseError(
            f"database is at revision {current}, newer than this arabnews (head {head}): upgrade arabnews"
        )
    if state == "foreign":
        raise DatabaseError(f"{display_url(url)} has tables but no arabnews schema version: refusing to touch it")
    if state == "current" or not upgrade:
        return
    if current is None:
        log.warning("creating the archive database %s (schema %s)", display_url(url), head)
    else:
        log.warning("upgrading database %s from revision %s to %s", display_url(url), current, head)
    command.upgrade(alembic_config(url, connection), "head")


def _lock_schema(connection: Connection) -> None:
    """Serialise upgrades on PostgreSQL: workers starting together on several machines
    would otherwise all run the migrations. Held until the upgrade's transaction ends;
    SQLite's BEGIN IMMEDIATE already does this."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK})


def open_database(db: str | None = None, *, upgrade: bool = True, create: bool = True) -> Database:
    """Open `db` (see :func:`resolve_url`), initialising or upgrading its schema to head.

    A database at a revision this code does not know (newer) is refused untouched.
    With ``upgrade=False`` an outdated database is opened as it is. With ``create=False`` a
    SQLite file that does not exist is refused (:class:`DatabaseError` naming the path)
    instead of created, as commands that only read open it.
    """
    url = resolve_url(db, create=create)
    if not create:
        _refuse_missing(url, db)
    url = read_only_url(url)
    engine = create_archive_engine(url)
    try:
        with _friendly_errors(url):
            with engine.connect() as connection, connection.begin():
                current, head = schema_revisions(url, connection)
            if current != head:
                # Re-checked under the write lock: another process may be upgrading too.
                writer = engine.execution_options(**{_WRITE_OPTION: True})
                with writer.connect() as connection, connection.begin():
                    _lock_schema(connection)
                    _check_and_upgrade(url, connection, upgrade)
    except BaseException:
        engine.dispose()
        raise
    return Database(url, engine)
