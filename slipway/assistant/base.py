"""The assistant interface: every provider turns (spec, message) into a new spec that compiles."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class ChatTurn:
    role: str
    content: str


@dataclass(frozen=True)
class AssistantReply:
    spec: str
    message: str
    changed: bool
    input_tokens: int
    output_tokens: int
    model: str
    provider: str
    question: bool = False
    """The assistant asks before changing anything (ambiguous or unknown names)."""
    undo: bool = False
    """The user asked to take back the previous change: the caller restores its draft history."""
    change_class: str | None = None
    """safe / unsafe / blocked (``slipway.diff.classify``) of the edited spec against the applied
    one (what deploying it would do), else None."""
    operations: tuple[dict[str, object], ...] = ()
    """The edit operations applied, as JSON."""


class AssistantError(Exception):
    """A provider failure the API reports with ``code`` (e.g. LLM_INVALID_OUTPUT)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


Runner = Callable[..., Awaitable[Any]]
"""How a provider runs its CPU work (compiling and editing a spec) off the event loop:
``run(fn, *args)``. ``asyncio.to_thread`` by default; the API passes its bounded pool with a
deadline (``api.offload``), so a worst-case spec answers 503 instead of holding the request."""
IN_A_THREAD: Runner = asyncio.to_thread


class AssistantProvider(Protocol):
    name: str

    async def revise(
        self, spec: str, message: str, history: list[ChatTurn], applied: str | None = None
    ) -> AssistantReply:
        """Apply one chat message to the current spec ("" for a new project). ``applied`` is
        the last applied version's text ("" when none): the reply's change class is computed
        against it, so it counts the draft's earlier changes too; None compares with ``spec``."""
        ...

    async def create(self, prompt: str) -> AssistantReply:
        """A whole spec from a product description."""
        ...


def estimate_tokens(text: str) -> int:
    """~4 characters per token (the usual English average), at least 1 for non-empty text."""
    return max(1, len(text) // 4) if text else 0
