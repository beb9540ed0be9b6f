"""The sandbox's parts on their own: the API Gateway adapter (routes, events, answers), the
template resolver, the seeding plan, tokens, the Data API adapter on a real PostgreSQL, the
schema's DDL with hostile names and values, and the local AWS recording's compaction."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import psycopg
import pytest
from botocore.exceptions import ClientError

from core.sandbox import dataapi, tokens
from scripts import moto_state
from slipway.ir import Blueprint
from slipway.sandbox import gateway, seed, template
from slipway.sandbox.template import Route
from slipway.spec import compile_spec
from slipway.synth.access import RouteAccess
from slipway.synth.schema import postgres_statements
from slipway.templates import list_templates

PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
JWT = RouteAccess("jwt")
ROUTES = [
    Route("GET", "/v1/tasks/mine", "MineHandler", JWT, "2.0"),
    Route("GET", "/v1/tasks", "TaskHandler", JWT, "2.0"),
    Route("GET", "/v1/tasks/{id}", "TaskHandler", JWT, "2.0"),
]


def request(method: str = "GET", path: str = "/v1/tasks", **kw: Any) -> gateway.Request:
    base: dict[str, Any] = {
        "method": method,
        "path": path,
        "query": "",
        "headers": [],
        "body": b"",
        "source_ip": "10.0.0.1",
        "host": "127.0.0.1",
        "request_id": "r1",
    }
    return gateway.Request(**(base | kw))


def test_routes_match_as_api_gateway_picks_them() -> None:
    assert gateway.match(ROUTES, "GET", "/v1/tasks/mine")[0].function == "MineHandler"  # type: ignore[index]
    route, params = gateway.match(ROUTES, "get", "/v1/tasks/a%20b") or (None, {})
    assert route is not None and route.path == "/v1/tasks/{id}" and params == {"id": "a b"}
    assert gateway.match(ROUTES, "DELETE", "/v1/tasks/x") is None
    assert gateway.match(ROUTES, "GET", "/v1/tasks/x/y") is None


def test_http_api_event_is_payload_2() -> None:
    req = request(
        path="/v1/tasks/7",
        query="limit=2&tag=a&tag=b",
        headers=[("X-Trace", "1"), ("x-trace", "2"), ("Cookie", "a=1; b=2")],
        body=b"\xff\xfe",
    )
    claims = {"sub": "u1", "cognito:groups": ["admin", "user"], "exp": 5, "ok": True}
    e = gateway.http_event(ROUTES[2], req, {"id": "7"}, claims)
    assert e["version"] == "2.0" and e["routeKey"] == "GET /v1/tasks/{id}"
    assert e["headers"] == {"x-trace": "1,2"} and e["cookies"] == ["a=1", "b=2"]
    assert e["queryStringParameters"] == {"limit": "2", "tag": "a,b"}
    assert e["pathParameters"] == {"id": "7"} and e["isBase64Encoded"] is True
    assert base64.b64decode(e["body"]) == b"\xff\xfe"
    jwt_claims = e["requestContext"]["authorizer"]["jwt"]["claims"]
    assert jwt_claims == {"sub": "u1", "cognito:groups": "[admin user]", "exp": "5", "ok": "true"}
    assert "authorizer" not in gateway.http_event(ROUTES[1], request(), {}, None)["requestContext"]


def test_rest_api_event_is_payload_1() -> None:
    route = Route("POST", "/v1/notes", "NoteHandler", RouteAccess("api_key"), "1.0")
    req = request("POST", "/v1/notes", query="a=1&a=2", body=b'{"x": 1}')
    e = gateway.rest_event(route, req, {}, {"apiKey": "k", "apiKeyId": "abc"})
    assert e["httpMethod"] == "POST" and e["body"] == '{"x": 1}' and e["pathParameters"] is None
    assert e["queryStringParameters"] == {"a": "2"}
    assert e["multiValueQueryStringParameters"] == {"a": ["1", "2"]}
    assert e["requestContext"]["identity"]["apiKeyId"] == "abc"
    assert e["requestContext"]["stage"] == "prod" and e["resource"] == "/v1/notes"


def test_function_answers_become_what_api_gateway_sends() -> None:
    ok = gateway.response({"statusCode": 201, "body": "{}", "headers": {"a": "b"}}, "2.0")
    assert (ok.status, ok.body, ok.headers) == (201, b"{}", [("a", "b")])
    inferred = gateway.response({"any": "thing"}, "2.0")  # HTTP API infers 200 JSON
    assert inferred.status == 200 and json.loads(inferred.body) == {"any": "thing"}
    assert gateway.response({"any": "thing"}, "1.0").status == 502  # REST needs a response
    binary = gateway.response(
        {"statusCode": 200, "body": base64.b64encode(b"\x00").decode(), "isBase64Encoded": True},
        "2.0",
    )
    assert binary.body == b"\x00"
    broken = gateway.response({"statusCode": "nope"}, "2.0")
    assert broken.status == 500 and json.loads(broken.body) == {"message": "Internal Server Error"}
    assert gateway.response({"statusCode": 99}, "1.0").status == 502


def test_resolver_resolves_as_cloudformation_would() -> None:
    ctx = template.Context(
        {"x-Table": "t1"}, {"Handlers": {"Crud": {"Source": "code"}}}, "eu-west-1"
    )
    assert template.resolve({"Fn::ImportValue": "x-Table"}, ctx) == "t1"
    assert (
        template.resolve({"Fn::Join": ["-", ["a", {"Fn::ImportValue": "x-Table"}]]}, ctx) == "a-t1"
    )
    assert template.resolve({"Fn::FindInMap": ["Handlers", "Crud", "Source"]}, ctx) == "code"
    assert (
        template.resolve({"Fn::Sub": "arn:${AWS::Partition}:${AWS::Region}"}, ctx)
        == "arn:aws:eu-west-1"
    )
    with pytest.raises(template.Unresolvable):
        template.resolve({"Fn::ImportValue": "missing"}, ctx)
    with pytest.raises(template.Unresolvable):
        template.resolve({"Fn::GetAtt": ["A", "Arn"]}, ctx)


def blueprints() -> list[Blueprint]:
    out = []
    for t in list_templates():
        compiled = compile_spec(t.spec).blueprint
        assert compiled is not None
        out.append(compiled)
    return out


@pytest.mark.parametrize("bp", blueprints(), ids=lambda b: b.project.slug)
def test_seed_dates_and_times_come_from_now_never_the_clock(bp: Blueprint) -> None:
    """Dates and times lie around the ``now`` given: a plan read from the wall clock differed
    by a second when two calls straddled one (a CI run failed on that)."""
    at = datetime(2020, 6, 1, tzinfo=UTC)
    kinds = {(e.name, f.name): f.type for e in bp.entities for f in e.fields}
    for row in seed.plan(bp, 12, seed=7, run="ab", now=at):
        for name, v in row.values.items():
            kind = kinds.get((row.entity, name))
            if kind == "datetime" and name not in ("created_at", "updated_at"):
                moment = datetime.fromisoformat(str(v).replace("Z", "+00:00"))
                assert abs(moment - at) <= timedelta(days=181), (row.entity, name, v)
            elif kind == "date":
                assert abs(date.fromisoformat(str(v)) - at.date()) <= timedelta(days=366)


@pytest.mark.parametrize("bp", blueprints(), ids=lambda b: b.project.slug)
def test_seed_plan_respects_references_uniqueness_enums_and_tenants(bp: Blueprint) -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)  # the same clock: the same rows (a second apart)
    rows = seed.plan(bp, 12, seed=7, run="ab", now=at)
    assert [r.values for r in rows] != [] and rows == seed.plan(bp, 12, seed=7, run="ab", now=at)
    seen: dict[str, dict[str, Any]] = {}
    key = bp.tenancy.tenant_key if bp.tenancy.mode == "multi" else None
    for row in rows:
        e = bp.entity(row.entity)
        assert e is not None
        for f in e.fields:
            value = row.values.get(f.name)
            if value is None:
                assert not f.required or f.managed or f.primary, (e.name, f.name)
                continue
            if f.references:  # planned before, and visible to the row's tenant
                target = seen[f.references][value]
                if key and f.name != key and bp.entity(f.references).tenant_scoped:  # type: ignore[union-attr]
                    assert target[key] == row.values[key]
            if f.type == "enum":
                assert value in f.enum_values
            if f.max_length and isinstance(value, str):
                assert len(value) <= f.max_length
        seen.setdefault(row.entity, {})[row.id] = row.values
    for e in bp.entities:
        for f in e.fields:
            values = [v[f.name] for v in seen.get(e.name, {}).values() if f.name in v]
            if f.unique:
                assert len(values) == len(set(values)), (e.name, f.name)
    other = {r.values.get("email") for r in seed.plan(bp, 12, seed=7, run="cd")}
    assert not other & {r.values.get("email") for r in rows} - {None}  # runs never collide


def test_seed_refuses_required_reference_cycles() -> None:
    """The compiler refuses such cycles; an IR edited by hand may still have one."""
    result = compile_spec("# C\n## Entities\n### A\n- b: ref B\n### B\n- a: ref A\n")
    assert result.blueprint is not None
    for e in result.blueprint.entities:
        for f in e.fields:
            f.required = f.required or bool(f.references)
    with pytest.raises(seed.SeedImpossible, match="cycle"):
        seed.plan(result.blueprint, 2, seed=1, run="x")


def test_tokens_verify_only_for_their_sandbox_and_generation() -> None:
    value, expires = tokens.mint("k" * 40, "p1", "n1", sub="s", roles=["a"], tenant="t", ttl=60)
    claims = tokens.verify(value, "k" * 40, "p1", "n1")
    assert claims is not None and claims["custom:tenant"] == "t" and claims["exp"] == expires
    assert tokens.verify(value, "k" * 40, "p1", "n2") is None  # a reset sandbox
    assert tokens.verify(value, "k" * 40, "p2", "n1") is None
    assert tokens.verify(value, "j" * 40, "p1", "n1") is None
    assert tokens.bearer("Bearer  abc ") == "abc" and tokens.bearer("Basic abc") is None


# --- the Data API adapter on a real PostgreSQL -----------------------------------------------


@pytest.fixture
def data_api(moto_url: str) -> Any:
    schema = f"t_{uuid.uuid4().hex[:10]}"
    arn = f"arn:aws:rds:us-east-1:123456789012:cluster:{schema}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"'.encode())
    dataapi.DATA_API.register(
        arn,
        dataapi.Target(
            PG_URL, schema, "arn:aws:secretsmanager:us-east-1:123456789012:secret:sbx-AbCdEf"
        ),
    )
    client = boto3.client(
        "rds-data",
        endpoint_url=moto_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )
    target = {
        "resourceArn": arn,
        "secretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:sbx-AbCdEf",
        "database": "app",
    }
    try:
        yield client, target
    finally:
        dataapi.DATA_API.unregister(arn)
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE'.encode())


def test_data_api_runs_statements_in_the_sandbox_schema(data_api: Any) -> None:
    client, target = data_api
    client.execute_statement(**target, sql="CREATE TABLE t (id int PRIMARY KEY, v text)")
    params = [
        {"name": "id", "value": {"longValue": 1}},
        {"name": "v", "value": {"stringValue": "a%b"}},
    ]
    client.execute_statement(**target, sql="INSERT INTO t VALUES (:id, :v)", parameters=params)
    out = client.execute_statement(
        **target, sql="SELECT v, id::text, NULL FROM t WHERE id = :id", parameters=params[:1]
    )
    assert out["records"] == [[{"stringValue": "a%b"}, {"stringValue": "1"}, {"isNull": True}]]
    tx = client.begin_transaction(**target)["transactionId"]
    client.execute_statement(**target, sql="INSERT INTO t VALUES (2, 'b')", transactionId=tx)
    client.rollback_transaction(
        resourceArn=target["resourceArn"], secretArn=target["secretArn"], transactionId=tx
    )
    count = client.execute_statement(**target, sql="SELECT count(*) FROM t")
    assert count["records"] == [[{"longValue": 1}]]
    with pytest.raises(ClientError, match=r"SQLState: 23505") as caught:
        client.execute_statement(**target, sql="INSERT INTO t VALUES (1, 'dup')")
    assert caught.value.response["Error"]["Code"] == "DatabaseErrorException"
    assert "Key (id)=(1)" in caught.value.response["Error"]["Message"]
    with pytest.raises(ClientError, match="ForbiddenException"):
        client.execute_statement(
            **{**target, "secretArn": target["secretArn"] + "x"}, sql="SELECT 1"
        )


def test_data_api_leaves_other_clusters_to_aws(data_api: Any) -> None:
    """An unregistered cluster's call goes out: here to moto, whose Data API answers canned
    (empty) results, never this PostgreSQL's."""
    client, target = data_api
    assert client.execute_statement(**target, sql="SELECT 1")["records"] == [[{"longValue": 1}]]
    other = {**target, "resourceArn": "arn:aws:rds:us-east-1:123456789012:cluster:nope"}
    assert client.execute_statement(**other, sql="SELECT 1").get("records", []) == []


