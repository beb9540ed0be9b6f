"""The local AWS: what the sandbox makes there is its own and goes with it, and a deployment
whose stacks are gone (the local AWS lost them) says so instead of pretending."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from slipway.synth.naming import project_key
from tests.e2e.test_sandbox import started, template_project
from tests.support import (
    SHOP_SPEC,
    Api,
    Stack,
    ThreadedServer,
    cfn,
    deploy,
    deployment,
    generated,
)

pytestmark = [pytest.mark.usefixtures("worker"), pytest.mark.db]


def aws(stack: Stack, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=stack.moto_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


async def test_sandbox_tables_are_its_own_and_go_with_it(stack: Stack, user: Api) -> None:
    pid = await template_project(user, "task-manager")
    other = await template_project(user, "task-manager")
    await started(user, pid)
    await started(user, other)
    dynamodb = aws(stack, "dynamodb")
    pages = dynamodb.get_paginator("list_tables").paginate()  # 100 names a page
    tables = [t for page in pages for t in page["TableNames"] if t.startswith("sbx-")]
    mine = [t for t in tables if project_key(pid) in t]
    theirs = [t for t in tables if project_key(other) in t]
    assert len(mine) == len(theirs) == 6 and not set(mine) & set(theirs)
    assert (await user.delete(f"/projects/{pid}/sandbox")).status_code == 204
    for table in mine:
        with pytest.raises(ClientError, match="ResourceNotFound"):
            dynamodb.describe_table(TableName=table)
    assert dynamodb.describe_table(TableName=theirs[0])["Table"]["TableStatus"] == "ACTIVE"
    r = await user.get(f"/projects/{pid}/sandbox")
    assert r.status_code == 404 and r.json()["code"] == "NO_SANDBOX"
    async with httpx.AsyncClient(base_url=stack.url) as anon:
        r = await anon.get(f"/sandbox/{pid}/v1/tasks")
    assert r.status_code == 404 and r.json() == {"message": "Not Found"}


@pytest.fixture
def quick_checks(stack: Stack) -> Iterator[str]:
    """The app listing the stacks every 0.2 s instead of every 30 s."""
    from api.main import create_app
    from core.settings import Settings

    server = ThreadedServer(create_app(Settings(stacks_check_interval=0.2))).start()
    try:
        yield server.url
    finally:
        server.stop()


async def test_a_deployment_whose_stacks_are_gone_says_so(
    stack: Stack, user: Api, quick_checks: str
) -> None:
    pid, _ = await generated(user, SHOP_SPEC)
    r = await deploy(user, pid)
    assert r.status_code == 202, r.text
    did = r.json()["deployment"]["id"]
    done = await deployment(user, did, ("completed", "failed"))
    assert done["status"] == "completed", done
    assert done["stacksGone"] == []
    assert (await user.get(f"/projects/{pid}")).json()["data"]["stacksGone"] == []
    client = cfn(stack)
    for s in done["stacks"]:  # the local AWS loses them (as a moto restart without its state)
        client.delete_stack(StackName=s["name"])
    quick = httpx.AsyncClient(base_url=quick_checks, headers=user.headers)
    deadline = time.monotonic() + 30
    body: dict[str, Any] = {}
    async with quick:
        while time.monotonic() < deadline:  # the listing is refreshed every 0.2 s
            body = (await quick.get(f"/deployments/{did}")).json()["data"]
            if body["stacksGone"]:
                break
            await asyncio.sleep(0.2)
        project = (await quick.get(f"/projects/{pid}")).json()["data"]
    assert sorted(body["stacksGone"]) == sorted(s["name"] for s in done["stacks"])
    assert body["status"] == "completed"  # what happened then is unchanged
    assert sorted(project["stacksGone"]) == sorted(body["stacksGone"])
