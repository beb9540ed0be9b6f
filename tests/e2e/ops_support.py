"""Fixtures of the operations tests (webhooks, audit, drift): a second API and an in-process
worker on the session's servers, configured for local receivers (``WEBHOOK_ALLOW_PRIVATE``)
and a short webhook backoff, and users of that API.

Test modules import the fixtures by their function names: ``from tests.e2e.ops_support import
alice_fixture, bob_fixture, ops_fixture`` (then ask for ``alice``, ``bob``, ``ops``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker

from activities.deps import ActivityDeps
from activities.registry import build_activities
from core.settings import Settings
from tests.support import Api, Stack, ThreadedServer, make_user, random_ip
from workflows.registry import WORKFLOWS


@dataclass
class Ops:
    settings: Settings
    url: str
    temporal: Client


def ops_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "webhook_allow_private": True,
        "webhook_retry_initial": 0.3,
        "webhook_retry_max_interval": 1.0,
        "webhook_retry_window": 120,
        "webhook_timeout": 5.0,
        "drift_check_interval": 3600,
    }
    return Settings(**{**values, **overrides})


@asynccontextmanager
async def ops_worker(stack: Stack, settings: Settings) -> AsyncIterator[Client]:
    """The worker in this process with ``settings`` (the subprocess worker is stopped
    meanwhile; the ``worker`` fixture restarts it)."""
    stack.stop_worker()
    client = await Client.connect(
        stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )
    deps = ActivityDeps.create(settings)
    worker = Worker(
        client,
        task_queue=stack.env["TASK_QUEUE"],
        workflows=WORKFLOWS,
        activities=build_activities(deps),
    )
    try:
        async with worker:
            yield client
    finally:
        await deps.engine.dispose()


@pytest.fixture(scope="module", name="ops")
async def ops_fixture(stack: Stack) -> AsyncIterator[Ops]:
    """An API allowing local receivers, and an in-process worker with the same settings."""
    from api.main import create_app

    settings = ops_settings()
    api = ThreadedServer(create_app(settings)).start()
    try:
        async with ops_worker(stack, settings) as client:
            yield Ops(settings=settings, url=api.url, temporal=client)
    finally:
        api.stop()


async def ops_user(stack: Stack, ops: Ops) -> Api:
    """A signed-up user talking to the operations API (same database and secrets)."""
    signed = await make_user(stack)
    await signed.aclose()
    client = Api(base_url=ops.url, timeout=30, headers={"X-Forwarded-For": random_ip()})
    client.email, client.tokens = signed.email, signed.tokens
    client.headers["Authorization"] = f"Bearer {signed.tokens['accessToken']}"
    return client


@pytest.fixture(name="alice")
async def alice_fixture(stack: Stack, ops: Ops) -> AsyncIterator[Api]:
    client = await ops_user(stack, ops)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture(name="bob")
async def bob_fixture(stack: Stack, ops: Ops) -> AsyncIterator[Api]:
    client = await ops_user(stack, ops)
    try:
        yield client
    finally:
        await client.aclose()


async def new_project(client: httpx.AsyncClient, name: str = "Ops") -> str:
    r = await client.post("/projects", json={"name": name})
    assert r.status_code == 201, r.text
    return str(r.json()["data"]["id"])


async def add_webhook(
    client: httpx.AsyncClient, pid: str, url: str, events: list[str]
) -> dict[str, Any]:
    r = await client.post(f"/projects/{pid}/webhooks", json={"url": url, "events": events})
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()["data"]
    return body
