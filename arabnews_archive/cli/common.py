"""What every command shares: the --db option, plurals, and how errors end a command.

An error the user can fix (a path that is not an archive, a bad query, an unreadable
file, a database that cannot be reached) ends the command with one line and a hint. Any
other exception is a bug: one line too, saying so, unless --traceback (or
ARABNEWS_DEBUG=1) asks for the whole traceback. A reader that stops reading (`| head`)
ends the command quietly.
"""
from __future__ import annotations

import io
import os
import sys
from typing import Any, Callable, NoReturn

import click

from arabnews_archive.parse import NotAnArticle, ParseError
from arabnews_archive.store.errors import ArchiveError

DEBUG_ENV = "ARABNEWS_DEBUG"
# Exit statuses as a shell reports a process ended by these signals (128 + the signal).
INTERRUPTED, BROKEN_PIPE, TERMINATED = 130, 141, 143


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


def plural(n: int, word: str, words: str | None = None) -> str:
    """ "1 page", "2 pages" (`words` for an irregular plural)."""
    return f"{n} {word if n == 1 else words or word + 's'}"


def _set_traceback(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta["arabnews.traceback"] = True


TRACEBACK_OPTION = click.Option(
    ["--traceback"], is_flag=True, expose_value=False, is_eager=True, callback=_set_traceback,
    help=f"On an unexpected error, show the whole traceback (also: {DEBUG_ENV}=1).")


def wants_traceback(ctx: click.Context) -> bool:
    return bool(ctx.meta.get("arabnews.traceback")) or os.environ.get(DEBUG_ENV, "") not in ("", "0")


def expected_message(exc: BaseException) -> str | None:
    """The one line to show for an error the user can act on; None for a bug."""
    if isinstance(exc, (ArchiveError, NotAnArticle, ParseError)):
        # Expected failures carry a message written for the user.
        return _first_line(str(exc)) or type(exc).__name__
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        # A file given on the command line (or its folder) that cannot be read or written.
        return f"{exc.filename}: {exc.strerror}"
    return None


def end_quietly_on_broken_pipe() -> NoReturn:
    """The reader went away (`arabnews list | head`): nothing more to say, no traceback, and
    no second error when Python flushes standard output on its way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (click's test runner): nothing to flush later
    sys.exit(BROKEN_PIPE)


def run_command(ctx: click.Context, invoke: Callable[[], Any]) -> Any:
    """Run a command, ending it as described in this module's docstring."""
    try:
        result = invoke()
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return result
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except BrokenPipeError:
        end_quietly_on_broken_pipe()
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(INTERRUPTED)
    except Exception as exc:
        if wants_traceback(ctx):
            raise
        message = expected_message(exc)
        if message is not None:
            raise UserError(message) from exc
        raise UserError(
            f"unexpected {type(exc).__name__}: {_first_line(str(exc))} "
            f"(a bug: run again with --traceback to see where, and report it)") from exc


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0] if lines else ""
