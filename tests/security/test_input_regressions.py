"""Regressions found by Schemathesis: out-of-range and non-ASCII numbers are 4xx, never 500;
schema-valid requests are accepted (the document states every rule the API enforces)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from api.pagination import KEYSET_CURSOR, NUMBER_CURSOR
from tests.support import SPEC_10, Stack, make_user, project_with_spec

pytestmark = pytest.mark.slow


async def test_out_of_range_numbers_are_422_not_500(stack: Stack) -> None:
    """Regression (found by Schemathesis): a revision or version number beyond any database
    integer crashed the query with a 500."""
    client = await make_user(stack)
    try:
        pid = await project_with_spec(client, SPEC_10)
        huge = 168023799533762543616
        for method, url, kwargs in (
            ("POST", f"/projects/{pid}/revisions/classify", {"json": {"from": 1, "to": huge}}),
            ("GET", f"/projects/{pid}/revisions/compare", {"params": {"to": str(huge)}}),
            (
                "POST",
                f"/projects/{pid}/spec/apply",
                {"json": {"content": SPEC_10, "baseVersion": huge}},
            ),
            ("GET", f"/projects/{pid}/artifacts/openapi", {"params": {"revision": str(huge)}}),
        ):
            r = await client.request(method, url, **kwargs)
            assert r.status_code == 422, (url, r.status_code, r.text)
            assert r.json()["code"] == "VALIDATION_ERROR"
        for url in (f"/projects/{pid}/spec/versions/{huge}", f"/projects/{pid}/revisions/{huge}"):
            assert (await client.get(url)).status_code == 404
    finally:
        await client.aclose()


async def test_non_ascii_digits_are_4xx_not_500(stack: Stack) -> None:
    """Regression (found by Schemathesis): `/revisions/1¹` answered 500, because a superscript
    passes `str.isdigit()` and then `int()` raises."""
    client = await make_user(stack)
    try:
        pid = await project_with_spec(client, SPEC_10)
        chat = await client.post(
            f"/projects/{pid}/spec/chat", json={"message": "add a Task entity"}
        )
        assert chat.status_code == 200, chat.text  # a conversation, so history reads its cursor
        for number in ("1\u00b9", "\u00b2", "\u0663"):
            for url in (
                f"/projects/{pid}/revisions/{number}",
                f"/projects/{pid}/spec/versions/{number}",
            ):
                r = await client.get(url)
                assert r.status_code == 404, (url, r.status_code, r.text)
            for url in (
                f"/projects/{pid}/revisions",
                f"/projects/{pid}/spec/versions",
                f"/projects/{pid}/spec/chat/history",
            ):
                r = await client.get(url, params={"cursor": number})
                assert r.status_code == 422, (url, r.status_code, r.text)
        r = await client.get(f"/projects/{pid}/spec/chat/history", params={"cursor": "9" * 20})
        assert r.status_code == 422, r.text  # beyond any database integer
    finally:
        await client.aclose()


# --- issue 20: the OpenAPI document states the rules the API enforces --------------------------
# Schemathesis (positive_data_acceptance) generated schema-valid requests the API refused; each
# rule is now in the document, and a value just inside it is accepted, one just outside refused.


def schema_of(document: dict[str, Any], name: str) -> dict[str, Any]:
    return dict(document["components"]["schemas"][name])


async def test_cursors_have_a_pattern_and_every_match_is_a_page(stack: Stack) -> None:
    """Regression: a cursor of any string was schema-valid and answered 422."""
    client = await make_user(stack)
    try:
        pid = await project_with_spec(client, SPEC_10)
        await client.post(
            f"/projects/{pid}/spec/chat/message", json={"role": "system", "content": "x"}
        )
        document = (await client.get("/openapi.json")).json()
        lists = {
            path: next(p for p in item["get"]["parameters"] if p["name"] == "cursor")
            for path, item in document["paths"].items()
            if "get" in item
            and any(p["name"] == "cursor" for p in item["get"].get("parameters", []))
        }
        assert {"/projects", "/projects/{project_id}/spec/chat/history"} <= set(lists)
        for path, parameter in lists.items():
            pattern = next(s["pattern"] for s in parameter["schema"]["anyOf"] if "pattern" in s)
            samples = KEYSET_SAMPLES if pattern == KEYSET_CURSOR else NUMBER_SAMPLES
            assert pattern in (KEYSET_CURSOR, NUMBER_CURSOR), path
            url = path.replace("{project_id}", pid)
            if "{" in url:
                continue  # a list under another resource: the pattern is what matters
            for cursor in samples:
                r = await client.get(url, params={"cursor": cursor})
                assert r.status_code == 200, (path, cursor, r.text)
            for cursor in ("", "abc", "1.2", "1\u00b9", "0" * 18 + "." + "0" * 32):
                r = await client.get(url, params={"cursor": cursor})
                assert r.status_code == 422, (path, cursor, r.text)
    finally:
        await client.aclose()


KEYSET_SAMPLES = ("0." + "0" * 32, "9" * 17 + "." + "f" * 32, "1764000000000000." + "a1" * 16)
NUMBER_SAMPLES = ("0", "1", "999999999")


async def test_password_length_and_template_ids_are_stated(stack: Stack) -> None:
    """Regression: a short password and any templateId were schema-valid and answered 422."""
    from api.auth.service import MIN_PASSWORD_LENGTH
    from slipway.templates import list_templates

    client = await make_user(stack)
    try:
        document = (await client.get("/openapi.json")).json()
        assert schema_of(document, "Credentials")["properties"]["password"]["minLength"] == (
            MIN_PASSWORD_LENGTH
        )
        for length, status in ((MIN_PASSWORD_LENGTH - 1, 422), (MIN_PASSWORD_LENGTH, 201)):
            email = f"len-{uuid.uuid4().hex[:8]}@example.com"
            password = ("Pw3!" * 9)[:length]
            r = await client.post("/auth/signup", json={"email": email, "password": password})
            assert r.status_code == status, (length, r.text)
        template = schema_of(document, "ProjectCreate")["properties"]["templateId"]["anyOf"][0]
        listed = [t["id"] for t in (await client.get("/templates")).json()["data"]]
        assert template["enum"] == [t.id for t in list_templates()] == listed
        for tid in template["enum"]:
            r = await client.post("/projects", json={"name": tid, "templateId": tid})
            assert r.status_code == 201, (tid, r.text)
        r = await client.post("/projects", json={"name": "x", "templateId": "task-manager2"})
        assert r.status_code == 422 and r.json()["code"] == "UNKNOWN_TEMPLATE"
    finally:
        await client.aclose()


async def test_classify_takes_one_of_two_bodies(stack: Stack) -> None:
    """Regression: a classify body with both ``spec`` and ``to`` was schema-valid and refused;
    the document now says ``oneOf`` {spec (and from)} or {from and to}, as the API does."""
    client = await make_user(stack)
    try:
        pid = await project_with_spec(client, SPEC_10)
        document = (await client.get("/openapi.json")).json()
        forms = schema_of(document, "ClassifyBody")["oneOf"]
        assert [f["title"] for f in forms] == ["Candidate", "Revisions"]
        url = f"/projects/{pid}/revisions/classify"
        for body in ({"spec": SPEC_10, "to": 1}, {"spec": SPEC_10, "to": None}, {"spec": None}):
            r = await client.post(url, json=body)
            assert r.status_code == 422 and r.json()["code"] == "VALIDATION_ERROR", body
        assert (await client.post(url, json={"spec": SPEC_10})).status_code == 200
        r = await client.post(url, json={"from": 1, "to": 2})  # the revisions form
        assert r.status_code == 404 and "Revision" in r.json()["error"], r.text
    finally:
        await client.aclose()


async def test_a_name_of_white_space_only_is_stated_and_refused(stack: Stack) -> None:
    """A name must hold a character that is not white space (the ``pattern`` of ProjectCreate
    and ProjectUpdate); white space is what Python, JavaScript and Rust regexes all call so."""
    from api.projects.schemas import BLANK, NOT_BLANK

    client = await make_user(stack)
    try:
        document = (await client.get("/openapi.json")).json()
        assert schema_of(document, "ProjectCreate")["properties"]["name"]["pattern"] == NOT_BLANK
        assert all(c in BLANK for c in map(chr, range(0x110000)) if c.isspace())
        assert all(re.search(NOT_BLANK, c) is None for c in BLANK)
        for blank in BLANK:
            r = await client.post("/projects", json={"name": blank * 2})
            assert r.status_code == 422, (hex(ord(blank)), r.text)
        r = await client.post("/projects", json={"name": "\u3000Shop\ufeff"})
        assert r.status_code == 201 and r.json()["data"]["name"] == "Shop"
    finally:
        await client.aclose()
