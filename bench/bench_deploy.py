"""Workflow overhead per stack for a 5-stack deploy on moto: deploy wall time minus the time
spent inside CloudFormation calls (measured with botocore hooks on the in-process worker)."""

from __future__ import annotations

import asyncio
import time

import boto3
import httpx
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker

from activities.deps import ActivityDeps
from activities.registry import build_activities
from bench.common import BenchStack
from core.settings import Settings
from slipway.templates import get_template
from workflows.registry import WORKFLOWS


async def run() -> list[str]:
    stack = BenchStack(worker=False).start()
    import os

    os.environ.update(
        {
            k: stack.env[k]
            for k in (
                "TEMPORAL_ADDRESS",
                "TASK_QUEUE",
                "AWS_ENDPOINT_URL",
                "DATABASE_URL",
                "SLIPWAY_DATA_DIR",
                "JWT_SECRET",
            )
        }
    )
    spent = {"cfn": 0.0, "calls": 0}
    starts: dict[int, float] = {}

    def before(context: dict[str, float], **_: object) -> None:
        starts[id(context)] = time.perf_counter()

    def after(context: dict[str, float], **_: object) -> None:
        begin = starts.pop(id(context), None)
        if begin is not None:
            spent["cfn"] += time.perf_counter() - begin
            spent["calls"] += 1

    events = boto3._get_default_session().events
    events.register("before-call.cloudformation", before)
    events.register("after-call.cloudformation", after)
    lines = []
    try:
        temporal = await Client.connect(
            stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
        )
        deps = ActivityDeps.create(Settings())
        async with (
            Worker(
                temporal,
                task_queue=stack.env["TASK_QUEUE"],
                workflows=WORKFLOWS,
                activities=build_activities(deps),
            ),
            httpx.AsyncClient(base_url=stack.url, timeout=60) as client,
        ):
            headers = await stack.user(client)
            template = get_template("task-manager")
            assert template is not None
            pid = (
                await client.post(
                    "/projects",
                    json={"name": "Bench", "templateId": template.id},
                    headers=headers,
                )
            ).json()["data"]["id"]
            bid = (
                await client.post(f"/projects/{pid}/spec/generate-blueprint", headers=headers)
            ).json()["blueprint"]["id"]
            while (await client.get(f"/blueprints/{bid}/status", headers=headers)).json()[
                "status"
            ] != "completed":
                await asyncio.sleep(0.05)
            spent.update(cfn=0.0, calls=0)
            start = time.perf_counter()
            did = (await client.post(f"/projects/{pid}/deploy", json={}, headers=headers)).json()[
                "deployment"
            ]["id"]
            while True:
                body = (await client.get(f"/deployments/{did}", headers=headers)).json()["data"]
                if body["status"] in ("completed", "failed"):
                    break
                await asyncio.sleep(0.05)
            wall = time.perf_counter() - start
        stacks = len(body["stacks"])
        overhead = wall - spent["cfn"]
        lines.append(
            f"deploy of {stacks} stacks ({body['status']}): wall {wall:.2f} s, in CloudFormation calls {spent['cfn']:.2f} s ({spent['calls']} calls)"
        )
        lines.append(
            f"  workflow overhead: {overhead:.2f} s total = {overhead / stacks * 1000:.0f} ms per stack (polling back-off, activities, DB writes)"
        )
        await deps.engine.dispose()
    finally:
        events.unregister("before-call.cloudformation", before)
        events.unregister("after-call.cloudformation", after)
        stack.stop()
    return lines


if __name__ == "__main__":
    print("\n".join(asyncio.run(run())))
