"""The CDK project of every gallery template works: its CRUD handlers serve every resource of the
template behind a small API-Gateway-shaped HTTP adapter (with the JWT authorizer in front of the
protected routes) and are driven through the template's generated Python SDK: DynamoDB templates
against a real moto server, PostgreSQL templates against a real PostgreSQL (credentials read
from a Secrets Manager secret on moto, schema applied by the handler); and once more with every
value field encrypted and every entity audited and soft-deleted. PostgreSQL templates run their
handlers' RDS Data API calls through the sandbox's Data API adapter on a real PostgreSQL, as
Slipway's own functions run. The synthesized stacks: test_cdk_gallery_stacks.py."""

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
from slipway.synth.schema import postgres_statements
from slipway.templates import list_templates
from tests.integration.cdk_support import (
    JWT_SECRET,
    Backend,
    aws,
    database_url,
    event,
    fresh_database,
    serve,
    write_project,
)

TEMPLATES = [t.id for t in list_templates()]


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
    with fresh_database() as name:
        yield name


class SdkDrive:
    """The template's generated Python SDK against the served project: every creatable
    entity created, read, listed, updated and deleted; denials checked on the way."""

    def __init__(self, bp: Blueprint, tmp_path: Path, backend: Backend) -> None:
        self.bp, self.package = bp, f"{bp.project.slug.replace('-', '_')}_client"
        self.sdk_root = tmp_path / "sdk"
        document = build_openapi(bp, authorizer="lambda")  # the CDK project's own (openapi.json)
        for name, data in generate_files(document, self.package, timeout=600).items():
            path = self.sdk_root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self.server = serve(backend)
        sys.path.insert(0, str(self.sdk_root / self.package))
        self.sdk = importlib.import_module(self.package)
        self.models = importlib.import_module(f"{self.package}.models")
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.client = self.client_for(None)
        self.resources = {r.entity: r for r in bp.api.resources}
        self.created: dict[str, list[str]] = {}
        self.roles_checked: list[str] = []
        self.records: list[tuple[EntityDef, str]] = []
        self.alive: dict[str, tuple[EntityDef, dict[str, Any]]] = {}

    def close(self) -> None:
        self.server.shutdown()
        sys.path.remove(str(self.sdk_root / self.package))
        for name in list(sys.modules):
            if name.startswith(self.package):
                del sys.modules[name]

    def client_for(self, tenant: str | None, roles: list[str] | None = None) -> Any:
        now = int(time.time())
        claims: dict[str, Any] = {"sub": "u1", "iat": now, "exp": now + 600}
        claims["roles"] = list(self.bp.auth.roles) if roles is None else roles
        if tenant:
            claims["tenant"] = tenant
        token = jwt.encode(claims, JWT_SECRET, algorithm="HS256")
        return self.sdk.AuthenticatedClient(base_url=self.base_url, token=token)

    def op(self, e: EntityDef, op: str) -> Any:
        return importlib.import_module(f"{self.package}.api.{snake(e.name)}.{op}_{snake(e.name)}")

    def model(self, e: EntityDef, kind: str, body: dict[str, Any]) -> Any:
        return getattr(self.models, f"{e.name}{kind}").from_dict(body)

    def create(self, n: int, e: EntityDef) -> tuple[dict[str, Any], dict[str, Any]]:
        body = {
            f.name: v
            for f in e.fields
            if not f.managed and (v := sample(f, n, self.created, creatable(self.bp))) is not None
        }
        reply = self.op(e, "create").sync_detailed(
            client=self.client, body=self.model(e, "Create", body)
        )
        assert reply.status_code == 201, (e.name, reply.status_code, reply.content)
        item = json.loads(reply.content)
        sent = {k: _utc(v) for k, v in body.items()}
        assert {k: _utc(item.get(k)) for k in body} == sent, (e.name, item)
        self.created.setdefault(e.name, []).append(item["id"])
        self.records.append((e, item["id"]))
        self.alive[item["id"]] = (e, item)
        if e.name == self.bp.tenancy.tenant_entity:  # from now on, act inside this tenant
            self.client = self.client_for(item["id"])
        return body, item

    def check_isolation(self, e: EntityDef, item: dict[str, Any]) -> None:
        """Another tenant neither reads nor lists the record."""
        ops, outsider = self.resources[e.name].operations, self.client_for(str(uuid.uuid4()))
        key, tenant = str(self.bp.tenancy.tenant_key), str(self.bp.tenancy.tenant_entity)
        assert item[key] == self.created[tenant][-1]
        if "get" in ops:
            hidden = self.op(e, "get").sync_detailed(client=outsider, id=uuid.UUID(item["id"]))
            assert hidden.status_code == 404, (e.name, hidden.content)
        if "list" in ops:
            page = self.op(e, "list").sync_detailed(client=outsider, limit=10)
            assert page.status_code == 200 and page.parsed is not None
            assert item["id"] not in [x.to_dict()["id"] for x in page.parsed.data]

    def check_denials(self, e: EntityDef, body: dict[str, Any]) -> None:
        """No token: 401; a forged one, missing roles or a missing tenant: 403."""
        r, create = self.resources[e.name], self.op(e, "create")
        anonymous = self.sdk.Client(base_url=self.base_url)
        denied = create.sync_detailed(client=anonymous, body=self.model(e, "Create", body))
        assert denied.status_code == 401, (e.name, denied.status_code)
        forged = self.sdk.AuthenticatedClient(
            base_url=self.base_url, token=self.client.token[:-4] + "AAAA"
        )
        callers = [forged]
        if r.roles:  # a resource restricted to roles: a token without them is refused
            owner = str(self.bp.tenancy.tenant_entity)
            tenant = self.created[owner][-1] if e.tenant_scoped else None
            callers.append(
                self.client_for(tenant, [x for x in self.bp.auth.roles if x not in r.roles])
            )
            self.roles_checked.append(e.name)
        if e.tenant_scoped:  # a token without a tenant is refused by the authorizer
            callers.append(self.client_for(None))
        for caller in callers:
            denied = create.sync_detailed(client=caller, body=self.model(e, "Create", body))
            assert denied.status_code == 403 and denied.parsed.message == "Forbidden", e.name

    def check_reads_and_update(self, n: int, e: EntityDef, item: dict[str, Any]) -> None:
        r = self.resources[e.name]
        if "get" in r.operations:
            got = self.op(e, "get").sync_detailed(client=self.client, id=uuid.UUID(item["id"]))
            assert got.status_code == 200 and got.parsed is not None, got.content
            assert got.parsed.to_dict()["id"] == item["id"]
        if "list" in r.operations:
            page = self.op(e, "list").sync_detailed(
                client=self.client, limit=r.pagination_limit or 50
            )
            assert page.status_code == 200 and page.parsed is not None, page.content
            assert item["id"] in [x.to_dict()["id"] for x in page.parsed.data]
        editable = next(
            (f for f in e.fields if not f.managed and not f.references and f.type == "string"),
            None,
        )
        if "update" in r.operations and editable is not None:
            value = sample(editable, n + 100, self.created, set())
            upd = self.op(e, "update").sync_detailed(
                client=self.client,
                id=uuid.UUID(item["id"]),
                body=self.model(e, "Update", {editable.name: value}),
            )
            assert upd.status_code == 200 and upd.parsed is not None, upd.content
            assert upd.parsed.to_dict()[editable.name] == value

    def delete_all(self) -> None:
        """Children before parents; PostgreSQL refuses to hard-delete a referenced row."""
        postgres = self.bp.infrastructure.database == "postgres"
        for e, item_id in reversed(self.records):
            r = self.resources[e.name]
            if "delete" not in r.operations:
                continue
            held = any(
                other.get(f.name) == item_id
                for other_entity, other in self.alive.values()
                for f in other_entity.fields
                if f.references == e.name and other["id"] != item_id
            )
            reply = self.op(e, "delete").sync_detailed(client=self.client, id=uuid.UUID(item_id))
            refused = held and postgres and not e.soft_delete  # a soft delete keeps the row
            assert reply.status_code == (409 if refused else 204), (e.name, reply.status_code)
            if reply.status_code == 204 and not e.soft_delete:  # soft-deleted rows keep keys
                self.alive.pop(item_id)
            if "get" in r.operations and reply.status_code == 204:
                gone = self.op(e, "get").sync_detailed(client=self.client, id=uuid.UUID(item_id))
                assert gone.status_code == 404


