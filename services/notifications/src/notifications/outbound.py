"""Where a webhook may be sent: keeping subscribers from pointing our servers at our own network (SSRF).

A URL is checked twice. When a subscription is made, `OutboundPolicy.check_url` refuses what is wrong on
its face (not https, credentials in the URL, a literal internal address). Before every attempt,
`OutboundPolicy.resolve` looks the name up and refuses it if *any* address it resolves to is internal;
the attempt then connects to the very address that was checked (`CheckedTarget.request_url`), so a
name that changes its answer between the check and the connection (DNS rebinding) gains nothing.

The rules follow OWASP's SSRF prevention advice
(https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

from notifications.config import NotificationsSettings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_PORTS = {"http": 80, "https": 443}
# Instance metadata services hand out cloud credentials: AWS and most others (IPv4 and IPv6), and
# Alibaba Cloud.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address) for address in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
# Carrier-grade NAT space (RFC 6598); Python 3.11 counts it neither private nor global.
SHARED_ADDRESS_SPACE = ipaddress.IPv4Network("100.64.0.0/10")
# NAT64's well-known prefix (RFC 6052) reaches the IPv4 address in its last 32 bits.
NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")


class TargetRefused(ValueError):
    """A webhook URL we will not send to; `reason` is written for the subscriber (field `url`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CheckedTarget:
    """A webhook URL with the address it resolved to and that passed the policy: connect to that one."""

    url: httpx.URL
    host: str
    port: int
    address: IPAddress

    @property
    def request_url(self) -> httpx.URL:
        """The URL with the checked address in place of the name (httpx brackets an IPv6 address)."""
        return self.url.copy_with(host=str(self.address))

    @property
    def host_header(self) -> str:
        """The original `host[:port]`, so that the server still sees the name it was given."""
        return self.url.netloc.decode("ascii")

    @property
    def extensions(self) -> dict[str, str]:
        """httpcore uses `sni_hostname` for TLS SNI and the certificate's name check (it defaults to the
        URL's host, which is now an address no certificate names)."""
        return {"sni_hostname": self.host} if self.url.scheme == "https" else {}


class OutboundPolicy:
    def __init__(
        self,
        *,
        http_allowed_hosts: Iterable[str] = (),
        allowed_networks: Iterable[str] = (),
        resolve_timeout_seconds: float = 5.0,
    ) -> None:
        self.http_allowed_hosts = frozenset(host.lower() for host in http_allowed_hosts)
        self.allowed_networks: tuple[IPNetwork, ...] = tuple(
            ipaddress.ip_network(network, strict=False) for network in allowed_networks
        )
        self.resolve_timeout_seconds = resolve_timeout_seconds

    @classmethod
    def from_settings(cls, settings: NotificationsSettings) -> OutboundPolicy:
        return cls(
            http_allowed_hosts=settings.webhook_http_allowed_hosts,
            allowed_networks=settings.webhook_allowed_networks,
            resolve_timeout_seconds=settings.webhook_timeout_seconds,
        )

    def check_url(self, url: str) -> httpx.URL:
        """Refuse a URL that is wrong on its face; this does no DNS, so it can run when subscribing."""
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise TargetRefused(f"not a valid URL: {exc}") from exc
        if not parsed.is_absolute_url or not parsed.host:
            raise TargetRefused("must be an absolute URL with a host, such as https://example.org/webhooks")
        host = _host_of(parsed)
        if parsed.scheme == "http":
            if host not in self.http_allowed_hosts:
                raise TargetRefused("must use https")
        elif parsed.scheme != "https":
            raise TargetRefused(f"must use https, not {parsed.scheme}")
        if parsed.userinfo:
            raise TargetRefused("must not carry credentials; sign-in details in URLs leak into logs")
        literal = _ip_or_none(host)
        if literal is not None:
            self._check_address(host, literal)
        return parsed

    async def resolve(self, url: str | httpx.URL) -> CheckedTarget:
        """Look the host up and refuse it unless every address it has is allowed."""
        parsed = self.check_url(str(url))
        host = _host_of(parsed)
        port = parsed.port or DEFAULT_PORTS[parsed.scheme]
        literal = _ip_or_none(host)
        addresses = [literal] if literal is not None else await self._lookup(host, port)
        for address in addresses:
            self._check_address(host, address)
        return CheckedTarget(url=parsed, host=host, port=port, address=addresses[0])

    def refusal(self, address: IPAddress) -> str | None:
        """Why a webhook may not reach `address`, or None when it may."""
        # Refused even inside an allowed network: allowing, say, 100.64.0.0/10 for a cluster must not
        # open Alibaba Cloud's metadata service with it, and no subscriber has a webhook there.
        if address in METADATA_ADDRESSES:
            return "a cloud metadata address"
        if any(address in network for network in self.allowed_networks):
            return None
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            reason = self.refusal(embedded)
            return None if reason is None else f"wraps {embedded}, {reason}"
        if address.is_unspecified:
            return "an unspecified address"
        if address.is_loopback:
            return "a loopback address"
        if address.is_link_local:
            return "a link-local address"
        if address.is_multicast:
            return "a multicast address"
        if address in SHARED_ADDRESS_SPACE:
            return "a shared (carrier-grade NAT) address"
        if address.is_private:
            return "a private address"
        if address.is_reserved:
            return "a reserved address"
        if not address.is_global:
            return "not a public address"
        return None

    def _check_address(self, host: str, address: IPAddress) -> None:
        reason = self.refusal(address)
        if reason is not None:
            shown = host if host == str(address) else f"{host} ({address})"
            raise TargetRefused(f"{shown} is {reason}; webhooks go to public addresses only")

    async def _lookup(self, host: str, port: int) -> list[IPAddress]:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.resolve_timeout_seconds):
                infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError as exc:
            limit = self.resolve_timeout_seconds
            raise TargetRefused(f"looking up {host} took longer than {limit:g} s") from exc
        except (socket.gaierror, UnicodeError) as exc:
            raise TargetRefused(f"{host} could not be resolved ({exc})") from exc
        # An IPv6 socket address may carry a zone ("fe80::1%eth0"), which is not part of the address.
        addresses = [ipaddress.ip_address(str(info[4][0]).partition("%")[0]) for info in infos]
        if not addresses:
            raise TargetRefused(f"{host} has no address")
        return list(dict.fromkeys(addresses))


def _host_of(url: httpx.URL) -> str:
    """The host as ASCII (an internationalised name in its IDNA form), the form DNS and TLS use."""
    return url.raw_host.decode("ascii").lower()


def _ip_or_none(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4 or NAT64), which is where packets end up."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64_PREFIX:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None
