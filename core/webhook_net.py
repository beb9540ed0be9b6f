"""SSRF protection for webhook deliveries: check every address a URL's host resolves to, then
connect to the address that was checked.

A webhook URL is chosen by a user and fetched by Slipway's worker, inside Slipway's network: a
URL naming ``127.0.0.1``, ``10.0.0.5``, ``169.254.169.254`` (cloud metadata) or a hostname that
resolves to one of them would let a user reach what only Slipway can reach. ``refusal`` says
why an address may not be reached (IPv4 and IPv6, including IPv4-mapped, 6to4, Teredo and NAT64
addresses, judged by the IPv4 address they carry).

Checking the name and then letting the HTTP client resolve it again would be open to DNS
rebinding (a name that answers a public address to the check and ``127.0.0.1`` to the
connection). ``PinnedTransport`` resolves once, checks every answer, and connects to the checked
address itself, keeping the original ``Host`` header and TLS server name (SNI, certificate
verification) of the URL. Redirects are never followed, and proxies from the environment are
ignored (they would connect on our behalf to wherever they like).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]
"""``(host, port) -> addresses``: the DNS boundary (tests inject answers here)."""

METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_RULES: tuple[tuple[str, Callable[[IPAddress], bool]], ...] = (
    ("a cloud metadata address", lambda ip: ip in METADATA),
    ("a loopback address", lambda ip: ip.is_loopback),
    ("a link-local address", lambda ip: ip.is_link_local),
    ("a multicast address", lambda ip: ip.is_multicast),
    ("an unspecified address", lambda ip: ip.is_unspecified),
    ("a reserved address", lambda ip: ip.is_reserved),
    ("a private address", lambda ip: ip.is_private),
    ("not a public address", lambda ip: not ip.is_global),
)


class AddressRefused(Exception):
    """The URL may not be delivered to (its message says why, without secrets)."""


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal(ip: IPAddress) -> str | None:
    """Why ``ip`` may not be reached by a webhook, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            reason = refusal(embedded)
            return f"{reason} (inside {ip})" if reason else None
    for reason, applies in _RULES:
        if applies(ip):
            return reason
    return None


def literal_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return [str(info[4][0]) for info in infos]


@dataclass
class Guard:
    """Resolves a host once and answers the one address to connect to, or refuses."""

    allow_private: bool = False
    """``WEBHOOK_ALLOW_PRIVATE``: local development and tests only."""
    resolver: Resolver = field(default=system_resolver)

    def check(self, ip: IPAddress, host: str) -> None:
        reason = refusal(ip)
        if reason is not None and not self.allow_private:
            shown = host if literal_ip(host) else f"{host} ({ip})"
            raise AddressRefused(f"{shown} is {reason}; webhooks are delivered to public addresses")

    async def pin(self, host: str, port: int) -> str:
        literal = literal_ip(host)
        if literal is not None:
            self.check(literal, host)
            return str(literal)
        try:
            answers = await self.resolver(host, port)
        except OSError as exc:
            raise AddressRefused(f"{host} does not resolve") from exc
        addresses = [ip for ip in (literal_ip(a.split("%")[0]) for a in answers) if ip is not None]
        if not addresses:
            raise AddressRefused(f"{host} does not resolve")
        for ip in addresses:  # every answer must pass: a client could be handed any of them
            self.check(ip, host)
        return str(addresses[0])


def check_url(url: str) -> httpx.URL:
    """The URL's own shape: http(s), a host, no credentials."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise AddressRefused("not a valid URL") from exc
    if parsed.scheme not in ("http", "https"):
        raise AddressRefused("only http and https URLs can receive webhooks")
    if not parsed.host:
        raise AddressRefused("the URL has no host")
    if parsed.userinfo:
        raise AddressRefused("the URL may not carry credentials (user:password@)")
    return parsed


def default_port(url: httpx.URL) -> int:
    return url.port or (443 if url.scheme == "https" else 80)


class PinnedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that connects only to the address its ``Guard`` checked."""

    def __init__(self, guard: Guard, **options: Any) -> None:
        self.guard = guard
        self._inner = httpx.AsyncHTTPTransport(retries=0, trust_env=False, **options)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = check_url(str(request.url))
        address = await self.guard.pin(url.host, default_port(url))
        # The Host header was set from the original URL when the request was built; only the
        # address connected to changes. TLS keeps the original name for SNI and verification.
        request.url = url.copy_with(host=address)
        if url.scheme == "https" and literal_ip(url.host) is None:
            request.extensions = {**request.extensions, "sni_hostname": url.host}
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def client(guard: Guard, timeout: float) -> httpx.AsyncClient:
    """The HTTP client of webhook deliveries: pinned, no redirects, no environment proxies."""
    return httpx.AsyncClient(
        transport=PinnedTransport(guard),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
    )
