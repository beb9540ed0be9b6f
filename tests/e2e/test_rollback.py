"""POST /projects/{id}/rollback without a body (issue 20): back to the deployment before the
current one, i.e. the last completed deploy or rollback of another revision; 409
NOTHING_TO_ROLL_BACK when there is none (with ``deploymentId``: tests/e2e/test_deploy.py)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Faults
from tests.e2e.unlimited import unlimited_user
from tests.support import (
    SHOP_SPEC,
    SHOP_WITH_REVIEWS,
    Stack,
    deploy,
    deployment,
    generated,
    templates_live,
)


async def deployed(user: httpx.AsyncClient, pid: str) -> dict[str, Any]:
    r = await deploy(user, pid)
    assert r.status_code == 202, r.text
    done = await deployment(user, r.json()["deployment"]["id"], ("completed", "failed"))
    assert done["status"] == "completed", done
    return done


async def rollback(user: httpx.AsyncClient, pid: str, **headers: str) -> httpx.Response:
    return await user.post(f"/projects/{pid}/rollback", headers=headers)


@pytest.fixture
async def user(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    """Without rate limits: this test starts more operations than 5 a minute."""
    async with unlimited_user(stack) as client:
        yield client


async def test_rollback_without_a_body_goes_to_the_deployment_before_the_current_one(
    user: httpx.AsyncClient, stack: Stack, inproc_worker: Faults
) -> None:
    pid, _ = await generated(user, SHOP_SPEC)
    r = await rollback(user, pid)  # nothing deployed yet
    assert r.status_code == 409 and r.json()["code"] == "NOTHING_TO_ROLL_BACK", r.text
    first = await deployed(user, pid)
    r = await rollback(user, pid)  # one revision live, none before it
    assert r.status_code == 409 and r.json()["code"] == "NOTHING_TO_ROLL_BACK", r.text
    v1_templates = templates_live(stack, first["stacks"])

    await generated(user, SHOP_WITH_REVIEWS, pid)
    second = await deployed(user, pid)
    third = await deployed(user, pid)  # the same revision again: not "another" deployment
    assert second["revision"] == third["revision"] == 2 and first["revision"] == 1

    key = uuid.uuid4().hex
    r = await rollback(user, pid, **{"Idempotency-Key": key})
    assert r.status_code == 202, r.text
    started = r.json()["deployment"]
    rolled = await deployment(user, started["id"], ("completed", "failed"))
    assert rolled["kind"] == "rollback" and rolled["status"] == "completed", rolled
    assert rolled["rollbackOf"] == first["id"] and rolled["revision"] == 1
    assert templates_live(stack, rolled["stacks"]) == v1_templates

    # the same request again is the same rollback, though what is live has changed since
    r = await rollback(user, pid, **{"Idempotency-Key": key})
    assert r.status_code == 202 and r.json()["deployment"]["id"] == started["id"]

    # revision 1 is live now: the one before it is the last deploy of revision 2
    r = await rollback(user, pid)
    assert r.status_code == 202, r.text
    again = await deployment(user, r.json()["deployment"]["id"], ("completed", "failed"))
    assert again["status"] == "completed" and again["rollbackOf"] == third["id"]
    assert again["revision"] == 2
