"""Spec assistants behind one interface, chosen by ``LLM_PROVIDER`` (offline | openai)."""

from __future__ import annotations

from slipway.assistant.base import (
    AssistantError,
    AssistantProvider,
    AssistantReply,
    ChatTurn,
    estimate_tokens,
)
from slipway.assistant.offline import OfflineAssistant, parse_intent
from slipway.assistant.openai_compat import OpenAICompatibleAssistant


def make_provider(
    provider: str,
    *,
    base_url: str | None,
    api_key: str | None,
    model: str | None,
    timeout: float,
    max_retries: int,
) -> AssistantProvider:
    if provider == "openai":
        return OpenAICompatibleAssistant(
            base_url=base_url or "https://api.openai.com/v1",
            api_key=api_key,
            model=model or "gpt-4o-mini",
            timeout=timeout,
            max_retries=max_retries,
        )
    return OfflineAssistant()


__all__ = [
    "AssistantError",
    "AssistantProvider",
    "AssistantReply",
    "ChatTurn",
    "OfflineAssistant",
    "OpenAICompatibleAssistant",
    "estimate_tokens",
    "make_provider",
    "parse_intent",
]
