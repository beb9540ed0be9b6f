"""The LLM provider: any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp server).

The model does not write spec text. It is asked, through tool calling with the operations' JSON
Schema, for a list of edit operations (or a clarifying question). They are validated, applied
by the same editor as the offline assistant's, and compiled. Anything that fails (not JSON,
not valid operations, names that do not exist, a result that does not compile) gets one repair
round with the error; then ``LLM_INVALID_OUTPUT``, and the spec is untouched. So a model that
answers nonsense, or something hostile, can never corrupt a spec.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from pydantic import ValidationError

from slipway.assistant.base import IN_A_THREAD, AssistantError, AssistantReply, ChatTurn, Runner
from slipway.assistant.editor import EditError, EditResult, apply_operations
from slipway.assistant.llm_http import ChatClient, Completion
from slipway.assistant.operations import Op, SetApp, operations_schema, parse_operations
from slipway.assistant.report import describe
from slipway.assistant.understand.conversation import is_undo
from slipway.assistant.understand.text import normalize
from slipway.spec import compile_spec

MAX_OPERATIONS = 200
GRAMMAR = """The spec is Markdown: '# App', a description, then sections '## Entities' ('### Entity'
with bullets '- field: type[, required][, unique][, default v][, max n][, encrypted]', types
string, number, integer, boolean, datetime, date, enum(a, b), json, ref Entity; '- belongs to X',
'- has many Xs',
'- many to many Xs', '- soft delete', '- audit log'), '## Auth' (strategy, roles), '## Tenancy',
'## API' (per entity: path, operations, access), '## Workflows' (schedule, queue, event),
'## Infrastructure' (region, database, bucket, tracing, alarms, log retention). id, created_at and
updated_at are automatic."""
SYSTEM = (
    "You edit backend specs for Slipway by calling a tool, never by writing spec text. Call "
    "edit_spec with the smallest list of operations that does what the user asked, using the "
    "spec's own entity and field names exactly (a reference field is named without _id). If the "
    "request is ambiguous or names something the spec does not have, call ask_user with one "
    "short question offering the candidates. Change nothing the user did not ask for.\n\n" + GRAMMAR
)
CREATE = (
    "Design a first spec for the product described. Call edit_spec: start with set_app (name, "
    "description), then add_entity for each entity with typed fields and ref fields for the "
    "relationships, then set_auth and set_roles, then set_api for each entity."
)


def tools() -> list[dict[str, Any]]:
    schema = operations_schema()
    return [
        {
            "type": "function",
            "function": {
                "name": "edit_spec",
                "description": "Apply edit operations to the spec.",
                "parameters": {
                    "type": "object",
                    "properties": {"operations": schema},
                    "required": ["operations"],
                    "$defs": schema.pop("$defs", {}),
                },
            },
        },
        {
            "type": "function",
            "function": {
                "name": "ask_user",
                "description": "Ask one short clarifying question; nothing changes.",
                "parameters": {
                    "type": "object",
                    "properties": {"question": {"type": "string", "maxLength": 500}},
                    "required": ["question"],
                },
            },
        },
    ]


class Invalid(Exception):
    pass


def read_call(completion: Completion) -> tuple[str, Any]:
    """``("edit", operations)`` or ``("ask", question)`` from the model's tool call."""
    if completion.tool_calls:
        function = completion.tool_calls[0].get("function") or {}
        name, raw = function.get("name"), function.get("arguments") or "{}"
    else:  # servers without tool calling may answer the arguments as plain JSON
        name, raw = None, completion.content
    try:
        args = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError as exc:
        raise Invalid(f"the tool arguments are not JSON ({exc.msg})") from exc
    if not isinstance(args, dict):
        raise Invalid("the tool arguments must be a JSON object")
    if name == "ask_user" or (name is None and "question" in args):
        question = args.get("question")
        if not isinstance(question, str) or not question.strip():
            raise Invalid("ask_user needs a question")
        return "ask", question.strip()[:500]
    if name not in ("edit_spec", None):
        raise Invalid(f"unknown tool {str(name)[:40]!r}; use edit_spec or ask_user")
    operations = args.get("operations")
    if not isinstance(operations, list) or len(operations) > MAX_OPERATIONS:
        raise Invalid(f"operations must be a list of at most {MAX_OPERATIONS} items")
    try:
        return "edit", parse_operations(operations)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise Invalid(f"invalid operation at {where}: {first['msg']}") from exc


