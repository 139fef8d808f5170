"""The `arabnews` command line: each command is a thin layer over the Python API (`Archive`,
`parse_article`), one to one, with the same names and options."""
from __future__ import annotations

import importlib
from typing import Any

import click

from arabnews_archive.cli.common import TRACEBACK_OPTION, run_command
from arabnews_archive.version import __version__

# Each module registers its commands on `main` when imported; one module per job.
COMMAND_MODULES = ("parse", "archive", "stories", "crawl", "watch", "warc", "web")


def _with_traceback(command: click.Command) -> None:
    """--traceback after any command's name too (`arabnews list --traceback`)."""
    if not any(param.name == "traceback" for param in command.params):
        command.params.append(TRACEBACK_OPTION)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _with_traceback(sub)


class Commands(click.Group):
    """The group of every command: errors end each one the same way (`cli.common.run_command`)."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        _with_traceback(cmd)
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context) -> Any:
        return run_command(ctx, lambda: super(Commands, self).invoke(ctx))


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="arabnews")
def main() -> None:
    """Crawl, archive, parse and search Arabic-language news.

    Every command has its twin in Python (`arabnews_archive.Archive`), and lists print a
    table, or --json, --csv, --nl (one JSON object a line) for programs. An unexpected
    error prints one line; --traceback (or ARABNEWS_DEBUG=1) shows all of it.

    \b
    Example:
        arabnews crawl http://127.0.0.1:8765/syria/ --max-pages 30 --db demo.db
        arabnews search دمشق --db demo.db
    """


main.params.append(TRACEBACK_OPTION)

for _name in COMMAND_MODULES:
    importlib.import_module(f"arabnews_archive.cli.{_name}").register(main)
