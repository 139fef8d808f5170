"""Fetching: polite, bounded, never-raising HTTP for the crawler.

`PoliteFetcher` is the entry point; `Downloader`, `RobotsCache` and `HostThrottle`
are its replaceable parts, and `FetchSettings` holds every knob they read. See
docs/crawl-components.md.
"""
from __future__ import annotations

from arabnews_archive.fetch.clock import SYSTEM_CLOCK, Clock
from arabnews_archive.fetch.downloader import Downloader
from arabnews_archive.fetch.hosts import host_key, site_host
from arabnews_archive.fetch.polite_fetcher import DISALLOWED, PoliteFetcher
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.fetch.robots import RobotsCache
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.fetch.sniff import ANY_TYPE
from arabnews_archive.fetch.throttle import HostSchedule, HostThrottle, MemorySchedule

__all__ = [
    "ANY_TYPE", "Clock", "DISALLOWED", "Downloader", "FetchResult", "FetchSettings", "HostSchedule",
    "HostThrottle", "MemorySchedule", "PoliteFetcher", "RobotsCache", "SYSTEM_CLOCK", "host_key", "site_host",
]
