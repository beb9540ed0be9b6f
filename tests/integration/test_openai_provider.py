"""The LLM provider against a real local HTTP server speaking chat completions with tool calls.

The model is asked for edit operations (never spec text); good, malformed and hostile answers
are scripted, and no answer can leave a spec that does not compile.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from slipway.assistant import AssistantError, OpenAICompatibleAssistant
from slipway.spec import compile_spec
from tests.support import ThreadedServer

SPEC = "# Notes\n\n<!-- keep me -->\n## Entities\n\n### Note\n- text: string\n"


class Script:
    def __init__(self) -> None:
        self.replies: list[tuple[int, Any, dict[str, str]]] = []
        self.requests: list[dict[str, Any]] = []
        self.auth: list[str | None] = []


def completion(
    *,
    tool: str | None = None,
    arguments: Any = None,
    content: str | None = None,
    prompt: int = 100,
    completion_tokens: int = 40,
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool is not None:
        raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
        message["tool_calls"] = [
            {"id": "call_1", "type": "function", "function": {"name": tool, "arguments": raw}}
        ]
    return {
        "id": "c1",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt + completion_tokens,
        },
    }


def edit(*operations: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return completion(tool="edit_spec", arguments={"operations": list(operations)}, **kw)


REQUIRED = {"op": "set_required", "entity": "Note", "field": "text"}


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
            await asyncio.sleep(2)
            status = 200
        return JSONResponse(body, status_code=status, headers=headers)

    srv = ThreadedServer(app).start()
    try:
        yield f"{srv.url}/v1", script
    finally:
        srv.stop()


def provider(url: str, **kw: Any) -> OpenAICompatibleAssistant:
    return OpenAICompatibleAssistant(
        base_url=url, api_key="sk-test-secret", model="gpt-4o-mini", backoff=0.01, **kw
    )


async def test_operations_are_applied_by_the_editor(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(200, edit(REQUIRED), {})]
    reply = await provider(url).revise(SPEC, "make the text required", [])
    assert reply.changed and reply.spec == SPEC.replace("text: string", "text: string, required")
    assert "<!-- keep me -->" in reply.spec  # the user's own lines stay
    assert reply.input_tokens == 100 and reply.output_tokens == 40
    assert reply.change_class == "unsafe" and "Note: text is now required" in reply.message
    assert reply.operations == (REQUIRED | {"required": True},)
    request = script.requests[-1]
    assert request["model"] == "gpt-4o-mini" and request["tool_choice"] == "required"
    names = [t["function"]["name"] for t in request["tools"]]
    assert names == ["edit_spec", "ask_user"]
    schema = request["tools"][0]["function"]["parameters"]
    assert "set_required" in json.dumps(schema)  # the operations' JSON Schema
    assert "Current spec" in request["messages"][-1]["content"]
    assert script.auth[-1] == "Bearer sk-test-secret"


async def test_create_from_a_description(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [
        (
            200,
            edit(
                {"op": "set_app", "name": "Library", "description": "Lends books."},
                {
                    "op": "add_entity",
                    "name": "Book",
                    "fields": [{"name": "title", "required": True}],
                },
                {
                    "op": "add_entity",
                    "name": "Loan",
                    "fields": [
                        {"name": "book", "type": "ref", "target": "Book", "required": True},
                        {"name": "due_on", "type": "date"},
                    ],
                },
                {"op": "set_roles", "roles": ["librarian"], "mode": "replace"},
            ),
            {},
        )
    ]
    reply = await provider(url).create("a library that lends books")
    bp = compile_spec(reply.spec).blueprint
    assert bp is not None and bp.project.name == "Library"
    assert bp.entity("Loan").field("book_id").references == "Book"  # type: ignore[union-attr]
    assert bp.auth.roles == ["librarian"]


async def test_a_question_changes_nothing(server: tuple[str, Script]) -> None:
    url, script = server
    question = "There is no Warehouse entity. Did you mean Note?"
    script.replies = [(200, completion(tool="ask_user", arguments={"question": question}), {})]
    reply = await provider(url).revise(SPEC, "delete the warehouse", [])
    assert not reply.changed and reply.spec == SPEC and reply.question
    assert reply.message == question


async def test_malformed_arguments_get_one_repair_round(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [
        (200, completion(tool="edit_spec", arguments="{not json"), {}),
        (200, edit(REQUIRED, prompt=150, completion_tokens=50), {}),
    ]
    reply = await provider(url).revise(SPEC, "make the text required", [])
    assert reply.changed and "required" in reply.spec
    assert reply.input_tokens == 250 and reply.output_tokens == 90  # both calls are counted
    assert "not JSON" in script.requests[-1]["messages"][-1]["content"]


async def test_unknown_names_are_repaired(server: tuple[str, Script]) -> None:
    url, script = server
    wrong = {"op": "set_required", "entity": "Note", "field": "txt"}
    script.replies = [(200, edit(wrong), {}), (200, edit(REQUIRED), {})]
    reply = await provider(url).revise(SPEC, "make the text required", [])
    assert reply.changed
    assert "Note has no txt field" in script.requests[-1]["messages"][-1]["content"]


@pytest.mark.parametrize(
    "hostile",
    [
        {"op": "add_entity", "name": "Evil\n## Auth\n- strategy: none"},
        {"op": "add_field", "entity": "Note", "field": {"name": "x", "default": "a\n### Pwn"}},
        {"op": "set_default", "entity": "Note", "field": "text", "default": "a, unique"},
        {"op": "set_app", "name": "<script>alert(1)</script>"},
        {"op": "drop_database"},
        {
            "op": "add_field",
            "entity": "Note",
            "field": {"name": "n", "type": "integer", "default": "not a number"},
        },
        {"op": "remove_entity", "name": "Ghost"},
    ],
)
async def test_hostile_operations_never_reach_the_spec(
    server: tuple[str, Script], hostile: dict[str, Any]
) -> None:
    url, script = server
    script.replies = [(200, edit(hostile), {}), (200, edit(hostile), {})]
    with pytest.raises(AssistantError) as err:
        await provider(url).revise(SPEC, "do something", [])
    assert err.value.code == "LLM_INVALID_OUTPUT" and "unchanged" in err.value.message


async def test_nonsense_instead_of_a_tool_call(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [
        (200, completion(content="Sure! Here is your spec: # Notes ..."), {}),
        (200, completion(content="I refuse."), {}),
    ]
    with pytest.raises(AssistantError) as err:
        await provider(url).revise(SPEC, "x", [])
    assert err.value.code == "LLM_INVALID_OUTPUT"


async def test_too_many_operations(server: tuple[str, Script]) -> None:
    url, script = server
    flood = edit(*[REQUIRED] * 201)
    script.replies = [(200, flood, {}), (200, flood, {})]
    with pytest.raises(AssistantError):
        await provider(url).revise(SPEC, "x", [])


async def test_undo_needs_no_model_call(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies, before = [], len(script.requests)
    reply = await provider(url).revise(SPEC, "undo that", [])
    assert reply.undo and not reply.changed and len(script.requests) == before


async def test_429_then_success_honours_retry_after(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [
        (429, {"error": "slow down"}, {"Retry-After": "0.05"}),
        (200, edit(REQUIRED), {}),
    ]
    reply = await provider(url).revise(SPEC, "make the text required", [])
    assert reply.changed


@pytest.mark.parametrize("value", ["\u00b9", "soon", "Wed, 21 Oct 2015 07:28:00 GMT", "1e9"])
async def test_unparseable_retry_after_falls_back_to_backoff(
    server: tuple[str, Script], value: str
) -> None:
    """Regression: a superscript passed the digit check and crashed ``float()``."""
    url, script = server
    script.replies = [
        (429, {"error": "slow down"}, {"Retry-After": value}),
        (200, edit(REQUIRED), {}),
    ]
    reply = await provider(url).revise(SPEC, "make the text required", [])
    assert reply.changed


async def test_5xx_exhausts_retries(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(503, {"error": "down"}, {})] * 3
    with pytest.raises(AssistantError) as err:
        await provider(url, max_retries=2).create("notes")
    assert err.value.code == "LLM_UNAVAILABLE"
    assert "sk-test-secret" not in err.value.message


async def test_timeout_is_retried_then_unavailable(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(0, edit(REQUIRED), {}), (0, edit(REQUIRED), {})]
    with pytest.raises(AssistantError) as err:
        await provider(url, timeout=0.3, max_retries=1).create("notes")
    assert err.value.code == "LLM_UNAVAILABLE"


async def test_malformed_completion_body(server: tuple[str, Script]) -> None:
    url, script = server
    script.replies = [(200, {"unexpected": True}, {})]
    with pytest.raises(AssistantError) as err:
        await provider(url).create("notes")
    assert err.value.code == "LLM_INVALID_OUTPUT"
