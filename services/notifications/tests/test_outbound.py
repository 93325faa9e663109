"""Which webhook URLs the outbound policy lets through, on the face of the URL and after DNS."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from notifications.config import NotificationsSettings
from notifications.outbound import SPECIAL_PURPOSE, CheckedTarget, OutboundPolicy, TargetRefused

POLICY = OutboundPolicy()
AddressInfo = tuple[int, int, int, str, tuple[Any, ...]]


def resolving_to(
    *addresses: str,
) -> Callable[..., Coroutine[Any, Any, list[AddressInfo]]]:
    """A stand-in for the loop's getaddrinfo that answers with these addresses, whatever the name."""

    async def getaddrinfo(host: str, port: int, **_: Any) -> list[AddressInfo]:
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (address, port),
            )
            for address in addresses
        ]

    return getaddrinfo


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    def answer(*addresses: str) -> None:
        monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", resolving_to(*addresses))

    return answer


def test_an_https_url_on_a_public_name_passes_the_check() -> None:
    assert str(POLICY.check_url("https://hooks.example.org/nea?x=1")) == "https://hooks.example.org/nea?x=1"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://hooks.example.org/nea", "https"),
        ("ftp://hooks.example.org/nea", "https"),
        ("not a url", "absolute URL"),
        ("/relative/path", "absolute URL"),
        ("https://user:secret@hooks.example.org/nea", "credentials"),
        ("https://127.0.0.1/nea", "loopback"),
        ("https://10.1.2.3/nea", "private"),
        ("https://192.168.0.10:8443/nea", "private"),
        ("https://169.254.169.254/latest/meta-data/", "metadata"),
        ("https://100.100.100.200/", "metadata"),
        ("https://100.64.0.1/", "shared"),
        ("https://0.0.0.0/", "unspecified"),
        ("https://224.0.0.1/", "multicast"),
        ("https://[::1]/nea", "loopback"),
        ("https://[fd00:ec2::254]/", "metadata"),
        ("https://[fe80::1]/", "link-local"),
        ("https://[::ffff:127.0.0.1]/nea", "loopback"),
        ("https://[::ffff:169.254.169.254]/", "metadata"),
        ("https://[2002:a00:1::]/", "private"),  # 6to4 wrapping 10.0.0.1
        ("https://[64:ff9b::7f00:1]/", "loopback"),  # NAT64 wrapping 127.0.0.1
    ],
)
def test_a_url_wrong_on_its_face_is_refused_with_the_reason(url: str, reason: str) -> None:
    with pytest.raises(TargetRefused, match=reason):
        POLICY.check_url(url)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        # Issue 12: the deprecated site-local range was accepted.
        ("fec0::1", "deprecated site-local"),
        ("feff::1", "deprecated site-local"),
        ("2002:c0a8:101::1", "wraps 192.168.1.1, a private address"),  # 6to4
        ("2002:7f00:1::", "wraps 127.0.0.1, a loopback address"),
        ("64:ff9b::a9fe:a9fe", "wraps 169.254.169.254, a cloud metadata address"),  # NAT64
        ("64:ff9b::c612:1", "wraps 198.18.0.1, a benchmarking address"),
        ("64:ff9b:1::a00:1", "local-use NAT64"),
        ("2001::1", "Teredo"),
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
        ("::ffff:10.0.0.1", "wraps 10.0.0.1, a private address"),  # IPv4-mapped
        ("::ffff:0:a00:1", "reserved"),  # IPv4-translated (RFC 2765)
        ("::a00:1", "reserved"),  # IPv4-compatible, deprecated (RFC 4291)
        ("192.0.2.1", "documentation"),
        ("198.51.100.7", "documentation"),
        ("203.0.113.9", "documentation"),
        ("2001:db8::1", "documentation"),
        ("3fff::1", "documentation"),
        ("198.18.0.1", "benchmarking"),
        ("198.19.255.254", "benchmarking"),
        ("2001:2::1", "benchmarking"),
        ("224.0.0.251", "multicast"),
        ("239.255.255.250", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("0.1.2.3", "'this network'"),
        ("100.64.0.1", "shared"),
        ("100.127.255.254", "shared"),
        ("192.0.0.1", "service continuity"),
        ("192.0.0.8", "dummy"),
        ("192.0.0.9", "Port Control Protocol"),
        ("192.0.0.10", "TURN"),
        ("192.0.0.171", "NAT64/DNS64 discovery"),
        ("192.0.0.200", "IETF protocol assignment"),
        ("192.31.196.1", "AS112"),
        ("192.52.193.1", "AMT"),
        ("192.88.99.1", "deprecated 6to4 relay"),
        ("192.175.48.1", "AS112"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "limited broadcast"),
        ("100::1", "discard-only"),
        ("2001:10::1", "deprecated ORCHID"),
        ("2001:20::1", "ORCHIDv2"),
        ("2620:4f:8000::1", "AS112"),
        ("3ffe:831f::1", "6bone"),
        ("5f00::1", "segment routing"),
        ("fc00::1", "unique local"),
        ("fd12:3456::1", "unique local"),
        ("fe80::1", "link-local"),
        ("4000::1", "global unicast"),
        ("e000::1", "global unicast"),
    ],
)
def test_a_special_use_or_deprecated_address_is_refused_with_what_it_is(address: str, reason: str) -> None:
    assert reason in (POLICY.refusal(ipaddress.ip_address(address)) or "accepted")
    with pytest.raises(TargetRefused, match="webhooks go to public addresses only"):
        POLICY.check_url(f"https://{address}/" if ":" not in address else f"https://[{address}]/")


