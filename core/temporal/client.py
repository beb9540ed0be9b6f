"""The Temporal client: one factory (API, worker, tests) and the API's lazily connected handle.

Transport security comes from the settings (README, "Security"): ``TEMPORAL_TLS_CA`` (a private
CA's PEM; else the system roots), ``TEMPORAL_TLS_CERT`` + ``TEMPORAL_TLS_KEY`` (mTLS client
certificate and key, PEM), ``TEMPORAL_TLS_SERVER_NAME`` (the name the server certificate is
checked against, and the SNI, when it differs from the address's host), ``TEMPORAL_TLS`` (TLS
with the system roots and nothing else) and ``TEMPORAL_API_KEY`` (sent as a bearer token;
Temporal Cloud). Any of them turns TLS on: an API key never travels in clear text.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.service import TLSConfig

from core.errors import TemporalUnavailable
from core.settings import Settings

CONNECT_TIMEOUT_SECONDS = 2


def _pem(path: Path | None) -> bytes | None:
    return path.read_bytes() if path is not None else None


def tls_config(settings: Settings) -> TLSConfig | None:
    """The TLS configuration the settings ask for; None: plain TCP (local development)."""
    wanted = (
        settings.temporal_tls,
        settings.temporal_tls_ca,
        settings.temporal_tls_cert,
        settings.temporal_tls_server_name,
        settings.temporal_api_key,
    )
    if not any(wanted):
        return None
    return TLSConfig(
        server_root_ca_cert=_pem(settings.temporal_tls_ca),
        client_cert=_pem(settings.temporal_tls_cert),
        client_private_key=_pem(settings.temporal_tls_key),
        domain=settings.temporal_tls_server_name or None,
    )


def connect_options(settings: Settings) -> dict[str, Any]:
    """What ``Client.connect`` gets besides the address: namespace, converter, TLS, API key."""
    tls = tls_config(settings)
    return {
        "namespace": settings.temporal_namespace,
        "data_converter": pydantic_data_converter,
        "tls": tls if tls is not None else False,
        "api_key": settings.temporal_api_key or None,
    }


async def connect(settings: Settings) -> Client:
    """The client of the API, the worker and the tools: one place decides how to connect."""
    return await Client.connect(settings.temporal_address, **connect_options(settings))


@dataclass
class TemporalHandle:
    """One Temporal client per process, connected on first use and reused.

    Connecting lazily lets the API start (and answer /health, auth, CRUD and status reads from
    the database) while Temporal is still starting or briefly down. ``get`` raises
    ``TemporalUnavailable`` (503) when the server cannot be reached; its ``detail`` says why.
    """

    settings: Settings
    _client: Client | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def get(self) -> Client:
        if self._client is not None:
            return self._client
        async with self._lock:
            if self._client is None:
                try:
                    self._client = await asyncio.wait_for(
                        connect(self.settings), CONNECT_TIMEOUT_SECONDS
                    )
                except Exception as exc:
                    raise TemporalUnavailable(detail=str(exc) or type(exc).__name__) from exc
            return self._client
