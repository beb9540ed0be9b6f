"""Issue 12 item 8: the assistant (chat, prompt-based generation) has its own rate limit per user
(``assistant``, 20/min) instead of the project budget, and a daily LLM token budget per user
(``LLM_DAILY_TOKEN_BUDGET``): over it, ``429 LLM_BUDGET_EXCEEDED`` with the reset time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from api.main import create_app
from api.ratelimit import CATEGORIES
from core.settings import Settings
from tests.support import Api, Stack, ThreadedServer, make_user

pytestmark = pytest.mark.db

SPEC = """# Library

## Entities

### Book
- title: string, required
- isbn: string
"""
ASK = "Add a Branch entity with a name and an address"


async def project_with(client: httpx.AsyncClient) -> str:
    r = await client.post("/projects", json={"name": "Library"})
    pid = str(r.json()["data"]["id"])
    r = await client.post(f"/projects/{pid}/spec/apply", json={"content": SPEC})
    assert r.status_code == 201, r.text
    return pid


async def project_remaining(client: httpx.AsyncClient, pid: str) -> int:
    r = await client.get(f"/projects/{pid}/spec")
    assert r.status_code == 200 and r.headers["x-ratelimit-limit"] == "100"
    return int(r.headers["x-ratelimit-remaining"])


async def test_chat_counts_in_the_assistant_category_not_the_project_budget(
    user: httpx.AsyncClient,
) -> None:
    pid = await project_with(user)
    before = await project_remaining(user, pid)
    r = await user.post(f"/projects/{pid}/spec/chat", json={"message": ASK})
    assert r.status_code == 200, r.text
    assert r.headers["x-ratelimit-limit"] == "20" == CATEGORIES["assistant"].split("/")[0]
    assert await project_remaining(user, pid) == before - 1  # only the second GET counted


async def test_the_assistant_limit_covers_chat_and_prompt_generation(
    user: httpx.AsyncClient,
) -> None:
    pid = await project_with(user)
    for n in range(20):
        r = await user.post(f"/projects/{pid}/spec/chat", json={"message": f"hello {n}"})
        assert r.status_code == 200, (n, r.text)
    r = await user.post(f"/projects/{pid}/blueprints", json={"prompt": "A library with books"})
    assert r.status_code == 429, r.text
    assert r.json()["code"] == "RATE_LIMITED" and "assistant" in r.json()["error"]
    assert int(r.headers["retry-after"]) >= 1
    r = await user.post(f"/projects/{pid}/spec/chat", json={"message": "one more"})
    assert r.status_code == 429
    assert (await user.get(f"/projects/{pid}/spec")).status_code == 200  # the rest still works


@pytest.fixture
async def budget_api(stack: Stack) -> AsyncIterator[str]:
    """The API with a 150-token daily budget, on the stack's database."""
    settings = Settings(database_url=stack.database_url, llm_daily_token_budget=150)
    server = ThreadedServer(create_app(settings)).start()
    try:
        yield server.url
    finally:
        server.stop()


def on(url: str, client: Api) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=url, timeout=30, headers=dict(client.headers))


async def test_over_the_daily_token_budget_is_429_with_the_reset_time(
    stack: Stack, budget_api: str
) -> None:
    user, other = await make_user(stack), await make_user(stack)
    async with on(budget_api, user) as client, on(budget_api, other) as fresh:
        pid = await project_with(client)
        spent = 0
        for _ in range(10):  # each call records the offline provider's token estimate
            r = await client.post(f"/projects/{pid}/spec/chat", json={"message": ASK})
            if r.status_code == 429:
                break
            assert r.status_code == 200, r.text
            usage = (await client.get("/usage/me")).json()["usage"]
            spent = usage["inputTokens"] + usage["outputTokens"]
        assert r.status_code == 429, r.text
        assert spent >= 150  # refused only once the budget was spent
        body = r.json()
        assert body["code"] == "LLM_BUDGET_EXCEEDED" and body["budget"] == 150
        assert body["used"] == spent
        midnight = datetime.combine(
            datetime.now(UTC).date() + timedelta(days=1), datetime.min.time()
        )
        assert body["resetAt"] == midnight.strftime("%Y-%m-%dT%H:%M:%SZ")
        left = (midnight.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds()
        assert abs(body["resetIn"] - left) < 60 and r.headers["retry-after"] == str(body["resetIn"])
        r = await client.post(f"/projects/{pid}/blueprints", json={"prompt": "A library"})
        assert r.status_code == 429 and r.json()["code"] == "LLM_BUDGET_EXCEEDED"
        other_pid = await project_with(fresh)  # another user's budget is untouched
        r = await fresh.post(f"/projects/{other_pid}/spec/chat", json={"message": ASK})
        assert r.status_code == 200, r.text
    await user.aclose()
    await other.aclose()
