"""`arabnews serve` as a person runs it: a real process listening on 127.0.0.1, a one-line
error for a missing archive or a taken port, a warning when it listens beyond this machine."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("flask")

from arabnews_archive.archive import Archive  # noqa: E402
from tests.web_archive import fill  # noqa: E402

SERVE = [sys.executable, "-c", "from arabnews_archive.cli import main; main()", "serve"]


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "archive.db")
    with Archive(path) as archive:
        fill(archive)
    return path


def serve(*args: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    """Start `arabnews serve ARGS`; (the process, the address it says it serves, what it said before)."""
    process = subprocess.Popen([*SERVE, *args], stderr=subprocess.PIPE, text=True, env={**os.environ})
    assert process.stderr is not None
    lines = []
    for line in process.stderr:
        lines.append(line)
        found = re.search(r" at (http://\S+/) \(Ctrl-C to stop\)", line)
        if found:
            return process, found.group(1), lines[:-1]
    raise AssertionError("serve did not start: " + "".join(lines))


def test_serve_reads_the_archive_on_this_machine_and_stops_on_ctrl_c(db: str) -> None:
    process, address, before = serve("--port", "0", "--db", db)
    assert before == []
    try:
        assert address.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(address + "search?q=%D9%85%D8%AF%D8%B1%D8%B3%D8%A9", timeout=10) as response:
            assert response.status == 200 and '<html lang="ar" dir="rtl">' in response.read().decode()
    finally:
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=10)
    assert process.returncode == 0 and "Stopped." in rest


def test_listening_beyond_this_machine_warns_that_there_is_no_login(db: str) -> None:
    process, address, before = serve("--host", "127.0.0.2", "--port", "0", "--db", db)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=10)
    assert address.startswith("http://127.0.0.2:")
    assert before == ["Warning: listening on 127.0.0.2: anyone who can reach this address can read the archive "
                      "(there is no login)\n"]


def test_a_missing_archive_or_a_taken_port_is_one_line(tmp_path: Path, db: str) -> None:
    missing = subprocess.run([*SERVE, "--db", str(tmp_path / "typo.db")], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1
    assert missing.stderr == f"Error: no archive at {tmp_path / 'typo.db'} (check the path; commands that store " \
                             "pages create one)\n"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = subprocess.run([*SERVE, "--port", str(port), "--db", db], capture_output=True, text=True, timeout=60)
    assert busy.returncode == 1
    assert re.fullmatch(rf"Error: cannot listen on 127\.0\.0\.1:{port}: .+\n", busy.stderr), busy.stderr
