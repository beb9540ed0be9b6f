"""The CDK project of every gallery template works: its CRUD handlers serve every resource of the
template behind a small API-Gateway-shaped HTTP adapter (with the JWT authorizer in front of the
protected routes) and are driven through the template's generated Python SDK: DynamoDB templates
against a real moto server, PostgreSQL templates against a real PostgreSQL (credentials read
from a Secrets Manager secret on moto, schema applied by the handler). And (slow) each app
synthesizes with aws-cdk-lib into the resource types of Slipway's own templates, stack by stack."""

from __future__ import annotations

import importlib
import json
import re
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import psycopg
import pytest

from api.artifacts.sdk import generate_files
from slipway.artifacts.openapi import build_openapi
from slipway.ir import Blueprint, EntityDef, FieldDef
from slipway.spec.compiler import compile_spec
from slipway.synth import synthesize
from slipway.templates import list_templates
from tests.integration.cdk_support import (
    JWT_SECRET,
    Backend,
    aws,
    event,
    pg_admin_url,
    serve,
    synth,
    templates,
    write_project,
)

TEMPLATES = [t.id for t in list_templates()]
# CDK's own glue around the same resources: grants become separate IAM policies, enforce_ssl a
# bucket policy. Everything else must match Slipway's templates exactly, stack by stack.
CDK_GLUE = {"AWS::IAM::Policy", "AWS::S3::BucketPolicy", "AWS::CDK::Metadata"}
# The CDK project's authorizer verifies HS256 tokens signed with a key that Secrets Manager
# generates (Slipway's stacks verify Cognito tokens instead): one secret in its auth stack.
CDK_ONLY = {"auth": {"AWS::SecretsManager::Secret"}}


def blueprint(template_id: str) -> Blueprint:
    template = next(t for t in list_templates() if t.id == template_id)
    result = compile_spec(template.spec)
    assert result.blueprint is not None, result.errors
    return result.blueprint


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def sample(f: FieldDef, n: int, created: dict[str, list[str]], creatable: set[str]) -> Any:
    if f.references:
        if created.get(f.references):
            return created[f.references][-1]
        # a parent still to be created is left out; one the API cannot create (read-only) is
        # referenced by a made-up id, which only a store with foreign keys would refuse
        return None if f.references in creatable else str(uuid.uuid4())
    if f.type == "enum":
        return f.enum_values[n % len(f.enum_values)]
    value: Any = {
        "number": 1.5 + n,
        "integer": 3 + n,
        "boolean": n % 2 == 0,
        "datetime": f"2026-01-0{1 + n % 9}T03:04:05Z",
        "date": f"2026-02-0{1 + n % 9}",
        "json": {"n": n},
    }.get(f.type)
    if value is None:  # string
        value = f"{f.name}-{n}-{uuid.uuid4().hex[:6]}"
        if "email" in f.name:
            value = f"user{n}-{uuid.uuid4().hex[:6]}@example.com"
        if f.max_length:
            value = value[: f.max_length]
    return value


def _utc(value: Any) -> Any:
    """The SDK writes UTC as ``+00:00``, the handlers as ``Z``: the same instant."""
    return value[:-6] + "Z" if isinstance(value, str) and value.endswith("+00:00") else value


def creatable(bp: Blueprint) -> set[str]:
    return {r.entity for r in bp.api.resources if "create" in r.operations}


def creation_order(bp: Blueprint) -> list[EntityDef]:
    """Entities with an API create operation, parents before children: every reference when
    possible, required ones only where optional references form a cycle."""
    names = creatable(bp)
    pending = [e for e in bp.entities if e.name in names]
    done: list[EntityDef] = []
    while pending:
        made = {d.name for d in done}

        def ready(e: EntityDef, required_only: bool, made: set[str] = made) -> bool:
            return all(
                f.references in made
                for f in e.fields
                if f.references
                and f.references != e.name
                and f.references in names
                and (f.required or not required_only)
            )

        batch = [e for e in pending if ready(e, False)] or [e for e in pending if ready(e, True)]
        assert batch, f"cyclic required references among {[e.name for e in pending]}"
        done += batch
        pending = [e for e in pending if e not in batch]
    return done