@pytest.mark.parametrize(("network", "what", "source"), SPECIAL_PURPOSE)
def test_every_range_of_the_iana_special_purpose_registries_is_refused_from_its_first_to_its_last_address(
    network: str, what: str, source: str
) -> None:
    block = ipaddress.ip_network(network)
    for address in (block[0], block[-1]):
        assert POLICY.refusal(address) is not None, address


@pytest.mark.parametrize(
    "address",
    [
        "93.184.215.14",
        "8.8.8.8",
        "1.1.1.1",
        "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
        "2a00:1450:4001:81c::200e",
        "::ffff:93.184.215.14",  # IPv4-mapped, public
        "64:ff9b::5db8:d70e",  # NAT64 of 93.184.215.14: how an IPv6-only network reaches it
        "2002:5db8:d70e::1",  # 6to4 of 93.184.215.14
    ],
)
def test_a_public_address_is_accepted(address: str) -> None:
    assert POLICY.refusal(ipaddress.ip_address(address)) is None


def test_an_allowed_network_lets_a_special_range_through_for_a_lab_but_still_not_the_metadata_service() -> (
    None
):
    policy = OutboundPolicy(allowed_networks=["198.18.0.0/15", "fec0::/10", "64:ff9b::/96"])
    policy.check_url("https://198.18.0.1/hook")
    policy.check_url("https://[fec0::1]/hook")
    with pytest.raises(TargetRefused, match="metadata"):
        policy.check_url("https://[64:ff9b::a9fe:a9fe]/")
    with pytest.raises(TargetRefused, match="benchmarking"):
        OutboundPolicy().check_url("https://198.18.0.1/hook")


def test_plain_http_is_allowed_only_for_the_hosts_configured_for_it() -> None:
    policy = OutboundPolicy(http_allowed_hosts=["Mailhog.Internal"])
    assert policy.check_url("http://mailhog.internal:8025/hook").port == 8025
    with pytest.raises(TargetRefused, match="https"):
        policy.check_url("http://other.internal/hook")


def test_an_allowed_network_lets_a_loopback_address_through() -> None:
    policy = OutboundPolicy(http_allowed_hosts=["127.0.0.1"], allowed_networks=["127.0.0.0/8"])
    policy.check_url("http://127.0.0.1:9000/hook")
    policy.check_url("https://[::ffff:127.0.0.1]/hook")
    with pytest.raises(TargetRefused, match="private"):
        policy.check_url("https://10.0.0.1/hook")