def test_schema_ddl_quotes_hostile_values_and_refuses_hostile_names() -> None:
    result = compile_spec("# H\n## Entities\n### Note\n- kind: enum(a, b)\n")
    assert result.blueprint is not None
    bp = result.blueprint
    bp.entities[0].fields[1].enum_values = ["it's", 'say "hi"; DROP TABLE notes; --']
    schema = f"h_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"'.encode())
        try:
            conn.execute(f'SET search_path TO "{schema}"'.encode())
            for statement in postgres_statements(bp, stamped_tenant=False):
                conn.execute(statement.encode())
            conn.execute(
                b"INSERT INTO notes (id, kind, created_at, updated_at) VALUES (gen_random_uuid(), 'it''s', now(), now())"
            )
            with pytest.raises(psycopg.errors.CheckViolation):
                conn.execute(
                    b"INSERT INTO notes (id, kind, created_at, updated_at) VALUES (gen_random_uuid(), 'c', now(), now())"
                )
            assert conn.execute(b"SELECT count(*) FROM notes").fetchone() == (1,)
        finally:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE'.encode())
    bp.entities[0].table = 'notes"; DROP'
    with pytest.raises(ValueError, match="PostgreSQL name"):
        postgres_statements(bp, stamped_tenant=False)


# --- the local AWS's recording ------------------------------------------------------------------


