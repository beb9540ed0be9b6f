"""The inline CRUD Lambda of Slipway's own templates (the code a deploy puts in the compute
stack) works against DynamoDB and KMS on a real moto server, and answers bad input with 4xx,
never a crash (a crash is a 502 from API Gateway).

The protection tests deploy the data and compute stacks of a blueprint to moto and run the
function with exactly what its template declares: the code from the stack's ``Handlers``
mapping and the environment with every ``Fn::ImportValue`` resolved from moto's exports."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest.mock import patch

import boto3
import pytest
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from slipway.sandbox import template
from slipway.spec import compile_spec
from slipway.synth import stack_tags, synthesize
from slipway.synth.handlers import CRUD
from tests.integration.cdk_support import aws, dynamo_table, event, load_module, local_aws_env

Call = Callable[..., tuple[int, Any]]

CLINIC = """# Clinic
## Entities
### Doctor
- name: string, required
### Patient
- name: string, required
- ssn: string, encrypted, indexed
- notes: json, encrypted
- doctor: ref Doctor
- soft delete
- audit log
### Visit
- reason: string
- audit log
"""


@pytest.fixture
def crud(moto_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    env = local_aws_env(moto_url) | {
        "TABLE_NAME": dynamo_table(moto_url, "inline"),
        "PAGE_SIZE": "3",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    source = tmp_path / "index.py"
    source.write_text(CRUD)
    return load_module(source, f"inline_{uuid.uuid4().hex}")


def call(module: ModuleType, *args: Any, **kwargs: Any) -> tuple[int, Any]:
    out = module.handler(event(*args, **kwargs), None)
    return out["statusCode"], json.loads(out["body"]) if "body" in out else None


def as_user(e: dict[str, Any], sub: str = "u1", **claims: Any) -> dict[str, Any]:
    e["requestContext"]["authorizer"] = {"jwt": {"claims": {"sub": sub, **claims}, "scopes": None}}
    e["requestContext"]["requestId"] = f"req-{uuid.uuid4().hex[:8]}"
    return e


def test_crud_round_trip_keeps_numbers_numbers(crud: ModuleType) -> None:
    status, item = call(crud, "POST", body={"title": "a", "price": 9.5, "qty": 3, "ok": True})
    assert status == 201, item
    assert item["price"] == 9.5 and item["qty"] == 3 and item["ok"] is True
    status, got = call(crud, "GET", item["id"])
    assert status == 200 and got == item
    assert isinstance(got["qty"], int) and isinstance(got["price"], float)
    status, patched = call(crud, "PATCH", item["id"], body={"price": 10.25, "id": "hijack"})
    assert status == 200 and patched["price"] == 10.25 and patched["id"] == item["id"]
    assert call(crud, "PUT", item["id"])[0] == 405
    assert call(crud, "DELETE", item["id"]) == (204, None)
    assert call(crud, "GET", item["id"])[0] == 404


def test_pagination_walks_every_item_once(crud: ModuleType) -> None:
    created = {call(crud, "POST", body={"n": n})[1]["id"] for n in range(7)}
    seen: list[str] = []
    query: dict[str, str] = {"limit": "3"}
    while True:
        status, page = call(crud, "GET", query=query)
        assert status == 200 and len(page["data"]) <= 3
        seen += [item["id"] for item in page["data"]]
        if not page["meta"]["nextCursor"]:
            break
        query = {"limit": "3", "cursor": page["meta"]["nextCursor"]}
    assert sorted(seen) == sorted(created)


@pytest.mark.parametrize(
    "query",
    [
        {"limit": "abc"},
        {"limit": "0"},
        {"limit": "-1"},
        {"limit": "4"},  # above PAGE_SIZE
        {"limit": "1\u00b9"},  # a superscript passes str.isdigit but not int()
        {"limit": "99999999999999999999999"},
        {"cursor": "%%%"},
        {"cursor": "===="},  # decodes to an empty key
        {"cursor": "_w=="},  # not UTF-8
    ],
)
def test_bad_list_parameters_are_422(crud: ModuleType, query: dict[str, str]) -> None:
    status, body = call(crud, "GET", query=query)
    assert status == 422, body
    assert body["code"] == "VALIDATION_ERROR" and body["error"]


@pytest.mark.parametrize("raw", ["{", "[1, 2]", '"text"', "\udcff"])
def test_bad_bodies_are_400(crud: ModuleType, raw: str) -> None:
    e = event("POST")
    e["body"] = raw
    out = crud.handler(e, None)
    assert out["statusCode"] == 400, out
    assert json.loads(out["body"])["code"] == "BAD_REQUEST"


@pytest.mark.parametrize(
    ("groups", "allowed"),
    [
        ("[admin user]", True),  # how an HTTP API JWT authorizer flattens an array claim
        (["user", "admin"], True),
        ("[user]", False),
        (None, False),
    ],
)
def test_resource_roles_are_checked_against_cognito_groups(
    crud: ModuleType, monkeypatch: pytest.MonkeyPatch, groups: Any, allowed: bool
) -> None:
    monkeypatch.setenv("ROLES", "admin,owner")
    e = event("POST", body={"title": "x"})
    claims = {"sub": "u1"} if groups is None else {"sub": "u1", "cognito:groups": groups}
    e["requestContext"]["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    out = crud.handler(e, None)
    if allowed:
        assert out["statusCode"] == 201, out
    else:
        assert out["statusCode"] == 403, out
        body = json.loads(out["body"])
        assert body["code"] == "FORBIDDEN" and "admin, owner" in body["error"]


def as_tenant(e: dict[str, Any], tenant: str | None) -> dict[str, Any]:
    claims = {"sub": "u1"} | ({"custom:tenant": tenant} if tenant else {})
    e["requestContext"]["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    return e


def test_tenant_scoped_entities_are_isolated_by_the_custom_tenant_claim(
    crud: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TENANT_FIELD", "team_id")

    def call_as(tenant: str | None, *args: Any, **kwargs: Any) -> tuple[int, Any]:
        out = crud.handler(as_tenant(event(*args, **kwargs), tenant), None)
        return out["statusCode"], json.loads(out["body"]) if "body" in out else None

    status, mine = call_as("t1", "POST", body={"text": "a", "team_id": "t2"})
    assert status == 201 and mine["team_id"] == "t1"  # stamped from the token, not the body
    status, theirs = call_as("t2", "POST", body={"text": "b"})
    assert status == 201 and theirs["team_id"] == "t2"
    assert call_as("t2", "GET", mine["id"])[0] == 404
    assert call_as("t2", "PATCH", mine["id"], body={"text": "hijacked"})[0] == 404
    assert call_as("t2", "DELETE", mine["id"])[0] == 404
    status, moved = call_as("t1", "PATCH", mine["id"], body={"team_id": "t2", "text": "c"})
    assert status == 200 and moved["team_id"] == "t1" and moved["text"] == "c"
    seen: list[str] = []
    query: dict[str, str] = {"limit": "3"}
    while True:  # a filtered scan may return short pages; the cursor still walks them all
        status, page = call_as("t1", "GET", query=query)
        assert status == 200
        seen += [item["id"] for item in page["data"]]
        if not page["meta"]["nextCursor"]:
            break
        query = {"limit": "3", "cursor": page["meta"]["nextCursor"]}
    assert seen == [mine["id"]]
    status, body = call_as(None, "GET", query={"limit": "3"})
    assert status == 403 and body["code"] == "FORBIDDEN"


def test_a_rest_api_event_is_served(crud: ModuleType) -> None:
    """The api_key strategy's REST API sends payload format 1.0 (``httpMethod``)."""
    rest = {
        "httpMethod": "POST",
        "requestContext": {"identity": {"apiKeyId": "k1", "apiKey": "secret"}, "requestId": "r"},
        "pathParameters": None,
        "queryStringParameters": None,
        "body": json.dumps({"title": "v1"}),
    }
    out = crud.handler(rest, None)
    assert out["statusCode"] == 201, out
    item = json.loads(out["body"])
    got = crud.handler({**rest, "httpMethod": "GET", "pathParameters": {"id": item["id"]}}, None)
    assert json.loads(got["body"])["title"] == "v1"


