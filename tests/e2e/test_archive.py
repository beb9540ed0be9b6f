"""Archiving a project stops what it runs: its sandbox goes with its data (the tokens issued
before reach nothing) and its Temporal drift schedule is deleted."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import boto3
import httpx
import pytest
from temporalio.service import RPCError

from core.temporal_ops import schedule_id
from slipway.synth.naming import project_key
from tests.e2e.ops_support import Ops, alice_fixture, ops_fixture
from tests.e2e.test_sandbox import started, template_project, token
from tests.support import Api, Stack, deploy, deployment, random_ip

pytestmark = pytest.mark.db
__all__ = ["alice_fixture", "ops_fixture"]


async def schedule_exists(ops: Ops, pid: str) -> bool:
    try:
        await ops.temporal.get_schedule_handle(schedule_id(pid)).describe()
    except RPCError:
        return False
    return True


async def schedule_created(ops: Ops, pid: str, timeout: float = 30) -> None:
    """The event subscriber creates it once the deploy's completion is recorded."""
    deadline = time.monotonic() + timeout
    while not await schedule_exists(ops, pid):
        assert time.monotonic() < deadline, "no drift schedule"
        await asyncio.sleep(0.2)


def sandbox_tables(stack: Stack, pid: str) -> list[str]:
    dynamodb: Any = boto3.client(
        "dynamodb",
        endpoint_url=stack.moto_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    pages = dynamodb.get_paginator("list_tables").paginate()
    return [
        t
        for page in pages
        for t in page["TableNames"]
        if t.startswith("sbx-") and project_key(pid) in t
    ]


async def test_archiving_removes_the_sandbox_and_the_drift_schedule(
    stack: Stack, ops: Ops, alice: Api
) -> None:
    pid = await template_project(alice, "task-manager")
    r = await deploy(alice, pid)
    assert r.status_code == 202, r.text
    done = await deployment(alice, r.json()["deployment"]["id"], ("completed", "failed"))
    assert done["status"] == "completed", done
    box = await started(alice, pid)
    bearer = await token(alice, pid, sub="root", roles=["admin"])
    headers = {"Authorization": f"Bearer {bearer}", "X-Forwarded-For": random_ip()}
    async with httpx.AsyncClient(base_url=box["baseUrl"], headers=headers) as sandbox:
        assert (await sandbox.get("/v1/tasks")).status_code == 200
        assert sandbox_tables(stack, pid)
        await schedule_created(ops, pid)

        r = await alice.delete(f"/projects/{pid}")
        assert r.status_code == 200 and r.json()["data"]["status"] == "archived", r.text

        assert not await schedule_exists(ops, pid)
        r = await sandbox.get("/v1/tasks")  # the token issued before reaches nothing
        assert r.status_code == 404 and r.json() == {"message": "Not Found"}
    assert sandbox_tables(stack, pid) == []  # its data went with it
    r = await alice.get(f"/projects/{pid}/sandbox")
    assert r.status_code == 404 and r.json()["code"] == "NO_SANDBOX"
    # archiving again finds nothing left to stop
    assert (await alice.delete(f"/projects/{pid}")).status_code == 200


async def test_an_archived_project_starts_no_sandbox(user: Api, worker: object) -> None:
    """Read-only once archived: the sandbox can neither start again nor mint tokens nor seed."""
    pid = await template_project(user, "task-manager")
    await started(user, pid)
    assert (await user.delete(f"/projects/{pid}")).status_code == 200
    for path, body in (("", None), ("/tokens", {}), ("/seed", {"count": 1})):
        r = await user.post(f"/projects/{pid}/sandbox{path}", json=body)
        assert r.status_code == 409 and r.json()["code"] == "PROJECT_ARCHIVED", (path, r.text)
    r = await user.get(f"/projects/{pid}/sandbox")
    assert r.status_code == 404 and r.json()["code"] == "NO_SANDBOX"
