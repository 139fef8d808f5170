"""The network policy: which URLs may be requested and which addresses connected to.

A page, a redirect, a sitemap or a robots.txt line can name any URL, and a crawler that
follows it blindly can be made to read the machine's own services (loopback), the local
network, or a cloud's metadata endpoint, which hands out credentials (server-side
request forgery). Every hop of every fetch is held to this policy: its URL must be a
well-formed http(s) URL, and the address the connection goes to, after DNS resolution,
must be a public one. The exception is a crawl aimed at such an address on purpose: the
seed's own host is trusted when it is not public (a crawl of an intranet site, or of a
test server on 127.0.0.1), and `allow_private_addresses` lifts the address rule.

The address check itself runs where the connection is made (`fetch.guard`), on the
address actually connected to, so a name that resolves to a public address when checked
and to 127.0.0.1 when connected (DNS rebinding) is caught too.
"""
from __future__ import annotations

import functools
import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from arabnews_archive.fetch.hosts import idna_host

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud instance metadata services answer on these: reading them hands out the machine's
# credentials. Some are link-local or private anyway; named so the refusal says why.
CLOUD_METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254",  # AWS, Google Cloud, Azure, OpenStack, DigitalOcean...
    "169.254.170.2",  # AWS ECS task metadata
    "fd00:ec2::254",  # AWS over IPv6
    "100.100.100.200",  # Alibaba Cloud
    "192.0.0.192",  # Oracle Cloud
    "168.63.129.16",  # Azure's host endpoint: a public address, so named here
))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Control characters and spaces: never valid in a URL, and a way to smuggle headers.
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def _embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64), which is where the
    packets go; the address itself otherwise."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def address_kind(address: str | IPAddress) -> str | None:
    """What makes an address off limits ("loopback", "private", "cloud metadata"...), or
    None for a public address."""
    ip = _embedded_ipv4(ipaddress.ip_address(address))
    if ip in CLOUD_METADATA:
        return "cloud metadata"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_multicast:
        return "multicast"
    if ip.is_private:
        return "private"
    return None if ip.is_global else "reserved"


# Far beyond any real article URL (percent-encoded Arabic included) and inside the 2,704
# bytes PostgreSQL's URL indexes take: a longer link would fail its page's transaction on
# every resume. Sitemaps stop at 2,048 too.
MAX_URL_LENGTH = 2048
MAX_HOST_LENGTH = 253  # DNS: a longer name cannot resolve


# Cached: discovery checks every link of every listing page, and menus repeat on each.
@functools.lru_cache(maxsize=65536)
def url_problem(url: str) -> str | None:
    """Why `url` cannot be requested (one line), or None for a well-formed http(s) URL."""
    if _CONTROL.search(url):
        return "invalid URL (control character or space)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError as exc:
        return f"invalid URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return f"unsupported URL scheme ({parts.scheme or 'none'})"
    if not parts.hostname:
        return "invalid URL (no host)"
    return length_problem(url)


def length_problem(url: str) -> str | None:
    """Why `url` is too long to fetch or store (see MAX_URL_LENGTH), or None."""
    if len(url) > MAX_URL_LENGTH:
        return f"URL longer than {MAX_URL_LENGTH} characters"
    if len(urlsplit(url).hostname or "") > MAX_HOST_LENGTH:
        return f"host name longer than {MAX_HOST_LENGTH} characters"
    return None


def url_host(url: str) -> str:
    """The host a URL names, as the connection sees it: lower-case, punycode, no brackets."""
    return normal_host(urlsplit(url).hostname or "")


def normal_host(host: str) -> str:
    return idna_host(host.strip("[]"))


def _resolves_off_limits(host: str) -> bool:
    """Whether `host` is, or resolves to, an address that is not public."""
    try:
        return address_kind(host) is not None
    except ValueError:
        pass  # a name, not an address
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False  # unresolvable: the fetch will say so
    return any(address_kind(info[4][0].split("%")[0]) is not None for info in infos)


@dataclass(frozen=True)
class NetworkPolicy:
    """Which addresses a fetch may connect to: public ones; the `trusted` hosts' whatever
    they are; any with `allow_private`."""

    allow_private: bool = False
    trusted: frozenset[str] = frozenset()  # hosts as `normal_host` spells them

    @classmethod
    def for_seeds(cls, urls: Iterable[str], allow_private: bool = False) -> NetworkPolicy:
        """The policy of a crawl (or a fetch) started at `urls`: a seed whose host is, or
        resolves now to, an address that is not public was aimed there on purpose, so that
        host is trusted (any port); every other host is held to the rule."""
        if allow_private:
            return cls(allow_private=True)
        hosts = {url_host(url) for url in urls if url_problem(url) is None}
        return cls(trusted=frozenset(host for host in hosts if _resolves_off_limits(host)))

    def refusal(self, host: str, address: str) -> str | None:
        """Why connecting to `address` for `host` is refused, or None if it is allowed."""
        if self.allow_private:
            return None
        kind = address_kind(address.split("%")[0])  # an IPv6 zone ("fe80::1%eth0") is no part of it
        if kind is None or normal_host(host) in self.trusted:
            return None
        shown = host if normal_host(host) == normal_host(address) else f"{host} ({address})"
        return f"refused: {shown} is a {kind} address (--allow-private-addresses to fetch it)"
