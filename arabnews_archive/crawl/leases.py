"""Who holds a frontier lease, and whether that holder is gone.

An owner id is `host:pid:token`. A lease held by a process of this machine that no
longer exists is released at once when a crawl starts, so a crawl killed with -9 and
started again resumes immediately instead of waiting for its old leases to expire.
Leases of other machines are trusted until they expire.
"""
from __future__ import annotations

import os
import secrets
import socket
import threading

_ACTIVE: set[str] = set()
_GUARD = threading.Lock()


def new_owner() -> str:
    """A fresh owner id, marked active in this process until :func:`retire`."""
    owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
    with _GUARD:
        _ACTIVE.add(owner)
    return owner


def retire(owner: str) -> None:
    with _GUARD:
        _ACTIVE.discard(owner)


def is_dead(owner: str) -> bool:
    """True only when the owner certainly runs no more: a vanished local process, or an
    earlier, finished run inside this very process."""
    try:
        host, pid_text, _token = owner.rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return False
    if host != socket.gethostname():
        return False
    if pid == os.getpid():
        with _GUARD:
            return owner not in _ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False
