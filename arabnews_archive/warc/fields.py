"""WARC extension fields for what a fetch holds and WARC has no field for.

A WARC response says "this URI gave this HTTP response at this time". The archive
also knows the URL first asked for, the redirect hops, its error note, and whether a
body was stored at all; those go in one `Arabnews-Fetch` field (compact JSON, only
the keys that differ from what the record itself implies), so that exporting and
re-importing loses nothing. WARC readers ignore fields they do not know.
"""
from __future__ import annotations

import json
from typing import Any

FETCH_FIELD = "Arabnews-Fetch"
# On request records: how the exporter built the header block, so import can undo it.
REQUEST_FIELD = "Arabnews-Request"
SYNTHESIZED = "synthesized"  # no headers were stored: only a request line and Host
HOST_ADDED = "host-added"  # the stored headers, with the Host line http.client sent


def encode(values: dict[str, Any]) -> str | None:
    """The field's value, or None when there is nothing to say."""
    if not values:
        return None
    # ASCII only: WARC headers are often read as Latin-1 by older tools.
    return json.dumps(values, ensure_ascii=True, separators=(",", ":"))


def decode(value: str | None) -> dict[str, Any]:
    """The values in a field, {} when absent or unreadable (it is only ever a refinement)."""
    if not value:
        return {}
    try:
        found = json.loads(value)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}
