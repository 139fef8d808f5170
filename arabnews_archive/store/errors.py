"""Errors the archive raises for problems a user can fix (shown as one line by the CLI)."""
from __future__ import annotations


class ArchiveError(Exception):
    """Base of the archive's expected failures."""


class DatabaseError(ArchiveError):
    """The database cannot be opened or used: locked, unreachable, not a database, too new."""


class QueryError(ArchiveError, ValueError):
    """A search query that cannot be run, with a message saying why."""
