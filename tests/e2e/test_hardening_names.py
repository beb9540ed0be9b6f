"""Issue 12 item 10: a project deployed before the stack-naming change keeps its stacks.

Its stacks exist under the old names (slug and 32 bits of the project ID) and its deployment row
records them. The next deploy (and preview) must synthesize under those recorded names and
update the same stacks, never create a second set under today's names.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from slipway.ir import Blueprint
from slipway.synth import STACK_KEYS, stack_tags, synthesize
from slipway.synth.naming import stack_order
from tests.e2e.conftest import Faults
from tests.support import (
    SHOP_SPEC,
    SHOP_WITH_REVIEWS,
    Stack,
    cfn,
    deploy,
    deployment,
    generated,
    get_json,
    stack_names,
)

pytestmark = pytest.mark.db


def old_name(project_id: str, key: str) -> str:
    """The scheme stacks were deployed under before: slug and 32 bits of the project ID."""
    return f"slipway-gen-{project_id.replace('-', '')[:8]}-{key}"


def record_names(database_url: str, deployment_id: str, names: dict[str, str]) -> None:
    """Fault injection at the database boundary: the deployment's recorded stack names."""
    engine = sa.create_engine(database_url)
    key = uuid.UUID(deployment_id)  # typed: a native uuid on PostgreSQL, 32 hex digits on SQLite
    table = sa.table("deployments", sa.column("id", sa.Uuid()), sa.column("templates", sa.JSON()))
    with engine.begin() as conn:
        templates: dict[str, Any] = conn.execute(
            sa.select(table.c.templates).where(table.c.id == key)
        ).scalar_one()
        for k, t in templates.items():
            t["name"] = names[k]
        conn.execute(sa.update(table).where(table.c.id == key).values(templates=templates))
    engine.dispose()


def redeploy_under_old_names(
    stack: Stack, pid: str, did: str, bp: Blueprint, live: list[dict[str, Any]]
) -> dict[str, str]:
    """Make the project look deployed before the naming change: its stacks deleted and created
    again (same templates, same deployment tag) under the old names."""
    client = cfn(stack)
    for s in reversed(live):
        client.delete_stack(StackName=s["name"])
    old = {k: old_name(pid, k) for k in STACK_KEYS}
    synthesized = {s.key: s for s in synthesize(bp, project_id=pid, names=old)}
    for key in [k for wave in stack_order(list(synthesized.values())) for k in wave]:
        client.create_stack(
            StackName=old[key],
            TemplateBody=synthesized[key].body,
            Tags=stack_tags(pid, did, key),
            Capabilities=["CAPABILITY_IAM"],
        )
        status = client.describe_stacks(StackName=old[key])["Stacks"][0]["StackStatus"]
        assert status == "CREATE_COMPLETE", (key, status)
    return {k: old[k] for k in synthesized}


async def test_a_project_deployed_under_old_names_updates_those_stacks(
    user: httpx.AsyncClient, stack: Stack, inproc_worker: Faults
) -> None:
    pid, bid = await generated(user, SHOP_SPEC)
    r = await deploy(user, pid)
    assert r.status_code == 202, r.text
    did = r.json()["deployment"]["id"]
    first = await deployment(user, did, ("completed", "failed"))
    assert first["status"] == "completed", first
    today = {s["name"] for s in first["stacks"]}
    ir = (await get_json(user, f"/blueprints/{bid}"))["data"]["ir"]
    old = redeploy_under_old_names(stack, pid, did, Blueprint.from_json(ir), first["stacks"])
    record_names(stack.database_url, did, old)
    assert not today & set(stack_names(stack))

    pid, _ = await generated(user, SHOP_WITH_REVIEWS, pid)
    r = await user.post(f"/projects/{pid}/validate")  # the preview (a dry run)
    assert r.status_code == 202, r.text
    preview = await deployment(user, r.json()["deployment"]["id"], ("completed", "failed"))
    assert {s["key"]: s["name"] for s in preview["stacks"]} == old

    r = await deploy(user, pid)
    assert r.status_code == 202, r.text
    second = await deployment(user, r.json()["deployment"]["id"], ("completed", "failed"))
    assert second["status"] == "completed", second
    assert {s["key"]: s["name"] for s in second["stacks"]} == old
    live = set(stack_names(stack))
    assert set(old.values()) <= live
    assert not today & live  # no second set of stacks under today's names
    data = cfn(stack).get_template(StackName=old["data"])["TemplateBody"]
    assert "Review" in str(data)  # the old-named stack was updated in place