def test_an_allowed_network_does_not_open_the_metadata_service() -> None:
    policy = OutboundPolicy(allowed_networks=["100.64.0.0/10", "169.254.0.0/16"])
    policy.check_url("https://100.64.0.1/hook")
    with pytest.raises(TargetRefused, match="metadata"):
        policy.check_url("https://100.100.100.200/")
    with pytest.raises(TargetRefused, match="metadata"):
        policy.check_url("https://169.254.169.254/")


def test_the_policy_is_built_from_the_service_settings() -> None:
    settings = NotificationsSettings(
        database_url="postgresql+asyncpg://notifications:pw@db:5432/notifications",
        webhook_http_allowed_hosts=("receiver",),
        webhook_allowed_networks=("172.16.0.0/12",),
    )
    policy = OutboundPolicy.from_settings(settings)
    policy.check_url("http://receiver/hook")
    policy.check_url("https://172.20.0.5/hook")


async def test_localhost_is_refused_because_it_resolves_to_loopback() -> None:
    with pytest.raises(TargetRefused, match="loopback"):
        await POLICY.resolve("https://localhost/hook")


async def test_a_name_resolving_to_a_public_address_gives_the_address_to_connect_to(
    dns: Callable[..., None],
) -> None:
    dns("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
    target = await POLICY.resolve("https://Hooks.Example.org/nea")
    assert target == CheckedTarget(
        url=target.url, host="hooks.example.org", port=443, address=ipaddress.ip_address("93.184.215.14")
    )
    assert str(target.request_url) == "https://93.184.215.14/nea"
    assert target.host_header == "hooks.example.org"
    assert target.extensions == {"sni_hostname": "hooks.example.org"}


async def test_an_ipv6_address_is_bracketed_and_the_port_kept_for_the_host_header(
    dns: Callable[..., None],
) -> None:
    dns("2606:2800:21f:cb07:6820:80da:af6b:8b2c")
    target = await POLICY.resolve("https://hooks.example.org:8443/nea")
    assert str(target.request_url) == "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]:8443/nea"
    assert target.host_header == "hooks.example.org:8443"
    assert target.port == 8443


async def test_a_name_is_refused_when_any_of_its_addresses_is_internal(dns: Callable[..., None]) -> None:
    dns("93.184.215.14", "10.0.0.7")
    with pytest.raises(TargetRefused, match=r"hooks\.example\.org \(10\.0\.0\.7\) is a private address"):
        await POLICY.resolve("https://hooks.example.org/nea")


async def test_a_name_resolving_to_a_site_local_address_is_refused_at_the_attempt(
    dns: Callable[..., None],
) -> None:
    dns("fec0::1")
    with pytest.raises(TargetRefused, match=r"hooks\.example\.org \(fec0::1\) is a deprecated site-local"):
        await POLICY.resolve("https://hooks.example.org/nea")


async def test_a_name_resolving_to_the_metadata_service_is_refused(dns: Callable[..., None]) -> None:
    dns("169.254.169.254")
    with pytest.raises(TargetRefused, match="metadata"):
        await POLICY.resolve("https://rebind.example.org/")


async def test_a_name_that_does_not_resolve_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    async def no_such_name(host: str, port: int, **_: Any) -> list[AddressInfo]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", no_such_name)
    with pytest.raises(TargetRefused, match=r"nowhere\.example\.org could not be resolved"):
        await POLICY.resolve("https://nowhere.example.org/")


async def test_a_lookup_that_hangs_is_refused_after_the_resolve_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def never(host: str, port: int, **_: Any) -> list[AddressInfo]:
        await asyncio.Event().wait()
        return []

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", never)
    with pytest.raises(TargetRefused, match=r"took longer than 0\.05 s"):
        await OutboundPolicy(resolve_timeout_seconds=0.05).resolve("https://slow.example.org/")


async def test_resolving_checks_the_url_first() -> None:
    with pytest.raises(TargetRefused, match="credentials"):
        await POLICY.resolve("https://user:pw@hooks.example.org/")