# --- the protections, as deployed --------------------------------------------------------------


@pytest.fixture(scope="module")
def deployed(moto_url: str) -> dict[str, Any]:
    """The clinic blueprint's data and compute stacks on moto, and moto's exports."""
    result = compile_spec(CLINIC)
    assert result.blueprint is not None, result.errors
    pid = str(uuid.uuid4())
    stacks = {s.key: s for s in synthesize(result.blueprint, project_id=pid)}
    cfn = aws("cloudformation", moto_url)
    for key in ("data", "compute"):
        cfn.create_stack(
            StackName=stacks[key].name,
            TemplateBody=stacks[key].body,
            Tags=stack_tags(pid, "d", key),
            Capabilities=["CAPABILITY_IAM"],
        )
        status = cfn.describe_stacks(StackName=stacks[key].name)["Stacks"][0]["StackStatus"]
        assert status == "CREATE_COMPLETE", (key, status)
    exports = {
        e["Name"]: e["Value"]
        for page in cfn.get_paginator("list_exports").paginate()
        for e in page["Exports"]
    }
    return {"compute": json.loads(stacks["compute"].body), "exports": exports}


def resolve(value: Any, exports: dict[str, str], mappings: dict[str, Any] | None = None) -> str:
    """A template value as CloudFormation resolves it (imports, joins, mappings)."""
    return str(template.resolve(value, template.Context(exports, mappings or {})))


