"""The preview (POST /projects/{id}/validate) answers in one documented shape (issue 20): 202
with statusUrl; ``?wait=N`` (0 to 30 s) blocks until the result is ready and answers 200 with
it (or still 202 when it is not ready by then)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.e2e.conftest import Faults
from tests.e2e.unlimited import unlimited_user
from tests.support import SHOP_SPEC, Stack, deployment, generated


@pytest.fixture
async def user(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    """Without rate limits: this test starts more previews than 5 a minute."""
    async with unlimited_user(stack) as client:
        yield client


async def test_preview_is_202_and_wait_answers_200_with_the_result(
    user: httpx.AsyncClient, inproc_worker: Faults
) -> None:
    document = (await user.get("/openapi.json")).json()
    op = document["paths"]["/projects/{project_id}/validate"]["post"]
    assert {"200", "202"} <= set(op["responses"])
    wait = next(p for p in op["parameters"] if p["name"] == "wait")["schema"]
    assert (wait["minimum"], wait["maximum"]) == (0, 30)

    pid, _ = await generated(user, SHOP_SPEC)
    r = await user.post(f"/projects/{pid}/validate")
    assert r.status_code == 202, r.text
    did = r.json()["deployment"]["id"]
    assert r.json()["statusUrl"] == f"/deployments/{did}"
    assert r.json()["deployment"]["kind"] == "preview"
    await deployment(user, did, ("completed",))

    key = {"Idempotency-Key": uuid.uuid4().hex}
    r = await user.post(f"/projects/{pid}/validate", params={"wait": 30}, headers=key, timeout=60)
    assert r.status_code == 200, r.text
    result = r.json()["data"]
    assert result["kind"] == "preview" and result["status"] == "completed"
    assert result["completedAt"] and result["preview"]["costEstimate"]
    assert {s["key"] for s in result["stacks"]} >= {"data", "compute", "api"}
    # the same request again: the same preview, already ended
    r = await user.post(f"/projects/{pid}/validate", params={"wait": 30}, headers=key, timeout=60)
    assert r.status_code == 200 and r.json()["data"]["id"] == result["id"]

    # not ready within the wait: still 202 (each stack's preview step is held open)
    inproc_worker.hold_after = {"stackops.preview_stack": 2.0}
    r = await user.post(f"/projects/{pid}/validate", params={"wait": 1})
    assert r.status_code == 202, r.text
    inproc_worker.hold_after = {}
    await deployment(user, r.json()["deployment"]["id"], ("completed",))

    for bad in ("31", "-1", "soon"):
        r = await user.post(f"/projects/{pid}/validate", params={"wait": bad})
        assert r.status_code == 422 and r.json()["code"] == "VALIDATION_ERROR", (bad, r.text)
