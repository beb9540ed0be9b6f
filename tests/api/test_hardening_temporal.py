"""Issue 12 item 6: the Temporal client of the API and the worker speaks TLS, mTLS and API keys
as configured (``core.temporal.client.connect``).

The dev server serves plain TCP only, so the real connections go through a TLS-terminating
proxy in front of it (a test CA from ``trustme``; the proxy requires a client certificate of that
CA and speaks HTTP/2 by ALPN, as a TLS-enabled Temporal frontend does).
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import trustme
from pydantic import ValidationError
from temporalio.api.workflowservice.v1 import GetSystemInfoRequest

from core.settings import Settings
from core.temporal.client import connect, connect_options, tls_config
from tests.support import Stack

# --- the settings → connect arguments (unit) ------------------------------------------------


@dataclass
class Pki:
    ca: Path
    cert: Path
    key: Path
    other_ca: Path


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, Pki]:
    base = tmp_path_factory.mktemp("pki")
    ca, other = trustme.CA(), trustme.CA()
    client = ca.issue_cert("slipway-worker")
    paths = Pki(base / "ca.pem", base / "client.pem", base / "client.key", base / "other.pem")
    ca.cert_pem.write_to_path(str(paths.ca))
    client.cert_chain_pems[0].write_to_path(str(paths.cert))
    client.private_key_pem.write_to_path(str(paths.key))
    other.cert_pem.write_to_path(str(paths.other_ca))
    return ca, paths


def test_no_tls_settings_connect_in_clear_text() -> None:
    options = connect_options(Settings())
    assert options["tls"] is False and options["api_key"] is None


def test_mtls_settings_give_the_tls_config(pki: tuple[trustme.CA, Pki]) -> None:
    _, p = pki
    settings = Settings(
        temporal_tls_ca=p.ca,
        temporal_tls_cert=p.cert,
        temporal_tls_key=p.key,
        temporal_tls_server_name="temporal.internal",
    )
    tls = tls_config(settings)
    assert tls is not None
    assert tls.server_root_ca_cert == p.ca.read_bytes()
    assert tls.client_cert == p.cert.read_bytes()
    assert tls.client_private_key == p.key.read_bytes()
    assert tls.domain == "temporal.internal"


def test_an_api_key_always_travels_over_tls() -> None:
    options = connect_options(Settings(temporal_api_key="tk-123"))
    assert options["api_key"] == "tk-123"
    tls = options["tls"]
    assert tls is not False and tls.server_root_ca_cert is None  # system roots
    assert tls.client_cert is None


def test_tls_with_system_roots_alone() -> None:
    tls = connect_options(Settings(temporal_tls=True))["tls"]
    assert tls is not False and tls.server_root_ca_cert is None and tls.domain is None


def test_half_an_mtls_pair_or_a_missing_file_is_refused(pki: tuple[trustme.CA, Pki]) -> None:
    _, p = pki
    with pytest.raises(ValidationError, match="go together"):
        Settings(temporal_tls_cert=p.cert)
    with pytest.raises(ValidationError, match="does not exist"):
        Settings(temporal_tls_ca=p.ca.with_name("missing.pem"))


# --- real connections through a TLS-terminating proxy ---------------------------------------


@dataclass
class TlsProxy:
    port: int
    client_subjects: list[str] = field(default_factory=list)


@contextlib.asynccontextmanager
async def tls_proxy(ca: trustme.CA, upstream: int) -> AsyncIterator[TlsProxy]:
    """TLS (server cert for ``temporal.test``, client certificate required) → the dev server."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("temporal.test").configure_cert(context)
    ca.configure_trust(context)
    context.verify_mode = ssl.CERT_REQUIRED
    context.set_alpn_protocols(["h2"])
    state = TlsProxy(port=0)

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        names = writer.get_extra_info("peercert").get("subjectAltName", ())
        state.client_subjects += [str(value) for _, value in names]  # the verified client
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream)
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    state.port = server.sockets[0].getsockname()[1]
    try:
        yield state
    finally:
        server.close()


def through(proxy: TlsProxy, **tls: Any) -> Settings:
    return Settings(temporal_address=f"127.0.0.1:{proxy.port}", **tls)


async def test_mtls_connection_to_temporal(stack: Stack, pki: tuple[trustme.CA, Pki]) -> None:
    ca, p = pki
    async with tls_proxy(ca, stack.temporal_port) as proxy:
        settings = through(
            proxy,
            temporal_tls_ca=p.ca,
            temporal_tls_cert=p.cert,
            temporal_tls_key=p.key,
            temporal_tls_server_name="temporal.test",
            temporal_api_key="tk-test",
        )
        client = await connect(settings)
        assert await client.service_client.check_health()
        assert client.api_key == "tk-test"
        described = await client.workflow_service.get_system_info(GetSystemInfoRequest())
        assert described.server_version
        assert proxy.client_subjects and set(proxy.client_subjects) == {"slipway-worker"}


async def test_tls_refuses_a_wrong_ca_or_no_client_certificate(
    stack: Stack, pki: tuple[trustme.CA, Pki]
) -> None:
    ca, p = pki
    async with tls_proxy(ca, stack.temporal_port) as proxy:
        wrong_ca = through(
            proxy,
            temporal_tls_ca=p.other_ca,
            temporal_tls_cert=p.cert,
            temporal_tls_key=p.key,
            temporal_tls_server_name="temporal.test",
        )
        with pytest.raises(RuntimeError):
            await connect(wrong_ca)
        no_client_cert = through(
            proxy, temporal_tls_ca=p.ca, temporal_tls_server_name="temporal.test"
        )
        with pytest.raises(RuntimeError):
            await connect(no_client_cert)
        clear_text = Settings(temporal_address=f"127.0.0.1:{proxy.port}")
        with pytest.raises(RuntimeError):
            await connect(clear_text)
        assert proxy.client_subjects == []  # nobody got through
