"""The generated CDK project of a hand-built blueprint: CRUD handlers against DynamoDB on a real
moto server, the generated Python SDK driving them over HTTP through the API-Gateway-shaped
adapter, and the JWT authorizer (every gallery template: test_cdk_gallery.py)."""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path
from types import ModuleType

import jwt
import pytest

from api.services.sdk import _generate
from slipway.artifacts.cdk import entity_schema
from slipway.artifacts.openapi import build_openapi
from slipway.ir import Blueprint
from tests.integration.cdk_support import (
    Backend,
    dynamo_table,
    event,
    load_module,
    local_aws_env,
    serve,
    write_project,
)
from tests.unit.irs import task_app


def crud_for(
    bp: Blueprint, entity: str, root: Path, moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> ModuleType:
    e = next(x for x in bp.entities if x.name == entity)
    resource = next(r for r in bp.api.resources if r.entity == entity)
    table = dynamo_table(moto_url, e.table)
    for key, value in {
        **local_aws_env(moto_url),
        "TABLE_NAME": table,
        "ENTITY": entity,
        "SCHEMA": json.dumps(entity_schema(e, resource.pagination_limit)),
    }.items():
        monkeypatch.setenv(key, value)
    return load_module(root / "handlers" / "crud.py", f"crud_{table.replace('-', '_')}")


def test_crud_handler_against_dynamodb(
    tmp_path: Path, moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bp = task_app()
    write_project(bp, tmp_path)
    crud = crud_for(bp, "Task", tmp_path, moto_url, monkeypatch)
    r = crud.handler(event("POST", body={"title": "Write tests", "project_id": "p1"}))
    assert r["statusCode"] == 201, r
    created = json.loads(r["body"])
    assert created["priority"] == "low" and created["done"] is False and created["id"]
    assert crud.handler(event("POST", body={"title": 5})).get("statusCode") == 422
    assert (
        crud.handler(event("POST", body={"title": "x", "project_id": "p", "priority": "urgent"}))[
            "statusCode"
        ]
        == 422
    )
    assert (
        crud.handler(event("POST", body={"title": "x", "project_id": "p", "id": "forged"}))[
            "statusCode"
        ]
        == 422
    )
    got = crud.handler(event("GET", created["id"]))
    assert got["statusCode"] == 200 and json.loads(got["body"])["title"] == "Write tests"
    for i in range(3):
        crud.handler(event("POST", body={"title": f"t{i}", "project_id": "p1", "estimate": 1.5}))
    page = json.loads(crud.handler(event("GET", query={"limit": "2"}))["body"])
    assert len(page["data"]) <= 2 and page["meta"]["nextCursor"]
    assert crud.handler(event("GET", query={"limit": "51"}))["statusCode"] == 422
    upd = crud.handler(event("PATCH", created["id"], body={"done": True}))
    assert upd["statusCode"] == 200 and json.loads(upd["body"])["done"] is True
    assert crud.handler(event("PATCH", created["id"], body={"done": "yes"}))["statusCode"] == 422
    assert crud.handler(event("DELETE", created["id"]))["statusCode"] == 204
    assert crud.handler(event("GET", created["id"]))["statusCode"] == 404  # soft-deleted
    assert crud.handler(event("GET", "missing"))["statusCode"] == 404


def test_unique_fields_conflict(
    tmp_path: Path, moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bp = task_app()
    write_project(bp, tmp_path)
    crud = crud_for(bp, "Project", tmp_path, moto_url, monkeypatch)
    assert crud.handler(event("POST", body={"name": "Alpha"}))["statusCode"] == 201
    assert crud.handler(event("POST", body={"name": "Alpha"}))["statusCode"] == 409


def test_authorizer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(task_app(), tmp_path)
    monkeypatch.setenv("JWT_SECRET", "s" * 40)
    auth = load_module(tmp_path / "handlers" / "authorizer.py", "authorizer_under_test")
    now = int(time.time())
    good = jwt.encode(
        {"sub": "u1", "iat": now, "exp": now + 60, "roles": ["admin"]}, "s" * 40, algorithm="HS256"
    )
    expired = jwt.encode({"sub": "u1", "iat": now, "exp": now - 1}, "s" * 40, algorithm="HS256")
    forged = jwt.encode({"sub": "u1", "iat": now, "exp": now + 60}, "x" * 40, algorithm="HS256")
    ok = auth.handler({"headers": {"authorization": f"Bearer {good}"}})
    assert ok["isAuthorized"] is True and ok["context"]["sub"] == "u1"
    for token in (expired, forged, "garbage"):
        assert (
            auth.handler({"headers": {"authorization": f"Bearer {token}"}})["isAuthorized"] is False
        )
    rules = {"/v1/tasks": {"roles": ["owner", "admin"]}, "/v1/tasks/archive": {"roles": ["owner"]}}
    monkeypatch.setenv("ROUTE_RULES", json.dumps(rules))

    def allowed(route_key: str, token: str = good) -> bool:
        event = {"routeKey": route_key, "headers": {"authorization": f"Bearer {token}"}}
        return bool(auth.handler(event)["isAuthorized"])

    assert allowed("GET /v1/tasks") and allowed("PATCH /v1/tasks/{id}")
    assert not allowed("GET /v1/tasks/archive/{id}")  # the longest base path's rule applies
    assert allowed("GET /v1/tasksets")  # a prefix of a name is not the same path
    member = jwt.encode(
        {"sub": "u2", "iat": now, "exp": now + 60, "roles": ["member"]}, "s" * 40, algorithm="HS256"
    )
    assert not allowed("GET /v1/tasks", member) and allowed("GET /v1/notes", member)
    odd = jwt.encode(
        {"sub": "u3", "iat": now, "exp": now + 60, "roles": "admin"}, "s" * 40, algorithm="HS256"
    )
    assert not allowed("GET /v1/notes", odd)  # roles must be a list of strings
    monkeypatch.setenv("ROUTE_RULES", json.dumps({"/v1/tasks": {"tenant": True}}))
    assert not allowed("GET /v1/tasks")  # the token carries no tenant
    tenant = jwt.encode(
        {"sub": "u1", "iat": now, "exp": now + 60, "tenant": "t1"}, "s" * 40, algorithm="HS256"
    )
    assert allowed("GET /v1/tasks", tenant)


def test_generated_sdk_drives_the_handlers(tmp_path: Path, moto_url: str) -> None:
    bp = task_app()
    bp.auth.strategy = "none"  # the adapter has no authorizer in front
    write_project(bp, tmp_path / "cdk")
    files = _generate(build_openapi(bp), "task_app_client")
    sdk_root = tmp_path / "sdk"
    for name, data in files.items():
        path = sdk_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    server = serve(Backend(bp, tmp_path / "cdk", moto_url, None))
    sys.path.insert(0, str(sdk_root / "task_app_client"))
    try:
        from task_app_client import Client  # type: ignore[import-not-found]
        from task_app_client.api.task import (
            create_task,
            delete_task,
            get_task,
            list_task,
            update_task,
        )  # type: ignore[import-not-found]
        from task_app_client.models import TaskCreate, TaskUpdate  # type: ignore[import-not-found]

        client = Client(base_url=f"http://127.0.0.1:{server.server_port}")
        created = create_task.sync(
            client=client, body=TaskCreate(title="From the SDK", project_id=uuid.uuid4())
        )
        assert created is not None and created.title == "From the SDK"
        fetched = get_task.sync(client=client, id=created.id)
        assert fetched.id == created.id
        listed = list_task.sync(client=client, limit=10)
        assert created.id in [t.id for t in listed.data]
        updated = update_task.sync(client=client, id=created.id, body=TaskUpdate(done=True))
        assert updated.done is True
        assert delete_task.sync_detailed(client=client, id=created.id).status_code == 204
        assert get_task.sync_detailed(client=client, id=created.id).status_code == 404
    finally:
        server.shutdown()
        sys.path.remove(str(sdk_root / "task_app_client"))
        for name in list(sys.modules):
            if name.startswith("task_app_client"):
                del sys.modules[name]
