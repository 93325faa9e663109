"""Where a webhook may be sent: keeping subscribers from pointing our servers at our own network (SSRF).

A URL is checked twice. When a subscription is made, `OutboundPolicy.check_url` refuses what is wrong on
its face (not https, credentials in the URL, a literal internal address). Before every attempt,
`OutboundPolicy.resolve` looks the name up and refuses it if *any* address it resolves to is internal;
the attempt then connects to the very address that was checked (`CheckedTarget.request_url`), so a
name that changes its answer between the check and the connection (DNS rebinding) gains nothing.

The rules follow OWASP's SSRF prevention advice
(https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html).
Which addresses are public comes from IANA's special-purpose address registries, transcribed below
(`SPECIAL_PURPOSE`), with the deprecated ranges they no longer list and IPv6's global unicast space; what
`ipaddress` says (is_private, is_reserved, is_global...) is checked as well, so a range either source
knows of is refused.
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
# NAT64's well-known prefix (RFC 6052) reaches the IPv4 address in its last 32 bits.
NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
# IANA's IPv6 address space registry allocates only 2000::/3 as global unicast; the rest is reserved,
# multicast, local or deprecated (https://www.iana.org/assignments/ipv6-address-space/).
GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")

# Every range of IANA's IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890), as listed on
# 2025-01 (https://www.iana.org/assignments/iana-ipv4-special-registry/,
# https://www.iana.org/assignments/iana-ipv6-special-registry/), refused whatever their "globally
# reachable" column says: anycast relays, AS112 sinks and translation prefixes host no subscriber's
# webhook. Added: multicast (RFC 5771, RFC 4291) and the deprecated ranges the registries dropped or
# never listed: site-local fec0::/10 (RFC 3879) and the 6bone's 3ffe::/16 (RFC 3701). The IPv4-mapped,
# NAT64 and 6to4 prefixes are judged by the IPv4 address they carry first (`_embedded_ipv4`).
# Keep it in step with the registries; `ipaddress`'s flags are checked as well (`refusal`).
SPECIAL_PURPOSE: tuple[tuple[str, str, str], ...] = (
    # IPv4
    ("0.0.0.0/8", "a 'this network' address", "RFC 791"),
    ("0.0.0.0/32", "an unspecified address ('this host on this network')", "RFC 1122"),
    ("10.0.0.0/8", "a private address", "RFC 1918"),
    ("100.64.0.0/10", "a shared (carrier-grade NAT) address", "RFC 6598"),
    ("127.0.0.0/8", "a loopback address", "RFC 1122"),
    ("169.254.0.0/16", "a link-local address", "RFC 3927"),
    ("172.16.0.0/12", "a private address", "RFC 1918"),
    ("192.0.0.0/24", "an IETF protocol assignment", "RFC 6890"),
    ("192.0.0.0/29", "an IPv4 service continuity address", "RFC 7335"),
    ("192.0.0.8/32", "the IPv4 dummy address", "RFC 7600"),
    ("192.0.0.9/32", "the Port Control Protocol anycast address", "RFC 7723"),
    ("192.0.0.10/32", "the TURN anycast address", "RFC 8155"),
    ("192.0.0.170/31", "a NAT64/DNS64 discovery address", "RFC 8880"),
    ("192.0.2.0/24", "a documentation address (TEST-NET-1)", "RFC 5737"),
    ("192.31.196.0/24", "an AS112 DNS sink address", "RFC 7535"),
    ("192.52.193.0/24", "an AMT relay address", "RFC 7450"),
    ("192.88.99.0/24", "a deprecated 6to4 relay anycast address", "RFC 7526"),
    ("192.168.0.0/16", "a private address", "RFC 1918"),
    ("192.175.48.0/24", "an AS112 direct delegation address", "RFC 7534"),
    ("198.18.0.0/15", "a benchmarking address", "RFC 2544"),
    ("198.51.100.0/24", "a documentation address (TEST-NET-2)", "RFC 5737"),
    ("203.0.113.0/24", "a documentation address (TEST-NET-3)", "RFC 5737"),
    ("224.0.0.0/4", "a multicast address", "RFC 5771"),
    ("240.0.0.0/4", "a reserved address", "RFC 1112"),
    ("255.255.255.255/32", "the limited broadcast address", "RFC 919"),
    # IPv6
    ("::/8", "a reserved address", "RFC 4291"),
    ("::/128", "an unspecified address", "RFC 4291"),
    ("::1/128", "a loopback address", "RFC 4291"),
    ("::ffff:0:0/96", "an IPv4-mapped address", "RFC 4291"),
    ("64:ff9b::/96", "a NAT64 address", "RFC 6052"),
    ("64:ff9b:1::/48", "a local-use NAT64 address", "RFC 8215"),
    ("100::/64", "a discard-only address", "RFC 6666"),
    ("2001::/23", "an IETF protocol assignment", "RFC 2928"),
    ("2001::/32", "a Teredo address (a tunnel to an address it hides)", "RFC 4380"),
    ("2001:1::1/128", "the Port Control Protocol anycast address", "RFC 7723"),
    ("2001:1::2/128", "the TURN anycast address", "RFC 8155"),
    ("2001:1::3/128", "the DNS-SD service registration anycast address", "RFC 9665"),
    ("2001:2::/48", "a benchmarking address", "RFC 5180"),
    ("2001:3::/32", "an AMT address", "RFC 7450"),
    ("2001:4:112::/48", "an AS112 DNS sink address", "RFC 7535"),
    ("2001:10::/28", "a deprecated ORCHID address", "RFC 4843"),
    ("2001:20::/28", "an ORCHIDv2 address", "RFC 7343"),
    ("2001:30::/28", "a drone remote ID address", "RFC 9374"),
    ("2001:db8::/32", "a documentation address", "RFC 3849"),
    ("2002::/16", "a 6to4 address", "RFC 3056"),
    ("2620:4f:8000::/48", "an AS112 direct delegation address", "RFC 7534"),
    ("3ffe::/16", "a former 6bone address, returned", "RFC 3701"),
    ("3fff::/20", "a documentation address", "RFC 9637"),
    ("5f00::/16", "a segment routing (SRv6) address", "RFC 9602"),
    ("fc00::/7", "a unique local (private) address", "RFC 4193"),
    ("fe80::/10", "a link-local address", "RFC 4291"),
    ("fec0::/10", "a deprecated site-local address", "RFC 3879"),
    ("ff00::/8", "a multicast address", "RFC 4291"),
)
# Most specific first, so that an address is named by the narrowest range that holds it.
_SPECIAL_NETWORKS: tuple[tuple[IPNetwork, str], ...] = tuple(
    sorted(
        ((ipaddress.ip_network(network), f"{what} ({source})") for network, what, source in SPECIAL_PURPOSE),
        key=lambda entry: -entry[0].prefixlen,
    )
)


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
        # open Alibaba Cloud's metadata service with it, and no subscriber has a webhook there. Nor may
        # an allowed NAT64 or 6to4 network open it through the IPv4 address it carries.
        embedded = _embedded_ipv4(address)
        if address in METADATA_ADDRESSES:
            return "a cloud metadata address"
        if embedded in METADATA_ADDRESSES:
            return f"wraps {embedded}, a cloud metadata address"
        if any(address in network for network in self.allowed_networks):
            return None
        if embedded is not None:
            reason = self.refusal(embedded)
            return None if reason is None else f"wraps {embedded}, {reason}"
        special = special_purpose(address)
        if special is not None:
            return special
        if isinstance(address, ipaddress.IPv6Address) and address not in GLOBAL_UNICAST:
            return "outside IPv6's global unicast space (2000::/3)"
        # What `ipaddress` knows too: a newer Python may know of ranges the table above does not yet.
        if address.is_unspecified:
            return "an unspecified address"
        if address.is_loopback:
            return "a loopback address"
        if address.is_link_local:
            return "a link-local address"
        if address.is_multicast:
            return "a multicast address"
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


def special_purpose(address: IPAddress) -> str | None:
    """What IANA reserved `address` for (the narrowest range that holds it), or None."""
    for network, what in _SPECIAL_NETWORKS:
        if address.version == network.version and address in network:
            return what
    return None


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