@pytest.fixture
def pg_database() -> Iterator[str]:
    admin = pg_admin_url()
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=2)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {admin} (set SLIPWAY_TEST_PG_URL): {exc}")
    name = f"slipway_cdk_{uuid.uuid4().hex[:10]}"
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drive_through_sdk(bp: Blueprint, tmp_path: Path, backend: Backend) -> None:
    package = f"{bp.project.slug.replace('-', '_')}_client"
    sdk_root = tmp_path / "sdk"
    for name, data in generate_files(build_openapi(bp), package).items():
        path = sdk_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    server = serve(backend)
    sys.path.insert(0, str(sdk_root / package))
    try:
        sdk = importlib.import_module(package)
        models = importlib.import_module(f"{package}.models")
        base_url = f"http://127.0.0.1:{server.server_port}"

        def client_for(tenant: str | None, roles: list[str] | None = None) -> Any:
            now = int(time.time())
            claims = {
                "sub": "u1",
                "iat": now,
                "exp": now + 600,
                "roles": list(bp.auth.roles) if roles is None else roles,
            }
            if tenant:
                claims["tenant"] = tenant
            token = jwt.encode(claims, JWT_SECRET, algorithm="HS256")
            return sdk.AuthenticatedClient(base_url=base_url, token=token)

        client = client_for(None)
        token = client.token
        outsider = client_for(str(uuid.uuid4()))  # another tenant
        anonymous = sdk.Client(base_url=base_url)
        resources = {r.entity: r for r in bp.api.resources}
        created: dict[str, list[str]] = {}
        roles_checked: list[str] = []
        records: list[tuple[EntityDef, str]] = []
        alive: dict[str, tuple[EntityDef, dict[str, Any]]] = {}
        postgres = bp.infrastructure.database == "postgres"
        for n, e in enumerate(creation_order(bp)):
            r = resources[e.name]
            ops = {
                op: importlib.import_module(f"{package}.api.{snake(e.name)}.{op}_{snake(e.name)}")
                for op in r.operations
            }
            body = {
                f.name: v
                for f in e.fields
                if not f.managed and (v := sample(f, n, created, creatable(bp))) is not None
            }
            reply = ops["create"].sync_detailed(
                client=client, body=getattr(models, f"{e.name}Create").from_dict(body)
            )
            assert reply.status_code == 201, (e.name, reply.status_code, reply.content)
            item = json.loads(reply.content)
            sent = {k: _utc(v) for k, v in body.items()}
            assert {k: _utc(item.get(k)) for k in body} == sent, (e.name, item)
            created.setdefault(e.name, []).append(item["id"])
            records.append((e, item["id"]))
            alive[item["id"]] = (e, item)
            if e.name == bp.tenancy.tenant_entity:  # from now on, act inside this tenant
                client = client_for(item["id"])
            if e.tenant_scoped:
                assert item[bp.tenancy.tenant_key] == created[bp.tenancy.tenant_entity][-1]
                if "get" in ops:
                    hidden = ops["get"].sync_detailed(client=outsider, id=uuid.UUID(item["id"]))
                    assert hidden.status_code == 404, (e.name, hidden.content)
                if "list" in ops:
                    page = ops["list"].sync_detailed(client=outsider, limit=10)
                    assert page.status_code == 200 and page.parsed is not None
                    assert item["id"] not in [x.to_dict()["id"] for x in page.parsed.data]
            if not r.public and bp.auth.strategy != "none":
                denied = ops["create"].sync_detailed(
                    client=anonymous, body=getattr(models, f"{e.name}Create").from_dict(body)
                )
                assert denied.status_code == 401, (e.name, denied.status_code)
                forged = sdk.AuthenticatedClient(base_url=base_url, token=token[:-4] + "AAAA")
                denied = ops["create"].sync_detailed(
                    client=forged, body=getattr(models, f"{e.name}Create").from_dict(body)
                )
                assert denied.status_code == 403 and denied.parsed.message == "Forbidden"
                if r.roles:  # a resource restricted to roles: a token without them is refused
                    tenant = created[bp.tenancy.tenant_entity][-1] if e.tenant_scoped else None
                    others = [x for x in bp.auth.roles if x not in r.roles]
                    denied = ops["create"].sync_detailed(
                        client=client_for(tenant, others),
                        body=getattr(models, f"{e.name}Create").from_dict(body),
                    )
                    assert denied.status_code == 403, (e.name, denied.status_code)
                    assert denied.parsed.message == "Forbidden"
                    roles_checked.append(e.name)
                if e.tenant_scoped:  # a token without a tenant is refused by the authorizer
                    denied = ops["create"].sync_detailed(
                        client=client_for(None),
                        body=getattr(models, f"{e.name}Create").from_dict(body),
                    )
                    assert denied.status_code == 403 and denied.parsed.message == "Forbidden"
            if "get" in ops:
                got = ops["get"].sync_detailed(client=client, id=uuid.UUID(item["id"]))
                assert got.status_code == 200 and got.parsed is not None, got.content
                assert got.parsed.to_dict()["id"] == item["id"]
            if "list" in ops:
                page = ops["list"].sync_detailed(client=client, limit=r.pagination_limit or 50)
                assert page.status_code == 200 and page.parsed is not None, page.content
                assert item["id"] in [x.to_dict()["id"] for x in page.parsed.data]
            editable = next(
                (f for f in e.fields if not f.managed and not f.references and f.type == "string"),
                None,
            )
            if "update" in ops and editable is not None:
                value = sample(editable, n + 100, created, set())
                upd = ops["update"].sync_detailed(
                    client=client,
                    id=uuid.UUID(item["id"]),
                    body=getattr(models, f"{e.name}Update").from_dict({editable.name: value}),
                )
                assert upd.status_code == 200 and upd.parsed is not None, upd.content
                assert upd.parsed.to_dict()[editable.name] == value
        assert records, "the template exposes no creatable resource"
        restricted = [r.entity for r in bp.api.resources if r.roles and not r.public]
        assert sorted(roles_checked) == sorted(restricted)
        for e, item_id in reversed(records):  # children before parents
            r = resources[e.name]
            if "delete" not in r.operations:
                continue
            delete = importlib.import_module(
                f"{package}.api.{snake(e.name)}.delete_{snake(e.name)}"
            )
            held = any(  # a remaining record points at it: foreign keys refuse the delete
                other.get(f.name) == item_id
                for other_entity, other in alive.values()
                for f in other_entity.fields
                if f.references == e.name and other["id"] != item_id
            )
            status = delete.sync_detailed(client=client, id=uuid.UUID(item_id)).status_code
            refused = held and postgres and not e.soft_delete  # a soft delete keeps the row
            assert status == (409 if refused else 204), (e.name, status)
            if status == 204 and not e.soft_delete:  # a soft-deleted row still holds its keys
                alive.pop(item_id)
            if "get" in r.operations and status == 204:
                get = importlib.import_module(f"{package}.api.{snake(e.name)}.get_{snake(e.name)}")
                assert get.sync_detailed(client=client, id=uuid.UUID(item_id)).status_code == 404
    finally:
        server.shutdown()
        sys.path.remove(str(sdk_root / package))
        for name in list(sys.modules):
            if name.startswith(package):
                del sys.modules[name]