class OpenAICompatibleAssistant:
    name = "openai"

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        model: str,
        timeout: float = 60.0,
        max_retries: int = 3,
        backoff: float = 0.5,
        transport: httpx.AsyncBaseTransport | None = None,
        run: Runner = IN_A_THREAD,
    ) -> None:
        self.model = model
        self.run = run
        self.chat = ChatClient(
            base_url=base_url,
            api_key=api_key,
            model=model,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            transport=transport,
        )

    async def revise(
        self, spec: str, message: str, history: list[ChatTurn], applied: str | None = None
    ) -> AssistantReply:
        if is_undo(normalize(message)):
            return self._reply(spec, spec, "I took back the last change.", (0, 0), undo=True)
        messages = [{"role": "system", "content": SYSTEM}]
        messages += [
            {"role": t.role, "content": t.content}
            for t in history[-10:]
            if t.role in ("user", "assistant")
        ]
        body = f"Current spec:\n\n{spec or '(empty)'}\n\nChange request: {message}"
        messages.append({"role": "user", "content": body})
        base = spec if spec.strip() else "# App\n"
        return await self._edit(messages, spec, base, spec if applied is None else applied)

    async def create(self, prompt: str) -> AssistantReply:
        messages = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"{CREATE}\n\nProduct: {prompt}"},
        ]
        return await self._edit(messages, "", "# App\n", "")

    async def _edit(
        self, messages: list[dict[str, Any]], before: str, base: str, applied: str
    ) -> AssistantReply:
        tokens = (0, 0)
        problem = ""
        for attempt in range(2):
            completion = await self.chat.complete(
                {"messages": messages, "tools": tools(), "tool_choice": "required"}
            )
            tokens = (tokens[0] + completion.input_tokens, tokens[1] + completion.output_tokens)
            try:
                kind, value = read_call(completion)
                if kind == "ask":
                    return self._reply(before, before, value, tokens, question=True)
                # applying and compiling (CPU work) off the caller's event loop
                return await self.run(self._applied, (before, base, applied), value, tokens)
            except (Invalid, EditError) as err:
                problem = err.message if isinstance(err, EditError) else str(err)
            if attempt == 0:
                messages = [*messages, *self._repair(completion, problem)]
        raise AssistantError(
            "LLM_INVALID_OUTPUT",
            f"The language model's operations could not be applied after a repair round "
            f"({problem[:200]}). The spec is unchanged.",
        )

    @staticmethod
    def _repair(completion: Completion, problem: str) -> list[dict[str, Any]]:
        answer = json.dumps(completion.tool_calls)[:4000] or completion.content[:4000]
        return [
            {"role": "assistant", "content": answer},
            {
                "role": "user",
                "content": f"That could not be applied: {problem}. Call edit_spec again with "
                "corrected operations, or ask_user.",
            },
        ]

    def _applied(
        self, texts: tuple[str, str, str], ops: list[Op], tokens: tuple[int, int]
    ) -> AssistantReply:
        """``texts``: the spec before, the text edited (a title for an empty one) and the
        applied version the change class is computed against."""
        before, base, applied = texts
        if not before.strip() and not any(isinstance(op, SetApp) for op in ops):
            ops = [SetApp(name="App"), *ops]
        result: EditResult = apply_operations(base, ops)
        if not result.changed:
            said = "; ".join(result.skipped) or "nothing to do"
            return self._reply(before, before, f"Nothing to change: {said}.", tokens)
        after = compile_spec(result.text).blueprint
        assert after is not None  # the editor only returns text that compiles
        previous = compile_spec(applied).blueprint if applied.strip() else None
        text, klass = describe(result, previous, after, [], [], pending=applied != before)
        return self._reply(
            before,
            result.text,
            text,
            tokens,
            change_class=klass,
            operations=tuple(op.model_dump(mode="json") for op in ops),
        )

    def _reply(
        self,
        before: str,
        after: str,
        text: str,
        tokens: tuple[int, int],
        **extra: Any,
    ) -> AssistantReply:
        return AssistantReply(
            spec=after,
            message=text,
            changed=after != before,
            input_tokens=tokens[0],
            output_tokens=tokens[1],
            model=self.model,
            provider=self.name,
            **extra,
        )
