"""WARC files in and out of the archive: export stored fetches, import WARC and ARC files.

Both directions go through warcio, the Webrecorder library that reads and writes
WARC/ARC as pywb, Common Crawl's tools and most crawlers expect.
"""