def drive_through_sdk(bp: Blueprint, tmp_path: Path, backend: Backend) -> None:
    drive = SdkDrive(bp, tmp_path, backend)
    try:
        for n, e in enumerate(creation_order(bp)):
            body, item = drive.create(n, e)
            if e.tenant_scoped:
                drive.check_isolation(e, item)
            if not drive.resources[e.name].public and bp.auth.strategy != "none":
                drive.check_denials(e, body)
            drive.check_reads_and_update(n, e, item)
        assert drive.records, "the template exposes no creatable resource"
        restricted = [r.entity for r in bp.api.resources if r.roles and not r.public]
        assert sorted(drive.roles_checked) == sorted(restricted)
        drive.delete_all()
    finally:
        drive.close()


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
    with psycopg.connect(database_url(pg_database)) as conn:
        types: dict[str, str] = dict(
            conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'deals'"
            ).fetchall()
        )
        assert types["amount"] == "double precision" and types["company_id"] == "uuid"
        assert types["created_at"] == "timestamp with time zone" and types["close_date"] == "date"
        applied = conn.execute("SELECT count(*) FROM slipway_schema").fetchone()
        assert applied == (1,)  # several handlers connected, the schema was applied once
        ddl = json.loads((tmp_path / "handlers" / "schema.json").read_text())["statements"]
        assert ddl == postgres_statements(bp, stamped_tenant=True)  # Slipway's own DDL
        for statement in ddl:
            conn.execute(statement.encode())  # and applying it again is a no-op, not an error
