"""The `arabnews` command line: each command is a thin layer over a Python function."""
from __future__ import annotations

import importlib

import click

from arabnews_archive.version import __version__

# Each module registers its commands on `main` when imported; one module per job.
COMMAND_MODULES = ("parse", "archive", "crawl", "warc")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="arabnews")
def main() -> None:
    """Crawl, archive, parse and search Arabic-language news.

    \b
    Example:
        arabnews parse page.html --format text
    """


for _name in COMMAND_MODULES:
    importlib.import_module(f"arabnews_archive.cli.{_name}").register(main)
