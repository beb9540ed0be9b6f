"""A user's client pointed at a second app instance on the same database and Temporal with rate
limiting off: for end-to-end tests that start more stack operations than the per-user limit of
5 a minute allows (the limits have their own tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from tests.support import Stack, ThreadedServer, make_user


@asynccontextmanager
async def unlimited_user(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    from api.main import create_app
    from core.settings import Settings

    server = ThreadedServer(create_app(Settings(rate_limit_enabled=False))).start()
    client = await make_user(stack)
    client.base_url = httpx.URL(server.url)
    try:
        yield client
    finally:
        await client.aclose()
        server.stop()
