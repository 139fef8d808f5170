"""Pairing request records with their responses, whichever comes first in the file.

Writers disagree on order (warcio and Heritrix write the response first, wget the
request) and on which record points to the other with WARC-Concurrent-To. A pair
shares a key: one record's id in the other's Concurrent-To, or the same target URI
and date. Pairs sit close together, so only a small window of unpaired records is
kept, and memory stays flat whatever the file's size.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Hashable, Optional, TypeVar

from arabnews_archive.warc.reader import Entry

WINDOW = 64
Value = TypeVar("Value")


@dataclass(frozen=True)
class Found(Generic[Value]):
    """A match: the value the other side of the pair left (which may itself be None)."""

    value: Value


def pair_keys(entry: Entry) -> list[Hashable]:
    """Every key by which `entry` may be paired."""
    keys: list[Hashable] = [name_value[1] for name_value in entry.record.rec_headers.headers
                            if name_value[0].lower() == "warc-concurrent-to"]
    if entry.record_id:
        keys.append(entry.record_id)
    date: Optional[datetime] = entry.date
    if entry.uri and date is not None:
        keys.append((entry.uri, date))
    return keys


class _Side(Generic[Value]):
    """Unpaired records of one kind: key -> token, token -> (keys, value), oldest first."""

    def __init__(self) -> None:
        self.by_key: dict[Hashable, int] = {}
        self.tokens: OrderedDict[int, tuple[list[Hashable], Value]] = OrderedDict()

    def take(self, keys: list[Hashable]) -> Found[Value] | None:
        token = next((self.by_key[k] for k in keys if k in self.by_key), None)
        if token is None:
            return None
        own_keys, value = self.tokens.pop(token)
        for key in own_keys:
            self.by_key.pop(key, None)
        return Found(value)

    def put(self, token: int, keys: list[Hashable], value: Value) -> int:
        """Remember a record; returns how many old ones fell out of the window."""
        self.tokens[token] = (keys, value)
        for key in keys:
            self.by_key[key] = token
        dropped = 0
        while len(self.tokens) > WINDOW:
            old_keys, _ = self.tokens.popitem(last=False)[1]
            for key in old_keys:
                if self.by_key.get(key) not in self.tokens:
                    self.by_key.pop(key, None)
            dropped += 1
        return dropped


class Pairing:
    """Responses carry a fetch id (None: not stored); requests carry the headers they sent."""

    def __init__(self) -> None:
        self._responses: _Side[Optional[int]] = _Side()
        self._requests: _Side[Optional[dict[str, str]]] = _Side()
        self._next = 0
        self.unpaired_requests = 0

    def response(self, keys: list[Hashable]) -> Found[Optional[dict[str, str]]] | None:
        """The headers of a request already seen for this response, if any (it is consumed)."""
        return self._requests.take(keys)

    def stored(self, keys: list[Hashable], fetch_id: Optional[int]) -> None:
        """Remember a response with no request yet, for a request that follows."""
        self._next += 1
        self._responses.put(self._next, keys, fetch_id)

    def forget(self, keys: list[Hashable]) -> None:
        """A response whose fetch was rolled back: its request must not find that fetch id."""
        self._responses.take(keys)

    def request(self, keys: list[Hashable], headers: Optional[dict[str, str]]) -> Found[Optional[int]] | None:
        """The fetch id of the response this request belongs to; else it waits for its response."""
        found = self._responses.take(keys)
        if found is None:
            self._next += 1
            self.unpaired_requests += self._requests.put(self._next, keys, headers)
        return found

    def finish(self) -> int:
        """Requests never paired (end of file): counted as skipped."""
        self.unpaired_requests += len(self._requests.tokens)
        self._requests = _Side()
        return self.unpaired_requests
