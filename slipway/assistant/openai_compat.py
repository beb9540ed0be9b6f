"""Any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp server).

The system prompt carries the spec grammar and the current spec; the reply must be a whole spec,
which is compiled before it is returned. On compile errors there is one repair round with the
errors; then ``LLM_INVALID_OUTPUT``. 429/5xx/connection errors are retried with exponential
backoff (honouring ``Retry-After``); then ``LLM_UNAVAILABLE``. The API key never appears in errors.
This module is the one place under ``slipway/`` that does network I/O.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx

from slipway.assistant.base import AssistantError, AssistantReply, ChatTurn
from slipway.spec import compile_spec

GRAMMAR = """Write the backend spec in this Markdown language and nothing else:
# <App name>
<one paragraph description>
## Entities
### <PascalCaseEntity>
- <snake_field>: <type>[, required][, unique][, default <v>][, max <n>][, encrypted][, indexed]
  types: string, number, integer, boolean, datetime, date, enum(a, b), json, ref <Entity>
- belongs to <Entity> | - has many <Entity> | - many to many <Entity>
- soft delete | - audit log | - no timestamps | - global
## Auth
- strategy: jwt | cognito | api_key | none
- roles: a, b
## Tenancy
- mode: single | multi-tenant by <Entity>
## API
### <Entity>
- path: /v1/<plural>
- operations: list, get, create, update, delete | crud | read-only | none
- access: public | authenticated | roles a, b
## Workflows
- schedule <name>: rate(1 day) | cron(0 8 * * ? *)
- queue <name>[, fifo][, dead letter]
- event <name> -> <queue>
## Infrastructure
- region: us-east-1
- database: dynamodb | postgres
id, created_at and updated_at are added automatically; do not write them."""

SYSTEM = (
    "You edit backend specs for Slipway. Reply with the COMPLETE updated spec only, no prose, "
    "no code fences. Keep everything the user did not ask to change.\n\n" + GRAMMAR
)
RETRY_STATUSES = {429, 500, 502, 503, 504}


def strip_fences(text: str) -> str:
    match = re.search(r"```(?:markdown|md)?\s*\n(.*?)```", text, re.S)
    return (match.group(1) if match else text).strip() + "\n"


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
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.max_retries = max_retries
        self.backoff = backoff
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.client = httpx.AsyncClient(timeout=timeout, headers=headers, transport=transport)

    async def _call(self, messages: list[dict[str, str]]) -> tuple[str, int, int]:
        payload = {"model": self.model, "messages": messages, "temperature": 0}
        last = "no answer"
        for attempt in range(self.max_retries + 1):
            try:
                response = await self.client.post(f"{self.base_url}/chat/completions", json=payload)
            except httpx.HTTPError as exc:
                last = type(exc).__name__
                response = None
            if response is not None:
                if response.status_code < 400:
                    return self._parse(response)
                last = f"HTTP {response.status_code}"
                if response.status_code not in RETRY_STATUSES:
                    raise AssistantError(
                        "LLM_UNAVAILABLE",
                        f"The language model endpoint refused the request ({last}).",
                    )
            if attempt == self.max_retries:
                break
            delay = self.backoff * (2**attempt)
            if response is not None and re.fullmatch(
                r"[0-9]{1,6}(\.[0-9]{1,6})?", response.headers.get("retry-after", "")
            ):
                delay = max(delay, min(float(response.headers["retry-after"]), 30.0))
            await asyncio.sleep(delay)
        raise AssistantError(
            "LLM_UNAVAILABLE",
            "The language model endpoint did not answer after "
            f"{self.max_retries + 1} attempts ({last}).",
        )

    def _parse(self, response: httpx.Response) -> tuple[str, int, int]:
        try:
            data: Any = response.json()
            content = data["choices"][0]["message"]["content"]
            usage = data.get("usage") or {}
            return (
                str(content),
                int(usage.get("prompt_tokens", 0)),
                int(usage.get("completion_tokens", 0)),
            )
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise AssistantError(
                "LLM_INVALID_OUTPUT", "The language model answered in an unexpected format."
            ) from exc

    async def _spec_from(self, messages: list[dict[str, str]], before: str) -> AssistantReply:
        text, tin, tout = await self._call(messages)
        spec = strip_fences(text)
        result = compile_spec(spec)
        if not result.ok:
            errors = "\n".join(str(e) for e in result.errors[:20])
            messages = [
                *messages,
                {"role": "assistant", "content": text},
                {
                    "role": "user",
                    "content": f"That spec does not compile:\n{errors}\n"
                    "Reply with the corrected complete spec only.",
                },
            ]
            text, tin2, tout2 = await self._call(messages)
            tin, tout = tin + tin2, tout + tout2
            spec = strip_fences(text)
            result = compile_spec(spec)
            if not result.ok:
                raise AssistantError(
                    "LLM_INVALID_OUTPUT",
                    "The language model's spec did not compile after a repair round "
                    f"(line {result.errors[0].line}: {result.errors[0].message}).",
                )
        changed = spec.strip() != before.strip()
        message = (
            "I've updated the spec."
            if changed
            else "The spec already covers that; nothing changed."
        )
        return AssistantReply(
            spec=spec if changed else before,
            message=message,
            changed=changed,
            input_tokens=tin,
            output_tokens=tout,
            model=self.model,
            provider=self.name,
        )

    async def revise(self, spec: str, message: str, history: list[ChatTurn]) -> AssistantReply:
        messages = [{"role": "system", "content": SYSTEM}]
        messages += [
            {"role": t.role, "content": t.content}
            for t in history[-10:]
            if t.role in ("user", "assistant")
        ]
        messages.append(
            {
                "role": "user",
                "content": f"Current spec:\n\n{spec or '(empty)'}\n\nChange request: {message}",
            }
        )
        return await self._spec_from(messages, spec)

    async def create(self, prompt: str) -> AssistantReply:
        messages = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Write a spec for: {prompt}"},
        ]
        return await self._spec_from(messages, "")
