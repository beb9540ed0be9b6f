"""Issue 12 item 2 in the CDK project: ``auth.strategy: api_key`` is an API that requires a key.
The route table of blueprint.json says so route by route, and the project, served as its stacks
build it (REST API, payload 1.0, ``x-api-key`` checked by the usage plan, no JWT authorizer),
refuses calls without the key. The templates themselves: test_cdk_synth_security.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from slipway.artifacts.cdk import build_cdk_project
from slipway.ir import Blueprint
from tests.integration.cdk_support import Backend, aws, write_project
from tests.unit.irs import task_app


def api_key_app() -> Blueprint:
    bp = task_app()
    bp.auth.strategy = "api_key"
    bp.api.health_endpoint = True
    bp.api.resources[0].roles = ["admin"]  # Project: restricted to a role for JWT callers
    bp.entities[1].audit_log = True  # Task
    return bp


def test_route_table_requires_the_key_on_every_protected_route() -> None:
    bp = api_key_app()
    bp.api.resources[1].operations = ["list", "get", "create", "update", "delete"]
    files = build_cdk_project(bp, stack_prefix="slipway-keys-12345678")
    routes = json.loads(files["blueprint.json"])["routes"]
    by_key = {(r["method"], r["path"]): r for r in routes}
    assert by_key[("GET", "/health")]["auth"] == "public"
    protected = [r for r in routes if r["path"] != "/health"]
    assert len(protected) == 10 and {r["auth"] for r in protected} == {"api_key"}
    assert by_key[("DELETE", "/v1/projects/{id}")]["roles"] == []  # a key carries no roles
    bp.api.resources[1].public = True
    routes = json.loads(build_cdk_project(bp, stack_prefix="p-1")["blueprint.json"])["routes"]
    assert {r["auth"] for r in routes if r["entity"] == "Task"} == {"public"}


def send(backend: Backend, method: str, path: str, key: str | None, body: Any = None) -> int:
    headers = {"x-api-key": key} if key is not None else {}
    request = {"headers": headers, "body": json.dumps(body) if body is not None else None}
    return int(backend.handle(method, path, request)["statusCode"])


@pytest.fixture
def backend(tmp_path: Path, moto_url: str) -> Backend:
    write_project(api_key_app(), tmp_path)
    return Backend(tmp_path, moto_url)


def test_calls_without_the_key_are_refused(backend: Backend) -> None:
    task = {"title": "t", "project_id": "p1"}
    assert backend.rest  # a REST API: payload 1.0 events reach the handlers
    for key in (None, "", "not-the-key", backend.api_key[:-1]):
        assert send(backend, "POST", "/v1/tasks", key, task) == 403
        assert send(backend, "GET", "/v1/tasks", key) == 403
        assert send(backend, "DELETE", "/v1/tasks/x", key) == 403
    assert send(backend, "GET", "/health", None) == 200  # public


def test_the_key_opens_the_api(backend: Backend, moto_url: str) -> None:
    key = backend.api_key
    request = {"headers": {"x-api-key": key}, "body": json.dumps({"title": "t", "project_id": "p"})}
    created = json.loads(backend.handle("POST", "/v1/tasks", request)["body"])
    assert send(backend, "GET", f"/v1/tasks/{created['id']}", key) == 200
    assert send(backend, "PATCH", f"/v1/tasks/{created['id']}", key, {"done": True}) == 200
    assert send(backend, "DELETE", f"/v1/tasks/{created['id']}", key) == 204
    assert send(backend, "GET", f"/v1/tasks/{created['id']}", key) == 404
    # Project is restricted to 'admin' for JWT callers; a key names a client and carries no
    # role, so (as in Slipway's own stacks and the OpenAPI document) the key holder may call it
    assert send(backend, "POST", "/v1/projects", key, {"name": "x"}) == 201
    assert send(backend, "POST", "/v1/projects", None, {"name": "y"}) == 403
    assert backend.audit_table is not None
    audit = aws("dynamodb", moto_url).scan(TableName=backend.audit_table)["Items"]
    assert {a["actor"]["S"] for a in audit} == {f"api-key:{backend.api_key_id}"}