DYNAMO = [t for t in TEMPLATES if blueprint(t).infrastructure.database == "dynamodb"]
POSTGRES = [t for t in TEMPLATES if blueprint(t).infrastructure.database == "postgres"]


@pytest.mark.parametrize("template_id", DYNAMO)
def test_sdk_drives_dynamodb_handlers(template_id: str, tmp_path: Path, moto_url: str) -> None:
    bp = blueprint(template_id)
    write_project(bp, tmp_path / "cdk")
    drive_through_sdk(bp, tmp_path, Backend(tmp_path / "cdk", moto_url))


def protected(template_id: str) -> Blueprint:
    """The template with every value field encrypted and every entity audited and soft-deleted
    (what the validation fixes ask for, everywhere): the handlers must serve it unchanged."""
    bp = blueprint(template_id)
    for e in bp.entities:
        e.audit_log = e.soft_delete = True
        for f in e.fields:
            f.encrypted = not (f.managed or f.primary or f.references)
    return bp


@pytest.mark.parametrize("template_id", DYNAMO)
def test_sdk_drives_protected_dynamodb_handlers(
    template_id: str, tmp_path: Path, moto_url: str
) -> None:
    bp = protected(template_id)
    write_project(bp, tmp_path / "cdk")
    backend = Backend(tmp_path / "cdk", moto_url)
    drive_through_sdk(bp, tmp_path, backend)
    assert backend.audit_table is not None
    table = aws("dynamodb", moto_url).scan(TableName=backend.audit_table)
    assert {i["action"]["S"] for i in table["Items"]} >= {"create", "update", "delete"}


