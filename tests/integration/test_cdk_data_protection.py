"""Issue 12 item 11 in the CDK project: encrypted fields are encrypted with the entity's KMS key
(ciphertext at rest, plaintext through the API, uniqueness through a blind index), audited
entities get an audit record in the same transaction as each change, soft delete hides rows.
DynamoDB (and KMS, Secrets Manager) on a real moto server; PostgreSQL when one is reachable."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import psycopg
import pytest

from slipway.ir import ApiResource, Blueprint, EntityDef, FieldDef
from tests.integration.cdk_support import (
    JWT_SECRET,
    Backend,
    aws,
    database_url,
    fresh_database,
    write_project,
)
from tests.unit.irs import managed, task_app

PATH = "/v1/customers"


def protected_app(database: str = "dynamodb") -> Blueprint:
    bp = task_app()
    bp.infrastructure.database = database  # type: ignore[assignment]
    bp.entities.append(
        EntityDef(
            name="Customer",
            plural="customers",
            table="customers",
            fields=[
                *managed(),
                FieldDef(name="email", type="string", required=True, unique=True, encrypted=True),
                FieldDef(name="phone", type="string", encrypted=True),
                FieldDef(name="score", type="integer", encrypted=True),
                FieldDef(name="profile", type="json", encrypted=True),
                FieldDef(name="tier", type="enum", enum_values=["free", "pro"], default="free"),
            ],
            soft_delete=True,
            audit_log=True,
        )
    )
    bp.api.resources.append(
        ApiResource(
            entity="Customer",
            base_path=PATH,
            operations=["list", "get", "create", "update", "delete"],
        )
    )
    return bp


def call(backend: Backend, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    now = int(time.time())
    claims = {"sub": "auditor-1", "iat": now, "exp": now + 300, "roles": ["admin"]}
    headers = {"authorization": "Bearer " + jwt.encode(claims, JWT_SECRET, algorithm="HS256")}
    request = {"headers": headers, "body": json.dumps(body) if body is not None else None}
    out = backend.handle(method, path, request)
    return out["statusCode"], json.loads(out["body"]) if out.get("body") else None


@pytest.fixture
def dynamo(tmp_path: Path, moto_url: str) -> Backend:
    write_project(protected_app(), tmp_path)
    return Backend(tmp_path, moto_url)


def raw_items(backend: Backend, moto_url: str, fn: str = "Customer") -> list[dict[str, Any]]:
    table = backend.env[fn]["TABLE_NAME"]
    items: list[dict[str, Any]] = aws("dynamodb", moto_url).scan(TableName=table)["Items"]
    return items


def test_encrypted_fields_at_rest_and_in_use(dynamo: Backend, moto_url: str) -> None:
    body = {"email": "ada@example.com", "phone": "+44 1", "score": 7, "profile": {"k": [1, 2]}}
    status, created = call(dynamo, "POST", PATH, body)
    assert status == 201 and {k: created[k] for k in body} == body, created
    assert not any(k.startswith("_") for k in created)  # no blind index leaks out
    (raw,) = raw_items(dynamo, moto_url)
    for name in body:
        assert raw[name]["S"].startswith("kms1:"), (name, raw[name])
    assert "ada@example.com" not in json.dumps(raw) and raw["tier"] == {"S": "free"}
    assert raw["_mac_email"]["S"]  # the blind index of the unique encrypted field
    status, got = call(dynamo, "GET", f"{PATH}/{created['id']}")
    assert status == 200 and {k: got[k] for k in body} == body
    status, page = call(dynamo, "GET", PATH)
    assert status == 200 and [c["email"] for c in page["data"]] == ["ada@example.com"]
    status, dup = call(dynamo, "POST", PATH, {"email": "ada@example.com"})
    assert status == 409 and "email" in dup["error"], dup  # equal plaintexts, different ciphertexts
    status, other = call(dynamo, "POST", PATH, {"email": "bob@example.com"})
    assert status == 201
    status, dup = call(dynamo, "PATCH", f"{PATH}/{other['id']}", {"email": "ada@example.com"})
    assert status == 409, dup
    status, updated = call(dynamo, "PATCH", f"{PATH}/{created['id']}", {"phone": "+44 2"})
    assert status == 200 and updated["phone"] == "+44 2" and updated["email"] == body["email"]
    status, big = call(dynamo, "POST", PATH, {"email": "x" * 5000 + "@example.com"})
    assert status == 422 and "too long to encrypt" in big["error"]


def test_ciphertext_moved_to_another_record_does_not_decrypt(
    dynamo: Backend, moto_url: str
) -> None:
    """The encryption context binds a ciphertext to its entity, field and record."""
    _, a = call(dynamo, "POST", PATH, {"email": "a@example.com", "phone": "111"})
    _, b = call(dynamo, "POST", PATH, {"email": "b@example.com", "phone": "222"})
    items = {i["id"]["S"]: i for i in raw_items(dynamo, moto_url)}
    moved = dict(items[b["id"]], phone=items[a["id"]]["phone"])
    aws("dynamodb", moto_url).put_item(TableName=dynamo.env["Customer"]["TABLE_NAME"], Item=moved)
    status, body = call(dynamo, "GET", f"{PATH}/{b['id']}")
    assert status == 500 and body["code"] == "INTEGRITY_ERROR" and "222" not in json.dumps(body)
    swapped = dict(items[b["id"]], phone=items[b["id"]]["email"])  # another field's ciphertext
    aws("dynamodb", moto_url).put_item(TableName=dynamo.env["Customer"]["TABLE_NAME"], Item=swapped)
    assert call(dynamo, "GET", f"{PATH}/{b['id']}")[0] == 500


def test_without_its_key_the_function_refuses_to_write(dynamo: Backend, moto_url: str) -> None:
    del dynamo.env["Customer"]["FIELD_KEY_ARN"]
    status, body = call(dynamo, "POST", PATH, {"email": "plain@example.com"})
    assert status == 500 and body["code"] == "MISCONFIGURED"
    assert raw_items(dynamo, moto_url) == []  # nothing stored in plaintext


def audit_records(backend: Backend, moto_url: str) -> list[dict[str, Any]]:
    assert backend.audit_table is not None
    items = aws("dynamodb", moto_url).scan(TableName=backend.audit_table)["Items"]
    return sorted(items, key=lambda i: i["at"]["S"])


def test_audit_log_written_with_each_change(dynamo: Backend, moto_url: str) -> None:
    _, created = call(dynamo, "POST", PATH, {"email": "ada@example.com", "phone": "1"})
    call(dynamo, "PATCH", f"{PATH}/{created['id']}", {"phone": "2"})
    assert call(dynamo, "DELETE", f"{PATH}/{created['id']}")[0] == 204
    records = audit_records(dynamo, moto_url)
    assert [r["action"]["S"] for r in records] == ["create", "update", "delete"]
    assert {r["record_id"]["S"] for r in records} == {created["id"]}
    assert {r["actor"]["S"] for r in records} == {"user:auditor-1"}
    assert {r["entity"]["S"] for r in records} == {"Customer"}
    assert [x["S"] for x in records[1]["fields"]["L"]] == ["phone"]
    assert "ada@example.com" not in json.dumps(records)  # names of fields, never values
    call(dynamo, "POST", "/v1/tasks", {"title": "not audited", "project_id": "p"})
    assert len(audit_records(dynamo, moto_url)) == 3  # Task is not audited


def test_audited_change_and_its_record_are_one_transaction(dynamo: Backend, moto_url: str) -> None:
    aws("dynamodb", moto_url).delete_table(TableName=dynamo.audit_table)
    with pytest.raises(Exception, match=r"(?i)transaction|resource"):
        call(dynamo, "POST", PATH, {"email": "lost@example.com"})
    assert raw_items(dynamo, moto_url) == []  # no change without its audit record
    del dynamo.env["Customer"]["AUDIT_TABLE"]
    status, body = call(dynamo, "POST", PATH, {"email": "lost@example.com"})
    assert status == 500 and body["code"] == "MISCONFIGURED" and raw_items(dynamo, moto_url) == []


def test_soft_delete_hides_the_row(dynamo: Backend, moto_url: str) -> None:
    _, kept = call(dynamo, "POST", PATH, {"email": "kept@example.com"})
    _, gone = call(dynamo, "POST", PATH, {"email": "gone@example.com"})
    assert call(dynamo, "DELETE", f"{PATH}/{gone['id']}")[0] == 204
    for method, body in (("GET", None), ("PATCH", {"phone": "3"}), ("DELETE", None)):
        assert call(dynamo, method, f"{PATH}/{gone['id']}", body)[0] == 404, method
    _, page = call(dynamo, "GET", PATH)
    assert [c["id"] for c in page["data"]] == [kept["id"]]
    stamped = {i["id"]["S"]: i for i in raw_items(dynamo, moto_url)}[gone["id"]]
    assert stamped["deleted_at"]["S"].endswith("Z")  # kept, stamped, hidden


@pytest.fixture
def pg_database() -> Iterator[str]:
    with fresh_database() as name:
        yield name


@pytest.mark.db
def test_postgres_encryption_audit_and_soft_delete(
    tmp_path: Path, moto_url: str, pg_database: str
) -> None:
    write_project(protected_app("postgres"), tmp_path)
    backend = Backend(tmp_path, moto_url, pg_database)
    body = {"email": "ada@example.com", "score": 7, "profile": {"k": 1}}
    status, created = call(backend, "POST", PATH, body)
    assert status == 201 and {k: created[k] for k in body} == body, created
    assert call(backend, "POST", PATH, {"email": "ada@example.com"})[0] == 409
    call(backend, "PATCH", f"{PATH}/{created['id']}", {"score": 8})
    assert call(backend, "DELETE", f"{PATH}/{created['id']}")[0] == 204
    assert call(backend, "GET", f"{PATH}/{created['id']}")[0] == 404
    assert call(backend, "GET", PATH)[1]["data"] == []
    with psycopg.connect(database_url(pg_database)) as conn:
        row = conn.execute("SELECT email, score, profile, deleted_at FROM customers").fetchone()
        assert row is not None and all(str(v).startswith("kms1:") for v in row[:3]) and row[3]
        audit = conn.execute(
            "SELECT action, actor, changed, item_id, entity FROM slipway_audit ORDER BY at"
        ).fetchall()
    assert [a[0] for a in audit] == ["create", "update", "delete"]
    assert {a[1] for a in audit} == {"user:auditor-1"} and audit[1][2] == ["score"]
    assert {(a[3], a[4]) for a in audit} == {(created["id"], "Customer")}
    assert "ada@example.com" not in json.dumps([list(map(str, a)) for a in audit])
