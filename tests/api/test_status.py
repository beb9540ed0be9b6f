"""Status reads: their own rate-limit budget (600/min, never the project's) and conditional
reads (ETag / If-None-Match → 304 with no body; a changed status gives a new ETag)."""

from __future__ import annotations

import httpx
import pytest

from tests.support import project_with_spec, wait_status

pytestmark = [pytest.mark.usefixtures("worker"), pytest.mark.db]


async def test_five_operations_polled_for_a_minute_never_see_429(user: httpx.AsyncClient) -> None:
    """A dashboard polling five operations once a second for over a minute: 5 x 60 polls within
    one window (driven by count, not wall time). None is refused, and none takes from the
    project budget."""
    pid = await project_with_spec(user)
    bids = []
    for _ in range(5):
        r = await user.post(f"/projects/{pid}/spec/generate-blueprint")
        assert r.status_code == 202, r.text
        bids.append(r.json()["blueprint"]["id"])
    before = await user.get(f"/projects/{pid}")
    project_remaining = int(before.headers["x-ratelimit-remaining"])
    etags: dict[str, str] = {}
    for n in range(61):
        for bid in bids:
            headers = {"If-None-Match": etags[bid]} if bid in etags and n % 2 else {}
            r = await user.get(f"/blueprints/{bid}/status", headers=headers)
            assert r.status_code in (200, 304), (n, r.status_code, r.text)
            assert r.headers["x-ratelimit-limit"] == "600"
            etags[bid] = r.headers["etag"]
    after = await user.get(f"/projects/{pid}")
    assert int(after.headers["x-ratelimit-remaining"]) == project_remaining - 1
    assert int(r.headers["x-ratelimit-remaining"]) <= 600 - 305


async def test_etag_changes_exactly_when_the_status_changes(user: httpx.AsyncClient) -> None:
    pid = await project_with_spec(user)
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    url = f"/blueprints/{bid}/status"
    seen: dict[str, bytes] = {}
    etag, body = "", b""
    for _ in range(600):
        r = await user.get(url, headers={"If-None-Match": etag} if etag else {})
        if r.status_code == 304:
            assert r.content == b"" and r.headers["etag"] == etag
        else:
            assert r.status_code == 200, r.text
            new = r.headers["etag"]
            assert new != etag or r.content == body  # same tag only for the same body
            assert seen.setdefault(new, r.content) == r.content  # one tag, one body
            etag, body = new, r.content
            if r.json()["status"] == "completed":
                break
    assert len(seen) >= 2  # processing, then completed: each with its own tag
    final = await user.get(url, headers={"If-None-Match": etag})
    assert final.status_code == 304 and final.content == b""
    weak = await user.get(url, headers={"If-None-Match": f'"nope", W/{etag}'})
    assert weak.status_code == 304
    assert (await user.get(url, headers={"If-None-Match": '"other"'})).status_code == 200


async def test_validation_status_tag_changes_with_a_new_validation(user: httpx.AsyncClient) -> None:
    pid = await project_with_spec(user)
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    await wait_status(user, f"/blueprints/{bid}/status")
    url = f"/blueprints/{bid}/validation-status"
    await user.post(f"/blueprints/{bid}/validate", json={"autoFix": False})
    first = await wait_status(user, url)
    tag = (await user.get(url)).headers["etag"]
    assert (await user.get(url, headers={"If-None-Match": tag})).status_code == 304
    await user.post(f"/blueprints/{bid}/validate", json={"autoFix": False})
    r = await user.get(url, headers={"If-None-Match": tag})
    assert r.status_code == 200 and r.json()["number"] == first["number"] + 1
    assert r.headers["etag"] != tag


async def test_deployment_status_and_generation_status_carry_etags(
    user: httpx.AsyncClient, other_user: httpx.AsyncClient
) -> None:
    pid = await project_with_spec(user)
    bid = (await user.post(f"/projects/{pid}/spec/generate-blueprint")).json()["blueprint"]["id"]
    await wait_status(user, f"/blueprints/{bid}/status")
    url = f"/projects/{pid}/spec/generation-status/{bid}"
    r = await user.get(url)
    assert r.status_code == 200 and r.headers["etag"] and r.headers["x-ratelimit-limit"] == "600"
    assert (await user.get(url, headers={"If-None-Match": r.headers["etag"]})).status_code == 304
    assert (await other_user.get(url)).status_code == 404
    assert (await other_user.get(f"/blueprints/{bid}/status")).status_code == 404
    other_pid = await project_with_spec(user)
    assert (
        await user.get(f"/projects/{other_pid}/spec/generation-status/{bid}")
    ).status_code == 404