def entry(method: str, url: str, body: str = "", **headers: str) -> dict[str, Any]:
    return {"method": method, "url": url, "headers": headers, "body": body, "body_encoded": False}


def test_recording_compaction_keeps_what_changes_state(tmp_path: Path) -> None:
    path = tmp_path / "recording.jsonl"
    kept = [
        entry("POST", "http://h/moto-api/seed?a=1"),
        entry("POST", "http://h/", "Action=CreateStack&StackName=s"),
        entry("POST", "http://h/", "{}", **{"X-Amz-Target": "DynamoDB_20120810.PutItem"}),
        entry("POST", "http://h/2015-03-31/functions"),
        entry("POST", "http://h/", "{}", **{"X-Amz-Target": "AWSCognitoIdentityService.GetId"}),
    ]
    dropped = [
        entry("POST", "http://h/", "Action=DescribeStacks"),
        entry("POST", "http://h/", "{}", **{"X-Amz-Target": "DynamoDB_20120810.Scan"}),
        entry("POST", "http://h/", "{}", **{"x-amz-target": "TrentService.Decrypt"}),
        entry("GET", "http://h/2015-03-31/functions/f"),
    ]
    lines = [json.dumps(e) for e in kept[:2] + dropped + kept[2:]] + ['{"cut": ']
    path.write_text("\n".join(lines) + "\n")
    assert moto_state.compact(path) == (5, 5)
    assert [json.loads(line) for line in path.read_text().splitlines()] == kept