HANDLER_ENV = (
    *("ENTITY", "TABLE_NAME", "PAGE_SIZE", "ROLES", "TENANT_FIELD", "SOFT_DELETE"),
    *("ENCRYPTED", "KMS_KEY_ID", "AUDIT_TABLE", "AUDIT_IDS", "LOG_FORMAT"),
)


@dataclass
class Deployed:
    """One deployed CRUD function: its code, and its environment applied around each call
    (several functions share this process)."""

    module: ModuleType
    env: dict[str, str]
    base: dict[str, str]

    def invoke(self, e: dict[str, Any], **overrides: str) -> dict[str, Any]:
        environ = {k: v for k, v in os.environ.items() if k not in HANDLER_ENV}
        with patch.dict(os.environ, environ | self.base | self.env | overrides, clear=True):
            out: dict[str, Any] = self.module.handler(e, None)
        return out

    def caller(self, sub: str = "u1", **overrides: str) -> Call:
        def run(*args: Any, **kwargs: Any) -> tuple[int, Any]:
            out = self.invoke(as_user(event(*args, **kwargs), sub), **overrides)
            return out["statusCode"], json.loads(out["body"]) if "body" in out else None

        return run


@pytest.fixture
def function(deployed: dict[str, Any], moto_url: str, tmp_path: Path) -> Callable[[str], Deployed]:
    """The deployed CRUD function of an entity: its code and its resolved environment."""

    def load(entity: str) -> Deployed:
        compute = deployed["compute"]
        props = compute["Resources"][f"{entity}Handler"]["Properties"]
        source = resolve(props["Code"]["ZipFile"], deployed["exports"], compute["Mappings"])
        env = {
            k: resolve(v, deployed["exports"]) for k, v in props["Environment"]["Variables"].items()
        }
        path = tmp_path / entity / "index.py"
        path.parent.mkdir()
        path.write_text(source)
        module = load_module(path, f"deployed_{entity}_{uuid.uuid4().hex}")
        return Deployed(module, env, local_aws_env(moto_url))

    return load


