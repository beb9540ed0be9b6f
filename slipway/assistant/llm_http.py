"""HTTP to an OpenAI-compatible chat-completions endpoint: retries, backoff, answer parsing.

429/5xx/connection errors and timeouts are retried with exponential backoff (honouring a numeric
``Retry-After``); then ``LLM_UNAVAILABLE``. An answer that is not a chat completion is
``LLM_INVALID_OUTPUT``. The API key never appears in errors. This module is the one place under
``slipway/`` that does network I/O.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import httpx

from slipway.assistant import rx
from slipway.assistant.base import AssistantError

RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass
class Completion:
    content: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0


class ChatClient:
    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        model: str,
        timeout: float,
        max_retries: int,
        backoff: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.max_retries = max_retries
        self.backoff = backoff
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.client = httpx.AsyncClient(timeout=timeout, headers=headers, transport=transport)

    async def complete(self, payload: dict[str, Any]) -> Completion:
        body = {"model": self.model, "temperature": 0, **payload}
        last = "no answer"
        for attempt in range(self.max_retries + 1):
            response: httpx.Response | None
            try:
                response = await self.client.post(f"{self.base_url}/chat/completions", json=body)
            except httpx.HTTPError as exc:
                last, response = type(exc).__name__, None
            if response is not None:
                if response.status_code < 400:
                    return parse(response)
                last = f"HTTP {response.status_code}"
                if response.status_code not in RETRY_STATUSES:
                    raise AssistantError(
                        "LLM_UNAVAILABLE",
                        f"The language model endpoint refused the request ({last}).",
                    )
            if attempt == self.max_retries:
                break
            await asyncio.sleep(self._delay(attempt, response))
        raise AssistantError(
            "LLM_UNAVAILABLE",
            "The language model endpoint did not answer after "
            f"{self.max_retries + 1} attempts ({last}).",
        )

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        delay = self.backoff * (2**attempt)
        retry_after = response.headers.get("retry-after", "") if response is not None else ""
        if rx.fullmatch(r"[0-9]{1,6}(\.[0-9]{1,6})?", retry_after):
            delay = max(delay, min(float(retry_after), 30.0))
        return delay


def parse(response: httpx.Response) -> Completion:
    try:
        data: Any = response.json()
        message = data["choices"][0]["message"]
        usage = data.get("usage") or {}
        calls = message.get("tool_calls") or []
        if not isinstance(calls, list):
            raise TypeError("tool_calls is not a list")
        return Completion(
            content=str(message.get("content") or ""),
            tool_calls=[c for c in calls if isinstance(c, dict)],
            input_tokens=int(usage.get("prompt_tokens", 0)),
            output_tokens=int(usage.get("completion_tokens", 0)),
        )
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise AssistantError(
            "LLM_INVALID_OUTPUT", "The language model answered in an unexpected format."
        ) from exc
