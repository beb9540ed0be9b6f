"""Deployments on a real moto server, through the HTTP API, on the real dev server: preview,
deploy, rollback, destroy, the change gates, one operation at a time, idempotency, ownership."""

from __future__ import annotations

import asyncio
import uuid

import httpx

from tests.e2e.conftest import Faults
from tests.support import (
    SHOP_ORDER_REMOVED,
    SHOP_SPEC,
    SHOP_TYPE_CHANGED,
    SHOP_WITH_REVIEWS,
    Stack,
    deploy,
    deployment,
    generated,
    get_json,
    project_with_spec,
    stack_names,
    templates_live,
)


async def test_000_deployment_flow(
    user: httpx.AsyncClient, stack: Stack, inproc_worker: Faults
) -> None:
    """Preview, deploy, get deployment, rollback, destroy."""
    pid, _ = await generated(user, SHOP_SPEC)
    r = await user.post(f"/projects/{pid}/validate")
    assert r.status_code in (200, 202), r.text
    if r.status_code == 202:
        preview = await deployment(user, r.json()["deployment"]["id"], ("completed",))
    else:
        preview = r.json()["data"]
    assert preview["kind"] == "preview" and preview["status"] == "completed"
    assert {s["key"] for s in preview["stacks"]} >= {"data", "compute", "api"}
    data_stack = next(s for s in preview["stacks"] if s["key"] == "data")
    assert data_stack["changes"] and all(c["action"] == "add" for c in data_stack["changes"])
    assert preview["classification"]["overall"] == "safe"
    assert preview["preview"]["costEstimate"] and preview["preview"]["validation"]
    # preview never executes: no stack exists afterwards
    names = set(stack_names(stack))
    assert not any(pid.replace("-", "")[:8] in n for n in names)

    r = await deploy(user, pid)
    assert r.status_code == 202, r.text
    first = r.json()["deployment"]["id"]
    assert r.json()["statusUrl"] == f"/deployments/{first}"
    done = await deployment(user, first, ("completed", "failed"))
    assert done["status"] == "completed", done
    assert all(s["status"] == "completed" for s in done["stacks"])
    assert done["events"] and done["outputs"]
    v1_templates = templates_live(stack, done["stacks"])

    pid, _ = await generated(user, SHOP_WITH_REVIEWS, pid)
    r = await deploy(user, pid)
    second = await deployment(user, r.json()["deployment"]["id"], ("completed", "failed"))
    assert second["status"] == "completed"
    assert templates_live(stack, second["stacks"]) != v1_templates

    r = await user.post(f"/projects/{pid}/rollback", json={"deploymentId": first})
    assert r.status_code == 202, r.text
    rolled = await deployment(user, r.json()["deployment"]["id"], ("completed", "failed"))
    assert rolled["status"] == "completed" and rolled["kind"] == "rollback"
    assert templates_live(stack, rolled["stacks"]) == v1_templates

    history = (await get_json(user, f"/projects/{pid}/deployments"))["data"]
    assert [d["kind"] for d in history][:4] == ["rollback", "deploy", "deploy", "preview"]

    r = await user.delete(f"/projects/{pid}/stack")
    assert r.status_code == 202
    destroyed = await deployment(user, r.json()["deployment"]["id"], ("completed", "failed"))
    assert destroyed["status"] == "completed"
    remaining = set(stack_names(stack))
    assert not {s["name"] for s in done["stacks"]} & remaining


async def test_rollback_to_unsuccessful_deployment_is_422(
    user: httpx.AsyncClient, inproc_worker: Faults
) -> None:
    pid, _ = await generated(user, SHOP_SPEC)
    r = await user.post(f"/projects/{pid}/validate")
    preview_id = (r.json().get("data") or r.json()["deployment"])["id"]
    r = await user.post(f"/projects/{pid}/rollback", json={"deploymentId": preview_id})
    assert r.status_code == 422 and r.json()["code"] == "ROLLBACK_TARGET_INVALID"