def raw_item(moto_url: str, table: str, item_id: str) -> dict[str, Any] | None:
    resource = boto3.resource(
        "dynamodb",
        endpoint_url=moto_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    found: dict[str, Any] | None = resource.Table(table).get_item(Key={"id": item_id}).get("Item")
    return found


def audit_rows(moto_url: str, env: dict[str, str], item_id: str) -> list[dict[str, Any]]:
    resource = boto3.resource(
        "dynamodb",
        endpoint_url=moto_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    rows = resource.Table(env["AUDIT_TABLE"]).query(
        KeyConditionExpression=Key("record").eq(f"{env['ENTITY']}#{item_id}")
    )
    return list(rows["Items"])


def test_soft_delete_stamps_hides_and_404s_like_the_cdk_handler(
    function: Callable[[str], Deployed], moto_url: str
) -> None:
    patient = function("Patient")
    env = patient.env
    run = patient.caller()
    status, kept = run("POST", body={"name": "Kept"})
    assert status == 201
    status, gone = run("POST", body={"name": "Gone", "deleted_at": "2000-01-01T00:00:00Z"})
    assert status == 201 and "deleted_at" not in gone  # a client cannot hide (or revive) items
    assert run("DELETE", gone["id"]) == (204, None)
    stored = raw_item(moto_url, env["TABLE_NAME"], gone["id"])
    assert stored is not None and stored["deleted_at"].endswith("Z")
    assert stored["updated_at"] == gone["updated_at"]  # as the CDK handler: only the stamp
    for method, body in (("GET", None), ("PATCH", {"name": "back"}), ("DELETE", None)):
        assert run(method, gone["id"], body=body)[0] == 404
    status, page = run("GET", query={"limit": "50"})
    ids = [i["id"] for i in page["data"]]
    assert kept["id"] in ids and gone["id"] not in ids


def test_hard_delete_without_soft_delete(
    function: Callable[[str], Deployed], moto_url: str
) -> None:
    visits = function("Visit")
    env = visits.env
    assert "SOFT_DELETE" not in env
    run = visits.caller()
    _, visit = run("POST", body={"reason": "checkup"})
    assert run("DELETE", visit["id"]) == (204, None)
    assert raw_item(moto_url, env["TABLE_NAME"], visit["id"]) is None
    assert run("GET", visit["id"])[0] == 404


def test_encrypted_fields_are_kms_ciphertext_at_rest(
    function: Callable[[str], Deployed], moto_url: str
) -> None:
    fn = function("Patient")
    env = fn.env
    assert env["ENCRYPTED"] == "ssn,notes" and env["KMS_KEY_ID"].startswith("arn:aws:kms:")
    run = fn.caller()
    notes = {"allergies": ["penicillin"], "score": 3}
    status, patient = run("POST", body={"name": "Ada", "ssn": "123-45-6789", "notes": notes})
    assert status == 201 and patient["ssn"] == "123-45-6789" and patient["notes"] == notes
    stored = raw_item(moto_url, env["TABLE_NAME"], patient["id"])
    assert stored is not None
    assert stored["name"] == "Ada"  # only the encrypted fields are sealed
    for field in ("ssn", "notes"):
        blob = bytes(stored[field].value)
        assert b"123-45-6789" not in blob and b"penicillin" not in blob
    assert run("GET", patient["id"])[1] == patient
    status, page = run("GET", query={"limit": "50"})
    assert next(i for i in page["data"] if i["id"] == patient["id"])["ssn"] == "123-45-6789"
    status, patched = run("PATCH", patient["id"], body={"ssn": "987-65-4321"})
    assert status == 200 and patched["ssn"] == "987-65-4321" and patched["notes"] == notes
    assert run("GET", patient["id"])[1]["ssn"] == "987-65-4321"


def test_ciphertext_opens_only_for_its_table_field_and_item(
    function: Callable[[str], Deployed], moto_url: str
) -> None:
    """The encryption context binds each value: copied to another field or item it is refused."""
    fn = function("Patient")
    env = fn.env
    run = fn.caller()
    _, a = run("POST", body={"name": "A", "ssn": "111"})
    blob = bytes(raw_item(moto_url, env["TABLE_NAME"], a["id"])["ssn"].value)  # type: ignore[index]
    kms = aws("kms", moto_url)
    right = {"table": env["TABLE_NAME"], "field": "ssn", "id": a["id"]}
    assert kms.decrypt(CiphertextBlob=blob, EncryptionContext=right)["Plaintext"] == b'"111"'
    for wrong in (
        right | {"field": "notes"},
        right | {"id": str(uuid.uuid4())},
        right | {"table": "another-table"},
    ):
        with pytest.raises(ClientError, match="InvalidCiphertext"):
            kms.decrypt(CiphertextBlob=blob, EncryptionContext=wrong)


def test_a_ciphertext_moved_to_another_item_is_refused_not_served(
    function: Callable[[str], Deployed], moto_url: str
) -> None:
    """Someone with write access to the table copies A's sealed ssn into B: reading B
    answers 500 INTERNAL_ERROR, never A's plaintext (and never a crash, which is a 502)."""
    fn = function("Patient")
    run = fn.caller()
    _, a = run("POST", body={"name": "A", "ssn": "111-11-1111"})
    _, b = run("POST", body={"name": "B", "ssn": "222-22-2222"})
    dynamodb = aws("dynamodb", moto_url)
    table = fn.env["TABLE_NAME"]
    stolen = dynamodb.get_item(TableName=table, Key={"id": {"S": a["id"]}})["Item"]["ssn"]
    dynamodb.update_item(
        TableName=table,
        Key={"id": {"S": b["id"]}},
        UpdateExpression="SET ssn = :v",
        ExpressionAttributeValues={":v": stolen},
    )
    status, body = run("GET", b["id"])
    assert status == 500 and body["code"] == "INTERNAL_ERROR"
    assert "111-11-1111" not in json.dumps(body)
    assert run("GET", a["id"])[1]["ssn"] == "111-11-1111"


def test_values_too_long_to_encrypt_are_422_and_plain_legacy_values_still_read(
    function: Callable[[str], Deployed], moto_url: str
) -> None:
    fn = function("Patient")
    env = fn.env
    run = fn.caller()
    status, body = run("POST", body={"name": "Big", "notes": "x" * 5000})
    assert status == 422 and body["code"] == "VALIDATION_ERROR" and "notes" in body["error"]
    legacy = str(uuid.uuid4())  # written before the field was marked encrypted
    aws("dynamodb", moto_url).put_item(
        TableName=env["TABLE_NAME"],
        Item={"id": {"S": legacy}, "name": {"S": "Old"}, "ssn": {"S": "000"}},
    )
    assert run("GET", legacy)[1]["ssn"] == "000"


def test_audit_log_records_who_what_when_and_ids_never_values(
    function: Callable[[str], Deployed], moto_url: str
) -> None:
    patients = function("Patient")
    env = patients.env
    doctors = function("Doctor")
    assert "AUDIT_TABLE" not in doctors.env
    _, doctor = doctors.caller()("POST", body={"name": "Dr One"})
    _, other = doctors.caller()("POST", body={"name": "Dr Two"})
    run = patients.caller(sub="nurse-7")
    _, p = run("POST", body={"name": "Bo", "ssn": "555-55-5555", "doctor_id": doctor["id"]})
    run("PATCH", p["id"], body={"doctor_id": other["id"], "ssn": "666-66-6666"})
    patients.caller(sub="admin-1")("DELETE", p["id"])
    rows = sorted(audit_rows(moto_url, env, p["id"]), key=lambda r: r["at"])
    assert [(r["action"], r["actor"]) for r in rows] == [
        ("create", "nurse-7"),
        ("update", "nurse-7"),
        ("delete", "admin-1"),
    ]
    create, update, delete = rows
    assert create["before"] == {} and create["after"] == {"id": p["id"], "doctor_id": doctor["id"]}
    assert update["changed"] == ["doctor_id", "ssn"]
    assert update["before"]["doctor_id"] == doctor["id"]
    assert update["after"]["doctor_id"] == other["id"]
    assert delete["after"]["id"] == p["id"]  # soft delete: the record stays
    assert all(r["request_id"].startswith("req-") and r["at"][:4].isdigit() for r in rows)
    text = json.dumps(rows, default=str)
    for secret in ("555-55-5555", "666-66-6666", "Bo"):
        assert secret not in text
    visits = function("Visit")
    _, v = visits.caller()("POST", body={"reason": "flu"})
    assert [r["action"] for r in audit_rows(moto_url, visits.env, v["id"])] == ["create"]


def test_no_change_is_stored_without_its_audit_row(
    function: Callable[[str], Deployed], moto_url: str
) -> None:
    """The change and its audit row are one transaction: when the audit write fails, the
    change is not stored either."""
    visits = function("Visit")
    with pytest.raises(ClientError):
        visits.caller(AUDIT_TABLE="no-such-audit-table")("POST", body={"reason": "unaudited"})
    items = aws("dynamodb", moto_url).scan(TableName=visits.env["TABLE_NAME"])["Items"]
    assert not any(i.get("reason", {}).get("S") == "unaudited" for i in items)


def test_api_key_callers_are_audited_by_key_id_never_the_key(
    function: Callable[[str], Deployed], moto_url: str
) -> None:
    visits = function("Visit")
    rest = {
        "httpMethod": "POST",
        "requestContext": {
            "identity": {"apiKeyId": "abc123", "apiKey": "the-secret-key-value"},
            "requestId": "req-rest",
        },
        "body": json.dumps({"reason": "via key"}),
    }
    out = visits.invoke(rest)
    assert out["statusCode"] == 201, out
    rows = audit_rows(moto_url, visits.env, json.loads(out["body"])["id"])
    assert rows[0]["actor"] == "apikey:abc123"
    assert "the-secret-key-value" not in json.dumps(rows, default=str)


# --- PostgreSQL: the same handler through the RDS Data API ------------------------------------

PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_CLINIC = CLINIC + "## Infrastructure\n- database: postgres\n"


@dataclass
class PgDeployed:
    """A PostgreSQL blueprint's functions, run as the sandbox runs them: the compute stack's code
    (crud + postgres store + schema) and environment, their Data API calls answered by a real
    PostgreSQL schema, their secret on moto."""

    functions: dict[str, Any]
    resources: Any
    provisioner: Any

    def call(self, entity: str, *args: Any, sub: str = "u1", **kwargs: Any) -> tuple[int, Any]:
        out = self.functions[f"{entity}Handler"].invoke(as_user(event(*args, **kwargs), sub))
        return out["statusCode"], json.loads(out["body"]) if "body" in out else None

    def sql(self, query: str) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(PG_URL) as conn:
            conn.execute(f'SET search_path TO "{self.resources.schema}"')
            return list(conn.execute(query.encode()).fetchall())


def pg_deploy(moto_url: str, tmp_path: Path, spec: str, nonce: str) -> PgDeployed:
    from core.sandbox.app import function_env
    from core.sandbox.resources import Provisioner, Resources, prefix_of
    from core.sandbox.runtime import Loaded
    from core.settings import Settings

    result = compile_spec(spec)
    assert result.blueprint is not None, result.errors
    pid = str(uuid.UUID(int=0x5A17))  # one project, several revisions (nonce: its schema)
    stacks = synthesize(result.blueprint, project_id=pid)
    settings = Settings(
        aws_endpoint_url=moto_url, jwt_secret="s" * 40, slipway_data_dir=tmp_path / "data"
    )
    prov = Provisioner(settings, PG_URL)
    res = Resources(prefix_of(pid, nonce), "postgres")
    prov.provision(stacks, res)
    ctx = template.Context(prov.exports(stacks, res))
    env = function_env(settings)
    fns = {k: Loaded(f, env, nonce) for k, f in template.functions(stacks, ctx).items()}
    return PgDeployed(fns, res, prov)


@pytest.fixture
def pg(moto_url: str, tmp_path: Path) -> Iterator[PgDeployed]:
    deployed = pg_deploy(moto_url, tmp_path, PG_CLINIC, uuid.uuid4().hex[:8])
    try:
        yield deployed
    finally:
        deployed.provisioner.destroy(deployed.resources)


def test_postgres_crud_round_trip_through_the_data_api(pg: PgDeployed) -> None:
    status, doctor = pg.call("Doctor", "POST", body={"name": "Dr Who"})
    assert status == 201, doctor
    assert doctor["created_at"].endswith("Z") and uuid.UUID(doctor["id"])
    status, patient = pg.call("Patient", "POST", body={"name": "Amy", "doctor_id": doctor["id"]})
    assert status == 201, patient
    assert pg.call("Patient", "GET", patient["id"]) == (200, patient)
    status, page = pg.call("Patient", "GET", query={"limit": "1"})
    assert status == 200 and page["data"] == [patient] and page["meta"]["nextCursor"] is None
    status, moved = pg.call("Patient", "PATCH", patient["id"], body={"name": "Amelia"})
    assert status == 200 and moved["name"] == "Amelia" and moved["id"] == patient["id"]
    assert pg.sql("SELECT name FROM patients") == [("Amelia",)]  # a real PostgreSQL table
    assert pg.call("Patient", "DELETE", patient["id"]) == (204, None)  # soft delete
    assert pg.call("Patient", "GET", patient["id"])[0] == 404
    assert pg.sql("SELECT deleted_at IS NOT NULL FROM patients") == [(True,)]


def test_postgres_constraints_answer_409_and_422(pg: PgDeployed) -> None:
    _, doctor = pg.call("Doctor", "POST", body={"name": "Dr One"})
    _, patient = pg.call("Patient", "POST", body={"name": "Bo", "doctor_id": doctor["id"]})
    status, body = pg.call("Patient", "POST", body={"name": "X", "doctor_id": str(uuid.uuid4())})
    assert status == 422 and "doctor_id" in body["error"]
    status, body = pg.call("Doctor", "DELETE", doctor["id"])  # still referenced: the FK answers
    assert status == 409 and body["code"] == "CONFLICT", body
    assert pg.call("Doctor", "GET", doctor["id"])[0] == 200
    status, body = pg.call("Patient", "PATCH", patient["id"], body={"doctor_id": None})
    assert status == 422 and "doctor_id" in body["error"]  # refused before the database
    status, _ = pg.call("Patient", "GET", query={"cursor": base64_of("not-a-uuid")})
    assert status == 422


def base64_of(text: str) -> str:
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode()


def test_postgres_audit_rows_share_the_change_transaction(pg: PgDeployed) -> None:
    status, visit = pg.call("Visit", "POST", body={"reason": "flu"}, sub="nurse")
    assert status == 201
    rows = pg.sql("SELECT action, actor, item_id FROM slipway_audit ORDER BY at")
    assert rows == [("create", "nurse", visit["id"])]
    from core.sandbox.runtime import Loaded

    visits = pg.functions["VisitHandler"]  # the audit insert fails: nothing is stored
    broken = Loaded(visits.fn, {**visits.env, "AUDIT_TABLE": "no_such_audit"}, "broken")
    with pytest.raises(ClientError, match="42P01"):
        broken.invoke(as_user(event("POST", body={"reason": "unaudited"})))
    assert pg.sql("SELECT count(*) FROM visits WHERE reason = 'unaudited'") == [(0,)]


def test_postgres_schema_applies_once_per_digest_and_migrates(
    pg: PgDeployed, moto_url: str, tmp_path: Path
) -> None:
    pg.call("Doctor", "GET")
    pg.call("Visit", "GET")  # another container: the digest is known, nothing is re-applied
    assert len(pg.sql("SELECT digest FROM slipway_schema")) == 1
    _, doctor = pg.call("Doctor", "POST", body={"name": "Dr Kept"})
    spec = PG_CLINIC.replace("- reason: string\n", "- reason: string\n- phone: string\n")
    later = pg_deploy(moto_url, tmp_path, spec, "later")
    own = later.resources.schema
    later.resources.schema = pg.resources.schema  # the next revision on the same database
    later.provisioner.attach(later.resources)
    try:
        status, visit = later.call("Visit", "POST", body={"reason": "x", "phone": "555"})
        assert status == 201 and visit["phone"] == "555"
        assert len(pg.sql("SELECT digest FROM slipway_schema")) == 2
        assert later.call("Doctor", "GET", doctor["id"])[1]["name"] == "Dr Kept"  # data kept
    finally:
        later.resources.schema = own
        later.provisioner.destroy(later.resources)
