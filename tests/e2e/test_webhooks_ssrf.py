"""SSRF protection and signing of webhook deliveries, on the real transport against real local
HTTP receivers (no stack needed). DNS answers are injected at the resolver, the boundary."""

from __future__ import annotations

import ipaddress
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from core.settings import Settings
from core.webhook_crypto import decrypt_secret, encrypt_secret, new_secret, signature, verify
from core.webhook_net import AddressRefused, Guard, PinnedTransport, client, refusal
from tests.e2e.webhook_receiver import Receiver
from tests.support import free_port


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    try:
        yield r
    finally:
        r.stop()


def resolver_of(*answers: list[str]) -> tuple[list[str], object]:
    """A resolver answering ``answers`` in turn (the last one from then on); records calls."""
    calls: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        return answers[min(len(calls), len(answers)) - 1]

    return calls, resolve


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.100.100.200",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "fe80::1",
        "fd00:ec2::254",
        "fc00::5",
        "ff02::1",
        "::",
        "2002:7f00:1::1",
        "64:ff9b::a9fe:a9fe",
    ],
)
def test_refused_addresses(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "10.0.0.1", "169.254.169.254", "[::1]", "[::ffff:127.0.0.1]", "[fd00:ec2::254]"],
)
async def test_literal_addresses_are_refused_before_connecting(
    receiver: Receiver, host: str
) -> None:
    async with client(Guard(), timeout=2) as http:
        with pytest.raises(AddressRefused):
            await http.post(f"http://{host}:{receiver.port}/hook", content=b"{}")
    assert receiver.received == []


async def test_a_hostname_resolving_to_a_private_address_is_refused(receiver: Receiver) -> None:
    calls, resolve = resolver_of(["10.20.30.40"])
    async with client(Guard(resolver=resolve), timeout=2) as http:  # type: ignore[arg-type]
        with pytest.raises(AddressRefused, match=r"internal\.test \(10\.20\.30\.40\) is a private"):
            await http.post("http://internal.test/hook", content=b"{}")
    assert calls == ["internal.test"]


async def test_every_answer_must_pass(receiver: Receiver) -> None:
    """A name answering a public and a loopback address is refused (a client may get either)."""
    _, resolve = resolver_of(["93.184.216.34", "127.0.0.1"])
    with pytest.raises(AddressRefused, match="loopback"):
        await Guard(resolver=resolve).pin("mixed.test", 80)  # type: ignore[arg-type]


async def test_localhost_is_refused_through_the_system_resolver(receiver: Receiver) -> None:
    async with client(Guard(), timeout=2) as http:
        with pytest.raises(AddressRefused, match="loopback"):
            await http.post(receiver.url(host="localhost"), content=b"{}")
    assert receiver.received == []


async def test_dns_rebinding_is_defeated_by_pinning() -> None:
    """The name answers 127.0.0.2 to the check and 127.0.0.1 to anyone asking later: the
    connection goes to the checked 127.0.0.2 (with the original Host header), never to the
    rebound address, and the name is resolved once."""
    checked = Receiver(host="127.0.0.2").start()
    rebound = Receiver(host="127.0.0.1", port=checked.port).start()
    try:
        calls, resolve = resolver_of(["127.0.0.2"], ["127.0.0.1"])
        guard = Guard(allow_private=True, resolver=resolve)  # type: ignore[arg-type]
        async with client(guard, timeout=5) as http:
            response = await http.post(f"http://rebind.test:{checked.port}/hook", content=b"{}")
        assert response.status_code == 200
        assert len(checked.received) == 1 and rebound.received == []
        assert checked.received[0].headers["host"] == f"rebind.test:{checked.port}"
        assert calls == ["rebind.test"]
    finally:
        checked.stop()
        rebound.stop()


async def test_redirects_are_not_followed(receiver: Receiver) -> None:
    target = Receiver().start()
    try:
        receiver.status = 302
        receiver.headers_out = {"Location": target.url("/stolen")}
        async with client(Guard(allow_private=True), timeout=5) as http:
            response = await http.post(receiver.url(), content=b"{}")
        assert response.status_code == 302
        assert target.received == []
    finally:
        target.stop()


async def test_environment_proxies_are_ignored(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead_proxy = f"http://127.0.0.1:{free_port()}"  # nothing listens: using it would fail
    monkeypatch.setenv("HTTP_PROXY", dead_proxy)
    monkeypatch.setenv("ALL_PROXY", dead_proxy)
    transport = PinnedTransport(Guard(allow_private=True))
    async with httpx.AsyncClient(transport=transport, timeout=5) as http:
        response = await http.post(receiver.url(), content=b"{}")
    assert response.status_code == 200 and len(receiver.received) == 1


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "http://user:pw@example.com/", "not a url", "http:///path"]
)
async def test_url_shapes_are_refused(url: str) -> None:
    async with client(Guard(allow_private=True), timeout=2) as http:
        with pytest.raises((AddressRefused, httpx.UnsupportedProtocol, httpx.InvalidURL)):
            await http.post(url, content=b"{}")


def test_signature_verifies_as_a_receiver_would() -> None:
    secret, body = new_secret(), b'{"type":"ping"}'
    now = int(time.time())
    header = signature(secret, now, body)
    assert header.startswith(f"t={now},v1=") and len(header.split("v1=")[1]) == 64
    assert verify(secret, header, body)
    assert not verify(secret, header, body + b" ")  # body changed
    assert not verify(new_secret(), header, body)  # another secret
    assert not verify(secret, header, body, now=now + 301)  # too old: a replay
    assert verify(secret, header, body, now=now + 299)
    assert not verify(secret, header.replace(f"t={now}", f"t={now + 1}"), body)  # t is signed
    assert not verify(secret, "v1=" + header.split("v1=")[1], body)  # no timestamp


def test_secrets_are_encrypted_and_bound_to_their_webhook() -> None:
    settings = Settings(jwt_secret="a" * 40)
    hook, other = uuid.uuid4(), uuid.uuid4()
    secret = new_secret()
    stored = encrypt_secret(settings, hook, secret)
    assert secret not in stored and secret[6:] not in stored
    assert decrypt_secret(settings, hook, stored) == secret
    from core.webhook_crypto import SecretUnreadable

    with pytest.raises(SecretUnreadable):  # copied onto another webhook's row
        decrypt_secret(settings, other, stored)
    with pytest.raises(SecretUnreadable):  # another server key
        decrypt_secret(Settings(jwt_secret="b" * 40), hook, stored)
    separate = Settings(jwt_secret="a" * 40, webhook_secret_key="k" * 40)
    with pytest.raises(SecretUnreadable):  # WEBHOOK_SECRET_KEY replaces JWT_SECRET
        decrypt_secret(separate, hook, stored)