async def test_two_concurrent_deploys_exactly_one_runs(
    user: httpx.AsyncClient, inproc_worker: Faults
) -> None:
    pid, _ = await generated(user, SHOP_SPEC)
    responses = await asyncio.gather(deploy(user, pid), deploy(user, pid))
    codes = sorted(r.status_code for r in responses)
    assert codes == [202, 409], [r.text for r in responses]
    winner = next(r for r in responses if r.status_code == 202).json()["deployment"]["id"]
    loser = next(r for r in responses if r.status_code == 409).json()
    assert loser["code"] == "OPERATION_IN_PROGRESS"
    await deployment(user, winner, ("completed",))
    history = (await get_json(user, f"/projects/{pid}/deployments"))["data"]
    assert [d["id"] for d in history] == [winner]


async def test_next_operation_right_after_completed_waits_for_the_closing_workflow(
    user: httpx.AsyncClient, inproc_worker: Faults
) -> None:
    """The deployment reads "completed" once its final status is saved, a moment before its
    workflow returns; an operation started in that moment is accepted, not refused as in
    progress. The moment is stretched by holding the finishing activity open."""
    pid, _ = await generated(user, SHOP_SPEC)
    inproc_worker.hold_after = {"stackops.finish": 2.0}
    r = await deploy(user, pid)
    assert r.status_code == 202, r.text
    await deployment(user, r.json()["deployment"]["id"], ("completed",), timeout=60)
    r = await user.delete(f"/projects/{pid}/stack")
    assert r.status_code == 202, r.text
    inproc_worker.hold_after = {}
    destroyed = await deployment(user, r.json()["deployment"]["id"], ("completed",))
    assert destroyed["kind"] == "destroy"


async def test_change_gates(user: httpx.AsyncClient, inproc_worker: Faults) -> None:
    pid, _ = await generated(user, SHOP_SPEC)
    did = (await deploy(user, pid)).json()["deployment"]["id"]
    await deployment(user, did, ("completed",))

    await generated(user, SHOP_TYPE_CHANGED, pid)
    r = await deploy(user, pid)
    assert r.status_code == 409 and r.json()["code"] == "ACKNOWLEDGEMENT_REQUIRED"
    assert r.json()["changes"]
    r = await deploy(user, pid, acknowledge=["unsafe"])
    assert r.status_code == 202
    await deployment(user, r.json()["deployment"]["id"], ("completed",))

    await generated(user, SHOP_ORDER_REMOVED, pid)
    r = await deploy(user, pid, acknowledge=["unsafe"])
    assert r.status_code == 409 and r.json()["code"] == "CHANGE_BLOCKED"
    assert any(c["classification"] == "blocked" for c in r.json()["changes"])


async def test_idempotent_deploy_and_ownership(
    user: httpx.AsyncClient, other_user: httpx.AsyncClient, inproc_worker: Faults
) -> None:
    pid, _ = await generated(user, SHOP_SPEC)
    key = uuid.uuid4().hex
    first = await user.post(f"/projects/{pid}/deploy", json={}, headers={"Idempotency-Key": key})
    again = await user.post(f"/projects/{pid}/deploy", json={}, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 202
    did = first.json()["deployment"]["id"]
    assert again.json()["deployment"]["id"] == did
    await deployment(user, did, ("completed",))
    for method, path in (
        ("GET", f"/deployments/{did}"),
        ("POST", f"/deployments/{did}/continue"),
        ("POST", f"/deployments/{did}/cancel"),
        ("GET", f"/projects/{pid}/deployments"),
        ("POST", f"/projects/{pid}/deploy"),
        ("POST", f"/projects/{pid}/validate"),
        ("DELETE", f"/projects/{pid}/stack"),
    ):
        r = await other_user.request(method, path)
        assert r.status_code == 404, (method, path, r.text)


async def test_no_blueprint_is_409(user: httpx.AsyncClient) -> None:
    pid = await project_with_spec(user, SHOP_SPEC)
    r = await deploy(user, pid)
    assert r.status_code == 409 and r.json()["code"] == "NO_BLUEPRINT"
