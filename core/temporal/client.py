"""The Temporal client: one factory (API, worker, tests) and the API's lazily connected handle."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from core.errors import TemporalUnavailable
from core.settings import Settings

CONNECT_TIMEOUT_SECONDS = 2


async def connect(settings: Settings) -> Client:
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
    )


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
