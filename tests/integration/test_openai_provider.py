"""The OpenAI-compatible provider against a real local HTTP server speaking chat completions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from slipway.assistant import AssistantError, OpenAICompatibleAssistant
from tests.support import ThreadedServer, free_port

GOOD = "# Notes\n\n## Entities\n\n### Note\n- text: string, required\n"
BAD = "# Notes\n\n## Entities\n\n### Note\n- text: strng\n"


class Script:
    def __init__(self) -> None:
        self.replies: list[tuple[int, Any, dict[str, str]]] = []
        self.requests: list[dict[str, Any]] = []
        self.auth: list[str | None] = []


def completion(content: str, prompt: int = 100, completion_tokens: int = 40) -> dict[str, Any]:
    return {
        "id": "c1",
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt + completion_tokens,
        },
    }


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Script]]:
    script = Script()
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> JSONResponse:
        script.requests.append(await request.json())
        script.auth.append(request.headers.get("authorization"))
        status, body, headers = script.replies.pop(0)
        if status == 0:  # a stalled answer: longer than the client timeout
            import asyncio

            await asyncio.sleep(2)
            status = 200
        return JSONResponse(body, status_code=status, headers=headers)

    srv = ThreadedServer(app, free_port()).start()
    try:
        yield f"{srv.url}/v1", script
    finally:
        srv.stop()


def provider(url: str, **kw: Any) -> OpenAICompatibleAssistant:
    return OpenAICompatibleAssistant(
        base_url=url, api_key="sk-test-secret", model="gpt-4o-mini", backoff=0.01, **kw
    )


async def test_valid_reply_and_usage(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(200, completion(GOOD), {})]
    reply = await provider(url).revise("", "notes app", [])
    assert reply.spec == GOOD and reply.changed
    assert reply.input_tokens == 100 and reply.output_tokens == 40
    request = script.requests[-1]
    assert request["model"] == "gpt-4o-mini"
    assert "## Entities" in request["messages"][0]["content"]  # the grammar
    assert script.auth[-1] == "Bearer sk-test-secret"


async def test_fenced_reply(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(200, completion(f"Here you go:\n```markdown\n{GOOD}```\n"), {})]
    reply = await provider(url).create("notes")
    assert reply.spec == GOOD


async def test_repair_round_then_success(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(200, completion(BAD), {}), (200, completion(GOOD, 150, 50), {})]
    reply = await provider(url).revise(GOOD.replace("required", ""), "make text required", [])
    assert reply.spec == GOOD
    assert reply.input_tokens == 250 and reply.output_tokens == 90
    assert "does not compile" in script.requests[-1]["messages"][-1]["content"]


async def test_invalid_twice_is_llm_invalid_output(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(200, completion(BAD), {}), (200, completion("not a spec"), {})]
    with pytest.raises(AssistantError) as err:
        await provider(url).revise(GOOD, "x", [])
    assert err.value.code == "LLM_INVALID_OUTPUT"


async def test_429_then_success_honours_retry_after(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [
        (429, {"error": "slow down"}, {"Retry-After": "0.05"}),
        (200, completion(GOOD), {}),
    ]
    reply = await provider(url).create("notes")
    assert reply.spec == GOOD


@pytest.mark.parametrize("value", ["\u00b9", "soon", "Wed, 21 Oct 2015 07:28:00 GMT", "1e9"])
async def test_unparseable_retry_after_falls_back_to_backoff(
    server: tuple[str, Script], value: str
) -> None:
    """Regression: a superscript passed the digit check and crashed ``float()``."""
    url, script = server
    script.replies = [
        (429, {"error": "slow down"}, {"Retry-After": value}),
        (200, completion(GOOD), {}),
    ]
    reply = await provider(url).create("notes")
    assert reply.spec == GOOD


async def test_5xx_exhausts_retries(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(503, {"error": "down"}, {})] * 3
    with pytest.raises(AssistantError) as err:
        await provider(url, max_retries=2).create("notes")
    assert err.value.code == "LLM_UNAVAILABLE"
    assert "sk-test-secret" not in err.value.message


async def test_timeout_is_retried_then_unavailable(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(0, completion(GOOD), {}), (0, completion(GOOD), {})]
    with pytest.raises(AssistantError) as err:
        await provider(url, timeout=0.3, max_retries=1).create("notes")
    assert err.value.code == "LLM_UNAVAILABLE"


async def test_malformed_json_answer(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(200, {"unexpected": True}, {})]
    with pytest.raises(AssistantError) as err:
        await provider(url).create("notes")
    assert err.value.code == "LLM_INVALID_OUTPUT"
