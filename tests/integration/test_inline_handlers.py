"""The inline CRUD Lambda of Slipway's own templates (the code a deploy puts in the compute
stack) works against DynamoDB on a real moto server, and answers bad input with 4xx, never a
crash (a crash is a 502 from API Gateway)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from slipway.synth.handlers import CRUD, HEALTH
from tests.integration.cdk_support import dynamo_table, event, load_module, local_aws_env


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


def test_fits_a_cloudformation_zipfile() -> None:
    assert len(CRUD.encode()) <= 4096 and len(HEALTH.encode()) <= 4096


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