@pytest.mark.db
@pytest.mark.parametrize("template_id", POSTGRES)
def test_sdk_drives_protected_postgres_handlers(
    template_id: str, tmp_path: Path, moto_url: str, pg_database: str
) -> None:
    bp = protected(template_id)
    write_project(bp, tmp_path / "cdk")
    drive_through_sdk(bp, tmp_path, Backend(tmp_path / "cdk", moto_url, pg_database))


@pytest.mark.db
@pytest.mark.parametrize("template_id", POSTGRES)
def test_sdk_drives_postgres_handlers(
    template_id: str, tmp_path: Path, moto_url: str, pg_database: str
) -> None:
    bp = blueprint(template_id)
    write_project(bp, tmp_path / "cdk")
    drive_through_sdk(bp, tmp_path, Backend(tmp_path / "cdk", moto_url, pg_database))


@pytest.mark.db
def test_postgres_handler_constraints(tmp_path: Path, moto_url: str, pg_database: str) -> None:
    """Foreign keys, unique values, typed columns and the idempotent schema, on a real server."""
    bp = blueprint("crm")
    write_project(bp, tmp_path)
    backend = Backend(tmp_path, moto_url, pg_database)

    def call(fn: str, evt: dict[str, Any]) -> tuple[int, Any]:
        out = backend.run(backend.env[fn], backend.modules[fn], evt)
        return out["statusCode"], json.loads(out["body"]) if out.get("body") else None

    status, acme = call("Company", event("POST", body={"name": "Acme", "domain": "a.io"}))
    assert status == 201 and acme["name"] == "Acme", acme
    status, dup = call("Company", event("POST", body={"name": "B", "domain": "a.io"}))
    assert status == 409 and "domain" in dup["error"]
    status, _ = call("Company", event("GET", "not-a-uuid"))
    assert status == 404
    body = {"first_name": "Ada", "last_name": "L", "company_id": str(uuid.uuid4())}
    status, bad = call("Contact", event("POST", body=body))
    assert status == 422 and "company_id" in bad["error"], bad
    status, bad = call("Contact", event("POST", body=body | {"company_id": "nope"}))
    assert status == 422, bad
    status, ada = call("Contact", event("POST", body=body | {"company_id": acme["id"]}))
    assert status == 201, ada
    status, held = call("Company", event("DELETE", acme["id"]))
    assert status == 409 and "referenced" in held["error"], held
    with psycopg.connect(pg_admin_url().rsplit("/", 1)[0] + f"/{pg_database}") as conn:
        types = dict(
            conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'deals'"
            ).fetchall()
        )
        assert types["amount"] == "double precision" and types["company_id"] == "uuid"
        assert types["created_at"] == "timestamp with time zone" and types["close_date"] == "date"
        applied = conn.execute("SELECT count(*) FROM slipway_schema").fetchone()
        assert applied == (1,)  # several handlers connected, the schema was applied once
        ddl = (tmp_path / "handlers" / "schema.sql").read_text()
        conn.execute(ddl)  # and applying it again is a no-op, not an error


@pytest.mark.slow
@pytest.mark.parametrize("template_id", TEMPLATES)
def test_cdk_app_synthesizes_like_slipway(template_id: str, tmp_path: Path) -> None:
    pytest.importorskip("aws_cdk", reason="aws-cdk-lib is a dev dependency")
    bp = blueprint(template_id)
    write_project(bp, tmp_path)
    result = synth(tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    cdk = {
        key: {r["Type"] for r in template["Resources"].values()}
        for key, template in templates(tmp_path).items()
    }
    ours = {
        s.key: set(s.resource_types)
        for s in synthesize(bp, project_id="00000000-0000-4000-8000-000000000001")
    }
    assert set(cdk) == set(ours)
    for key, types in ours.items():
        only = CDK_ONLY.get(key, set())
        assert only <= cdk[key], (key, sorted(only - cdk[key]))
        assert cdk[key] - CDK_GLUE - only == types, (key, sorted((cdk[key] - only) ^ types))
    for path in (tmp_path / "handlers").glob("*.py"):
        compile(path.read_text(), str(path), "exec")
