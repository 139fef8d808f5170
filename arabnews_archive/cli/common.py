"""Options and error handling shared by every command."""
from __future__ import annotations

import functools
import sys
from typing import Any, Callable

import click

from arabnews_archive.parse import ParseError
from arabnews_archive.store.errors import ArchiveError


class UserError(click.ClickException):
    """A problem the user can fix: printed as one line, exit status 1, no traceback."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)


def db_option(func: Callable) -> Callable:
    """`--db URL`, falling back to $ARABNEWS_DB, then the default SQLite file."""
    return click.option(
        "--db",
        "db",
        envvar="ARABNEWS_DB",
        metavar="URL",
        default=None,
        help="Database URL or SQLite file path (default: $ARABNEWS_DB, else the archive file in the user data folder).",
    )(func)


def friendly_errors(func: Callable) -> Callable:
    """Turn expected failures (bad files, broken databases, network faults) into one-line errors."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except (ArchiveError, ParseError) as exc:
            # Expected failures carry a message written for the user.
            raise UserError(_first_line(str(exc)) or type(exc).__name__) from exc
        except Exception as exc:  # noqa: BLE001 - the whole point is a clean one-liner
            raise UserError(_first_line(f"{type(exc).__name__}: {exc}")) from exc

    return wrapper


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0] if lines else ""
