"""Regressions found by Schemathesis: out-of-range and non-ASCII numbers are 4xx, never 500."""

from __future__ import annotations

import pytest

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
