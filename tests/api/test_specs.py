"""Spec endpoints: the README's spec flow, draft/apply/undo/conflict, limits, ownership, usage."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.db

TASKS = """# My App

A task management application.

## Entities

### Project
- name: string, required

### Task
- title: string, required
- done: boolean, default false
- project: ref Project, required
"""


async def project(client: httpx.AsyncClient, **body: object) -> str:
    r = await client.post("/projects", json={"name": "My App", **body})
    assert r.status_code == 201, r.text
    return str(r.json()["data"]["id"])


async def apply(
    client: httpx.AsyncClient, pid: str, content: str, **extra: object
) -> httpx.Response:
    return await client.post(
        f"/projects/{pid}/spec/apply",
        json={"content": content, "lastUserMessage": "initial", **extra},
    )


async def test_000_spec_flow(user: httpx.AsyncClient) -> None:
    pid = await project(user)
    r = await user.get(f"/projects/{pid}/spec")
    assert r.status_code == 200
    assert r.json()["spec"] is None and r.json()["project"]["name"] == "My App"

    r = await apply(user, pid, TASKS)
    assert r.status_code == 201, r.text
    assert r.json()["spec"]["version"] == 1
    assert r.json()["message"] == "Spec saved as version 1"

    r = await user.post(
        f"/projects/{pid}/spec/chat", json={"message": "Add a comments feature to tasks"}
    )
    assert r.status_code == 200, r.text
    chat = r.json()
    assert set(chat) >= {
        "spec",
        "previousSpec",
        "assistantMessage",
        "currentVersion",
        "conversationId",
    }
    assert chat["previousSpec"] == TASKS
    assert "### Comment" in chat["spec"]
    assert chat["currentVersion"] == 1
    assert chat["assistantMessage"]

    got = (await user.get(f"/projects/{pid}/spec")).json()
    assert got["spec"]["version"] == 1
    assert got["draft"]["content"] == chat["spec"]

    r = await apply(user, pid, chat["spec"], lastUserMessage="Add comments to tasks", baseVersion=1)
    assert r.status_code == 201 and r.json()["spec"]["version"] == 2
    got = (await user.get(f"/projects/{pid}/spec")).json()
    assert got["draft"] is None and got["spec"]["lastUserMessage"] == "Add comments to tasks"

    history = (await user.get(f"/projects/{pid}/spec/chat/history", params={"limit": 50})).json()
    assert history["conversationId"] == chat["conversationId"]
    assert [m["role"] for m in history["messages"]] == ["user", "assistant"]

    r = await user.post(
        f"/projects/{pid}/spec/chat/message",
        json={"role": "assistant", "content": "Blueprint generated successfully!"},
    )
    assert r.status_code == 201
    assert r.json()["conversationId"] == chat["conversationId"]
    assert r.json()["message"]["role"] == "assistant"

    versions = (await user.get(f"/projects/{pid}/spec/versions")).json()
    assert [v["version"] for v in versions["data"]] == [2, 1]
    v1 = (await user.get(f"/projects/{pid}/spec/versions/1")).json()
    assert v1["content"] == TASKS
    assert (await user.get(f"/projects/{pid}/spec/versions/9")).status_code == 404


async def test_chat_message_role_user_is_rejected(user: httpx.AsyncClient) -> None:
    pid = await project(user)
    r = await user.post(
        f"/projects/{pid}/spec/chat/message", json={"role": "user", "content": "hi"}
    )
    assert r.status_code == 422


async def test_invalid_spec_is_422_with_line_numbers_and_nothing_saved(
    user: httpx.AsyncClient,
) -> None:
    pid = await project(user)
    r = await apply(user, pid, "# App\n\n## Entities\n\n### Task\n- title: strng\n")
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "SPEC_INVALID"
    assert body["errors"][0]["line"] == 6
    assert body["errors"][0]["hint"]
    assert (await user.get(f"/projects/{pid}/spec")).json()["spec"] is None


async def test_version_conflict(user: httpx.AsyncClient) -> None:
    pid = await project(user)
    assert (await apply(user, pid, TASKS)).status_code == 201
    assert (await apply(user, pid, TASKS, baseVersion=1)).status_code == 201
    r = await apply(user, pid, TASKS, baseVersion=1)
    assert r.status_code == 409 and r.json()["code"] == "VERSION_CONFLICT"
    assert r.json()["latestVersion"] == 2


async def test_draft_accumulates_undo_and_discard(user: httpx.AsyncClient) -> None:
    pid = await project(user)
    await apply(user, pid, TASKS)
    first = (
        await user.post(
            f"/projects/{pid}/spec/chat", json={"message": "Add a comments feature to tasks"}
        )
    ).json()
    second = (
        await user.post(
            f"/projects/{pid}/spec/chat", json={"message": "Add roles admin, editor, viewer"}
        )
    ).json()
    assert second["previousSpec"] == first["spec"]
    assert "### Comment" in second["spec"]
    r = await user.post(f"/projects/{pid}/spec/undo")
    assert r.status_code == 200 and r.json()["draft"] == first["spec"]
    r = await user.post(f"/projects/{pid}/spec/undo")
    assert r.status_code == 200 and r.json()["draft"] is None
    r = await user.post(f"/projects/{pid}/spec/undo")
    assert r.status_code == 409 and r.json()["code"] == "NOTHING_TO_UNDO"
    await user.post(
        f"/projects/{pid}/spec/chat", json={"message": "Add a comments feature to tasks"}
    )
    assert (await user.delete(f"/projects/{pid}/spec/draft")).status_code == 204
    assert (await user.get(f"/projects/{pid}/spec")).json()["draft"] is None


async def test_unknown_request_leaves_spec_unchanged(user: httpx.AsyncClient) -> None:
    pid = await project(user)
    await apply(user, pid, TASKS)
    r = await user.post(
        f"/projects/{pid}/spec/chat", json={"message": "make it sparkle like a unicorn"}
    )
    assert r.status_code == 200
    assert r.json()["spec"] == TASKS and r.json()["changed"] is False
    assert r.json()["assistantMessage"]


async def test_limits(user: httpx.AsyncClient) -> None:
    pid = await project(user)
    r = await user.post(f"/projects/{pid}/spec/chat", json={"message": "x" * 4001})
    assert r.status_code == 422
    big = TASKS + "\n" + ("<!-- padding -->\n" * 15000)
    r = await apply(user, pid, big)
    assert r.status_code == 413 and r.json()["code"] == "SPEC_TOO_LARGE"


async def test_history_pagination(user: httpx.AsyncClient) -> None:
    pid = await project(user)
    for i in range(5):
        await user.post(
            f"/projects/{pid}/spec/chat/message", json={"role": "system", "content": f"m{i}"}
        )
    # the latest messages first, each page in chronological order; the cursor pages back
    page1 = (await user.get(f"/projects/{pid}/spec/chat/history", params={"limit": 3})).json()
    assert [m["content"] for m in page1["messages"]] == ["m2", "m3", "m4"]
    assert page1["conversationId"] and page1["meta"]["nextCursor"]
    page2 = (
        await user.get(
            f"/projects/{pid}/spec/chat/history",
            params={"limit": 3, "cursor": page1["meta"]["nextCursor"]},
        )
    ).json()
    assert [m["content"] for m in page2["messages"]] == ["m0", "m1"]
    assert (
        page2["meta"]["nextCursor"] is None and page2["conversationId"] == page1["conversationId"]
    )
    everything = (await user.get(f"/projects/{pid}/spec/chat/history")).json()["messages"]
    assert [m["content"] for m in everything] == ["m0", "m1", "m2", "m3", "m4"]


async def test_other_user_gets_404_everywhere(
    user: httpx.AsyncClient, other_user: httpx.AsyncClient
) -> None:
    pid = await project(user)
    await apply(user, pid, TASKS)
    calls = [
        ("GET", f"/projects/{pid}/spec", None),
        ("POST", f"/projects/{pid}/spec/chat", {"message": "Add a comments feature to tasks"}),
        ("POST", f"/projects/{pid}/spec/apply", {"content": TASKS}),
        ("GET", f"/projects/{pid}/spec/versions", None),
        ("GET", f"/projects/{pid}/spec/versions/1", None),
        ("POST", f"/projects/{pid}/spec/undo", None),
        ("DELETE", f"/projects/{pid}/spec/draft", None),
        ("GET", f"/projects/{pid}/spec/chat/history", None),
        ("POST", f"/projects/{pid}/spec/chat/message", {"role": "system", "content": "x"}),
    ]
    for method, path, body in calls:
        r = await other_user.request(method, path, json=body)
        assert r.status_code == 404, (method, path, r.text)


async def test_archived_project_is_read_only(user: httpx.AsyncClient) -> None:
    pid = await project(user)
    await apply(user, pid, TASKS)
    await user.delete(f"/projects/{pid}")
    r = await user.post(
        f"/projects/{pid}/spec/chat", json={"message": "Add a comments feature to tasks"}
    )
    assert r.status_code == 409 and r.json()["code"] == "PROJECT_ARCHIVED"
    assert (await apply(user, pid, TASKS)).status_code == 409
    assert (await user.get(f"/projects/{pid}/spec")).status_code == 200


async def test_templates_and_project_from_template(user: httpx.AsyncClient) -> None:
    listed = (await user.get("/templates")).json()["data"]
    assert len(listed) >= 6
    tid = listed[0]["id"]
    detail = (await user.get(f"/templates/{tid}")).json()["data"]
    assert detail["spec"].startswith("# ")
    pid = await project(user, templateId=tid)
    spec = (await user.get(f"/projects/{pid}/spec")).json()["spec"]
    assert spec["version"] == 1 and spec["content"] == detail["spec"]
    r = await user.post("/projects", json={"name": "x", "templateId": "nope"})
    assert r.status_code == 422 and r.json()["code"] == "UNKNOWN_TEMPLATE"
    assert (await user.get("/templates/nope")).status_code == 404


async def test_usage_records_every_call(user: httpx.AsyncClient) -> None:
    pid = await project(user)
    await apply(user, pid, TASKS)
    for _ in range(2):
        await user.post(
            f"/projects/{pid}/spec/chat", json={"message": "Add a comments feature to tasks"}
        )
    me = (await user.get("/usage/me")).json()
    assert me["user"]["email"] == user.email  # type: ignore[attr-defined]
    assert me["usage"]["totalCalls"] == 2
    assert me["usage"]["inputTokens"] > 0 and me["usage"]["outputTokens"] > 0
    assert me["usage"]["totalCostCents"] == 0 and me["usage"]["totalCostFormatted"] == "$0.00"
    recent = (await user.get("/usage/recent", params={"limit": 1})).json()["data"]
    assert (
        len(recent) == 1 and recent[0]["provider"] == "offline" and recent[0]["purpose"] == "chat"
    )
