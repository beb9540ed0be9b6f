"""The generated CDK project of a hand-built blueprint: CRUD handlers against DynamoDB on a real
moto server, the generated Python SDK driving them over HTTP through the API-Gateway-shaped
adapter, and the JWT authorizer, whose signing key is a Secrets Manager secret and never a
default (every gallery template: test_cdk_gallery.py)."""

from __future__ import annotations

import json
import sys
import time
import uuid
from pathlib import Path
from types import ModuleType

import jwt
import pytest

from api.artifacts.sdk import generate_files
from slipway.artifacts.openapi import build_openapi
from slipway.ir import Blueprint
from tests.integration.cdk_support import (
    Backend,
    dynamo_table,
    event,
    load_module,
    local_aws_env,
    secret,
    serve,
    write_project,
)
from tests.unit.irs import task_app

OLD_DEFAULT = "change-me-before-deploying"


def crud_for(
    bp: Blueprint, entity: str, root: Path, moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> ModuleType:
    e = next(x for x in bp.entities if x.name == entity)
    table = dynamo_table(moto_url, e.table)
    for key, value in {**local_aws_env(moto_url), "TABLE_NAME": table, "RESOURCE": entity}.items():
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


def token(key: str, **claims: object) -> str:
    now = int(time.time())
    return jwt.encode({"sub": "u1", "iat": now, "exp": now + 60, **claims}, key, algorithm="HS256")


def authorizer_for(
    root: Path,
    moto_url: str,
    monkeypatch: pytest.MonkeyPatch,
    key: str | None,
    rules: object = None,
) -> ModuleType:
    """The project's authorizer with its signing key in a Secrets Manager secret on moto (or no
    secret at all), and, when given, other per-route rules in its resources.json."""
    if rules is not None:
        config = json.loads((root / "handlers" / "resources.json").read_text())
        config["routeRules"] = rules
        (root / "handlers" / "resources.json").write_text(json.dumps(config))
    for name, value in local_aws_env(moto_url).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("JWT_SECRET_ARN", raising=False)
    if key is not None:
        monkeypatch.setenv("JWT_SECRET_ARN", secret(moto_url, key))
    return load_module(root / "handlers" / "authorizer.py", f"authorizer_{uuid.uuid4().hex}")


def allowed(auth: ModuleType, route_key: str, bearer: str) -> bool:
    evt = {"routeKey": route_key, "headers": {"authorization": f"Bearer {bearer}"}}
    return bool(auth.handler(evt)["isAuthorized"])


def test_authorizer(tmp_path: Path, moto_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project(task_app(), tmp_path)
    rules = {"/v1/tasks": {"roles": ["owner", "admin"]}, "/v1/tasks/archive": {"roles": ["owner"]}}
    auth = authorizer_for(tmp_path, moto_url, monkeypatch, "s" * 40, rules)
    good = token("s" * 40, roles=["admin"])
    ok = auth.handler({"routeKey": "GET /v1/notes", "headers": {"authorization": f"Bearer {good}"}})
    assert ok["isAuthorized"] is True and ok["context"]["sub"] == "u1"
    expired = jwt.encode({"sub": "u1", "iat": 1, "exp": 2}, "s" * 40, algorithm="HS256")
    for bad in (expired, token("x" * 40), "garbage", token("s" * 40, sub=None)):
        assert not allowed(auth, "GET /v1/notes", bad)
    assert allowed(auth, "GET /v1/tasks", good) and allowed(auth, "PATCH /v1/tasks/{id}", good)
    assert not allowed(auth, "GET /v1/tasks/archive/{id}", good)  # the longest base path wins
    assert allowed(auth, "GET /v1/tasksets", good)  # a prefix of a name is not the same path
    member = token("s" * 40, roles=["member"])
    assert not allowed(auth, "GET /v1/tasks", member) and allowed(auth, "GET /v1/notes", member)
    assert not allowed(auth, "GET /v1/notes", token("s" * 40, roles="admin"))  # not a list
    auth = authorizer_for(
        tmp_path, moto_url, monkeypatch, "s" * 40, {"/v1/tasks": {"tenant": True}}
    )
    assert not allowed(auth, "GET /v1/tasks", good)  # the token carries no tenant
    assert allowed(auth, "GET /v1/tasks", token("s" * 40, tenant="t1"))


@pytest.mark.filterwarnings("ignore:The HMAC key is")
def test_authorizer_has_no_default_key(
    tmp_path: Path, moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (issue 12 item 4): app.py fell back to JWT_SECRET="change-me-before-deploying"
    and the authorizer took JWT_SECRET from its environment, so anyone could forge an admin
    token. The key is now only the Secrets Manager secret; without it every request is denied."""
    write_project(task_app(), tmp_path)
    forged = token(OLD_DEFAULT, roles=["admin"])
    monkeypatch.setenv("JWT_SECRET", OLD_DEFAULT)  # what the old app.py gave the function
    auth = authorizer_for(tmp_path, moto_url, monkeypatch, None)
    assert not allowed(auth, "GET /v1/tasks", forged)
    assert not allowed(auth, "GET /v1/tasks", token("s" * 40, roles=["admin"]))
    real = "k" * 64
    auth = authorizer_for(tmp_path, moto_url, monkeypatch, real)
    assert not allowed(auth, "GET /v1/tasks", forged)  # signed with the old default
    assert allowed(auth, "GET /v1/tasks", token(real, roles=["admin"]))
    monkeypatch.setenv(
        "JWT_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:gone"
    )
    auth = load_module(tmp_path / "handlers" / "authorizer.py", "authorizer_missing_secret")
    assert not allowed(auth, "GET /v1/tasks", token(real, roles=["admin"]))  # unreadable: deny
    auth = authorizer_for(tmp_path, moto_url, monkeypatch, "short")
    assert not allowed(auth, "GET /v1/tasks", token("short", roles=["admin"]))  # too short: deny
    for name, text in {**{p.name: p.read_text() for p in tmp_path.rglob("*.py")}}.items():
        assert OLD_DEFAULT not in text and 'JWT_SECRET"' not in text, name


def test_generated_sdk_drives_the_handlers(tmp_path: Path, moto_url: str) -> None:
    bp = task_app()
    bp.auth.strategy = "none"  # the adapter has no authorizer in front
    write_project(bp, tmp_path / "cdk")
    files = generate_files(build_openapi(bp), "task_app_client", timeout=600)
    sdk_root = tmp_path / "sdk"
    for name, data in files.items():
        path = sdk_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    server = serve(Backend(tmp_path / "cdk", moto_url))
    sys.path.insert(0, str(sdk_root / "task_app_client"))
    try:
        from task_app_client import Client
        from task_app_client.api.task import (
            create_task,
            delete_task,
            get_task,
            list_task,
            update_task,
        )
        from task_app_client.models import TaskCreate, TaskUpdate

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
