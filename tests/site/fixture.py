"""pytest fixture for the synthetic site: `from tests.site.fixture import site_server`."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.site.server import SiteServer


@pytest.fixture
def site_server() -> Iterator[SiteServer]:
    """A fresh server on 127.0.0.1 (random port), robots Crawl-delay 0.2 s, empty log."""
    with SiteServer() as server:
        yield server
