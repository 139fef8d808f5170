"""The README's examples run as printed: the first-hour walk-through against the demo site,
and the parse example. Commands and their output are read out of README.md, so the docs
cannot drift from what the program does."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
WALK_THROUGH = "## The first hour: crawl the demo site, search, export"


def section(title: str) -> str:
    start = README.index(title)
    end = README.find("\n## ", start + len(title))
    return README[start:end if end != -1 else None]


def console_examples(text: str) -> list[tuple[str, list[str]]]:
    """(command, the output printed under it) for every `$ ` line of the ```console blocks."""
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            elif examples and line.strip() and line.strip() != "...":
                examples[-1][1].append(line.rstrip())
    return examples


def argv(command: str) -> list[str]:
    """The command as a shell would run it, with this virtual environment's programs."""
    words = shlex.split(command)
    program = Path(words[0]).name
    return [str(BIN / program) if program != "python" else sys.executable, *words[1:]]


def check(command: str, printed: list[str], cwd: Path) -> None:
    result = subprocess.run(argv(command), cwd=cwd, capture_output=True, text=True, timeout=300)
    expected_status = 1 if any(line.startswith("Error: ") for line in printed) else 0
    assert result.returncode == expected_status, f"{command}\n{result.stdout}\n{result.stderr}"
    actual = {line.rstrip() for line in (result.stdout + result.stderr).splitlines()}
    assert set(printed) & actual, f"{command}: none of the README's lines was printed:\n{result.stdout}"
    assert "Traceback" not in result.stderr


def test_the_first_hour_runs_as_printed(tmp_path: Path) -> None:
    examples = console_examples(section(WALK_THROUGH))
    (start_site, banner), *commands = examples
    assert start_site.endswith("python -m tests.site") and len(commands) >= 5
    commands_run = {shlex.split(command)[1] for command, _ in commands}
    assert {"crawl", "list", "search", "export"} <= commands_run
    site = subprocess.Popen(argv(start_site), cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert site.stdout is not None and site.stdout.readline().rstrip() == banner[0]
        for command, printed in commands:
            check(command, printed, tmp_path)
    finally:
        site.terminate()
        site.wait(timeout=10)
    assert (tmp_path / "demo.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (tmp_path / "dmeo.db").exists()


def test_the_parse_example_prints_what_the_readme_shows() -> None:
    ((command, printed),) = console_examples(section("## Parse a page"))
    result = subprocess.run(argv(command), cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    shown = [line for line in result.stdout.splitlines() if line.strip()]
    assert shown[:len(printed)] == printed


def test_the_quick_start_still_reads_as_two_commands() -> None:
    quick = section("## Quick start")
    commands = re.findall(r"```sh\n(.*?)\n```", quick, re.S)
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/arabnews crawl "
        "https://www.arabstoday.net/syria-24 --max-pages 50",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest",
    ]


def test_the_stories_example_runs_as_printed(tmp_path: Path) -> None:
    examples = console_examples(section("## Stories across sources"))
    assert [shlex.split(command)[1] for command, _ in examples] == ["import", "stories", "show"]
    shutil.copytree(REPO / "docs" / "stories", tmp_path / "docs" / "stories")
    for command, printed in examples:
        check(command, printed, tmp_path)
