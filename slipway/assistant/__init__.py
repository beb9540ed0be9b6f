"""Spec assistants behind one interface, chosen by ``LLM_PROVIDER`` (offline | openai).

Both turn a message into typed edit operations (``operations``) applied by one editor
(``editor``) to the spec text; the result always compiles or nothing changes.
"""

from __future__ import annotations

from slipway.assistant.base import (
    IN_A_THREAD,
    AssistantError,
    AssistantProvider,
    AssistantReply,
    ChatTurn,
    Runner,
    estimate_tokens,
)
from slipway.assistant.editor import EditError, EditResult, apply_operations
from slipway.assistant.offline import OfflineAssistant
from slipway.assistant.openai_compat import OpenAICompatibleAssistant
from slipway.assistant.operations import Op, parse_operations
from slipway.assistant.understand import Understanding, understand


def parse_intent(message: str, spec: str = "") -> Understanding:
    """What a message asks of a spec (kept for callers of the old intent parser)."""
    from slipway.spec import compile_spec

    return understand(message, compile_spec(spec).blueprint if spec else None)


def make_provider(
    provider: str,
    *,
    base_url: str | None,
    api_key: str | None,
    model: str | None,
    timeout: float,
    max_retries: int,
    run: Runner = IN_A_THREAD,
) -> AssistantProvider:
    if provider == "openai":
        return OpenAICompatibleAssistant(
            base_url=base_url or "https://api.openai.com/v1",
            api_key=api_key,
            model=model or "gpt-4o-mini",
            timeout=timeout,
            max_retries=max_retries,
            run=run,
        )
    return OfflineAssistant(run)


__all__ = [
    "AssistantError",
    "AssistantProvider",
    "AssistantReply",
    "ChatTurn",
    "EditError",
    "EditResult",
    "OfflineAssistant",
    "Op",
    "OpenAICompatibleAssistant",
    "Understanding",
    "apply_operations",
    "estimate_tokens",
    "make_provider",
    "parse_intent",
    "parse_operations",
    "understand",
]
