"""When to retry a failed fetch and how long to wait first."""
from __future__ import annotations

import random
from collections.abc import Callable
from email.utils import parsedate_to_datetime

from arabnews_archive.fetch.settings import FetchSettings


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive result means "GMT" was omitted
        return None
    return max(0.0, when.timestamp() - now)


class Backoff:
    """Exponential backoff with full jitter (sleep = uniform(0, min(max, base * factor^n))).

    Full jitter spreads retries from many workers hitting one struggling server.
    """

    def __init__(self, settings: FetchSettings, rng: Callable[[], float] = random.random) -> None:
        self._settings = settings
        self._rng = rng

    def delay(self, retry_number: int, retry_after: float | None = None) -> float:
        """Wait before retry `retry_number` (1-based); a server's Retry-After wins, capped."""
        s = self._settings
        if retry_after is not None:
            return min(retry_after, s.retry_after_max)
        ceiling = min(s.backoff_max, s.backoff_base * s.backoff_factor ** (retry_number - 1))
        return ceiling * self._rng()
