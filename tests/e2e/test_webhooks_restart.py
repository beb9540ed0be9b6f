"""A webhook delivery survives a worker restart: the workflow waits out its backoff timer on the
Temporal server, and the next worker carries on until the receiver answers."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from api.main import create_app
from tests.e2e.ops_support import add_webhook, new_project, ops_settings, ops_worker
from tests.e2e.webhook_receiver import Receiver
from tests.support import Api, Stack, ThreadedServer, free_port, get_json, make_user, random_ip

pytestmark = pytest.mark.db


async def latest(client: httpx.AsyncClient, hook: str) -> dict[str, object]:
    found = (await get_json(client, f"/webhooks/{hook}/deliveries"))["data"]
    return dict(found[0]) if found else {}


async def test_delivery_survives_a_worker_restart(stack: Stack) -> None:
    settings = ops_settings(webhook_retry_initial=1.0, webhook_retry_max_interval=1.0)
    api = ThreadedServer(create_app(settings)).start()
    signed = await make_user(stack)
    await signed.aclose()
    client = Api(base_url=api.url, timeout=30, headers={"X-Forwarded-For": random_ip()})
    client.headers["Authorization"] = f"Bearer {signed.tokens['accessToken']}"
    receiver = Receiver(port=free_port())  # down
    try:
        pid = await new_project(client)
        hook = await add_webhook(client, pid, receiver.url(), ["drift.detected"])
        async with ops_worker(stack, settings):
            assert (await client.post(f"/webhooks/{hook['id']}/ping")).status_code == 202
            deadline = time.monotonic() + 30
            while (await latest(client, hook["id"])).get("attempt", 0) == 0:
                assert time.monotonic() < deadline
                await asyncio.sleep(0.1)
        # no worker now: nothing is attempted, the delivery stays pending
        stopped_at = await latest(client, hook["id"])
        await asyncio.sleep(2.5)
        assert await latest(client, hook["id"]) == stopped_at
        assert stopped_at["status"] == "pending"
        receiver.start()
        async with ops_worker(stack, settings):
            deadline = time.monotonic() + 30
            while (await latest(client, hook["id"]))["status"] != "delivered":
                assert time.monotonic() < deadline
                await asyncio.sleep(0.2)
        done = await latest(client, hook["id"])
        assert done["attempt"] > stopped_at["attempt"]  # type: ignore[operator]
        assert (await receiver.wait(1))[0].verified(hook["secret"])
    finally:
        receiver.stop()
        await client.aclose()
        api.stop()
