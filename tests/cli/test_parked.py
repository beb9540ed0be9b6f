"""A deployment whose stack fails parks (exit 11) and waits for a decision: continue, rollback
and cancel from the CLI. The failure is injected at the AWS boundary of an in-process worker
(``failing_worker``); the CLI runs in a thread so the worker's event loop keeps going."""

from __future__ import annotations

import asyncio

import pytest

from tests.cli.conftest import Cli, FailingStacks

pytestmark = pytest.mark.slow


async def run(cli: Cli, *args: str, code: int = 0) -> str:
    result = await asyncio.to_thread(cli, *args, code=code)
    return result.stdout + result.stderr


async def parked(cli: Cli, faults: FailingStacks, key: str) -> str:
    await asyncio.to_thread(cli.project)
    await run(cli, "generate")
    faults.keys = {key}
    out = await run(cli, "deploy", code=11)
    assert "waits for a decision" in out and "slipway continue" in out
    failed = next(line for line in out.splitlines() if line.startswith(f"  stack {key:<8} failed"))
    assert "Injected failure" in failed, out
    assert "decide" in await run(cli, "status")
    faults.keys = set()
    return out


async def test_continue_retries_the_failed_stacks(cli: Cli, failing_worker: FailingStacks) -> None:
    await parked(cli, failing_worker, "compute")
    out = await run(cli, "continue")
    assert "Deploy completed" in out
    (latest,) = (await asyncio.to_thread(cli.json, "deployments", "list"))["data"]
    assert latest["status"] == "completed"


async def test_cancel_a_parked_deployment(cli: Cli, failing_worker: FailingStacks) -> None:
    await parked(cli, failing_worker, "data")
    out = await run(cli, "cancel")
    assert "Deploy cancelled" in out
    (latest,) = (await asyncio.to_thread(cli.json, "deployments", "list"))["data"]
    assert latest["status"] == "cancelled"


async def test_rollback_a_parked_deployment_follows_the_cleanup(
    cli: Cli, failing_worker: FailingStacks
) -> None:
    await parked(cli, failing_worker, "api")
    out = await run(cli, "rollback")
    assert "rolled back by deployment" in out and "Destroy completed" in out
    history = (await asyncio.to_thread(cli.json, "deployments", "list"))["data"]
    assert [(d["kind"], d["status"]) for d in history] == [
        ("destroy", "completed"),
        ("deploy", "rolled_back"),
    ]
