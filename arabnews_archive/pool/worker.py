"""A parser process of `pool.ParsePool`: `python -m arabnews_archive.pool.worker [MODULE...]`.

It imports the MODULEs named (where the calls it will get come from), then reads
pickled (function, arguments) pairs on stdin and answers each with a pickled ("ok",
result) or ("error", exception), until stdin closes: so it ends with the program that
started it, even one killed with SIGKILL.
"""
from __future__ import annotations

import importlib
import os
import pickle
import sys

# What every call needs, loaded before READY so that the first call is as fast as the next.
import arabnews_archive.parse  # noqa: F401
from arabnews_archive.pool import READY


def main() -> None:
    for module in sys.argv[1:]:  # the callers' own modules, named by them: this unit knows none
        importlib.import_module(module)
    try:
        _serve()
    except BrokenPipeError:
        # The caller ended (quickly, or stopped) before reading this answer: nothing is waiting
        # for it. End quietly, and let nothing flush into the closed pipe on the way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)


def _serve() -> None:
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the channel
    answers.write(READY)
    answers.flush()
    while True:
        try:
            function, args = pickle.load(requests)
        except EOFError:
            return
        try:
            answer: tuple[str, object] = ("ok", function(*args))
        except Exception as exc:  # noqa: BLE001 - raised again in the caller, as in-process parsing would
            answer = ("error", exc)
        pickle.dump(answer, answers, pickle.HIGHEST_PROTOCOL)
        answers.flush()


if __name__ == "__main__":
    main()
