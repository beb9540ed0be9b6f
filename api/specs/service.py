"""Specs: versions, the chat draft (with undo), the assistant, LLM usage accounting."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from api import offload
from api.events import service as live_events
from api.pagination import cut, number_cursor
from core.errors import (
    AssistantFailed,
    NotFound,
    NothingToUndo,
    SpecInvalid,
    SpecTooLarge,
    VersionConflict,
)
from core.models import ChatMessage, Conversation, LlmUsage, Project, SpecVersion
from core.repositories import specs as repo
from core.repositories import usage as usage_repo
from slipway.assistant import AssistantError, AssistantProvider, AssistantReply, ChatTurn
from slipway.assistant.pricing import cost_cents
from slipway.spec import compile_spec

MAX_SPEC_BYTES = 200 * 1024
MAX_MESSAGE_CHARS = 4000
HISTORY_CONTEXT = 20
MAX_UNDO = 50


def check_spec_size(content: str) -> None:
    size = len(content.encode())
    if size > MAX_SPEC_BYTES:
        raise SpecTooLarge(
            f"Spec is {size} bytes; the limit is {MAX_SPEC_BYTES} bytes (200 KB). "
            "Split large entity lists or remove unused entities.",
        )


async def compile_or_422(content: str) -> None:
    """Compile off the event loop, within its time bound (``api.offload``)."""
    result = await offload.run(offload.COMPILE, "Compiling the spec", compile_spec, content)
    if result.errors:
        raise SpecInvalid(
            f"The spec does not compile ({len(result.errors)} error(s)); "
            f"first: line {result.errors[0].line}: {result.errors[0].message}",
            errors=[e.to_dict() for e in result.errors],
        )


async def current_text(session: AsyncSession, project: Project) -> tuple[str, int]:
    """The text the assistant edits: the draft if any, else the latest applied version."""
    latest = await repo.latest_version(session, project.id)
    conversation = await repo.get_conversation(session, project.id)
    version = latest.version if latest else 0
    if conversation is not None and conversation.draft is not None:
        return conversation.draft, version
    return (latest.content if latest else ""), version


@dataclass
class SpecView:
    latest: SpecVersion | None
    conversation: Conversation | None


async def view(session: AsyncSession, project: Project) -> SpecView:
    """The latest applied version and the conversation (holding the draft)."""
    return SpecView(
        await repo.latest_version(session, project.id),
        await repo.get_conversation(session, project.id),
    )


async def versions_page(
    session: AsyncSession, project: Project, limit: int, cursor: str | None
) -> tuple[list[SpecVersion], str | None]:
    """Newest first; the cursor is the last version number of the previous page."""
    before = number_cursor(cursor)
    rows = await repo.list_versions(session, project.id, limit=limit + 1, before=before)
    return cut(rows, limit, lambda s: str(s.version))


async def version(session: AsyncSession, project: Project, number: int) -> SpecVersion:
    spec = await repo.get_version(session, project.id, number)
    if spec is None:
        raise NotFound("Spec version")
    return spec


async def history_page(
    session: AsyncSession, project: Project, limit: int, cursor: str | None
) -> tuple[Conversation | None, list[ChatMessage], str | None]:
    """The latest ``limit`` messages in chronological order; the next cursor pages back to the
    older ones (it is the sequence number of this page's oldest message)."""
    conversation = await repo.get_conversation(session, project.id)
    if conversation is None:
        return None, [], None
    before = number_cursor(cursor)
    rows = await repo.messages_before(session, conversation.id, limit=limit + 1, before_seq=before)
    newest_first, next_cursor = cut(rows, limit, lambda m: str(m.seq))
    return conversation, newest_first[::-1], next_cursor


@dataclass
class ChatOutcome:
    spec: str
    previous_spec: str
    assistant_message: str
    current_version: int
    conversation_id: uuid.UUID
    changed: bool


async def record_usage(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    project_id: uuid.UUID | None,
    provider: AssistantProvider,
    purpose: str,
    reply: AssistantReply | None,
    latency_ms: int,
    outcome: str,
    model: str | None = None,
) -> None:
    input_tokens = reply.input_tokens if reply else 0
    output_tokens = reply.output_tokens if reply else 0
    model_name = reply.model if reply else (model or provider.name)
    await usage_repo.record(
        session,
        LlmUsage(
            user_id=user_id,
            project_id=project_id,
            provider=reply.provider if reply else provider.name,
            model=model_name,
            purpose=purpose,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost_cents=cost_cents(model_name, input_tokens, output_tokens),
            latency_ms=latency_ms,
            outcome=outcome,
        ),
    )


async def _ask(
    session: AsyncSession,
    provider: AssistantProvider,
    user_id: uuid.UUID,
    project: Project,
    purpose: str,
    call: Awaitable[AssistantReply],
) -> tuple[AssistantReply, int]:
    """The provider's reply and its latency (ms); a failed call is recorded (and committed)
    before its ``AssistantError`` propagates."""
    started = time.perf_counter()
    try:
        reply = await call
    except AssistantError as err:
        await record_usage(
            session,
            user_id=user_id,
            project_id=project.id,
            provider=provider,
            purpose=purpose,
            reply=None,
            latency_ms=int((time.perf_counter() - started) * 1000),
            outcome=err.code.lower(),
        )
        await session.commit()
        raise
    return reply, int((time.perf_counter() - started) * 1000)


async def chat(
    session: AsyncSession,
    provider: AssistantProvider,
    project: Project,
    user_id: uuid.UUID,
    message: str,
) -> ChatOutcome:
    conversation = await repo.get_or_create_conversation(session, project.id)
    before, version = await current_text(session, project)
    applied = await repo.latest_version(session, project.id)  # the change class compares with it
    history = [
        ChatTurn(role=m.role, content=m.content)
        for m in await repo.recent_messages(session, conversation.id, HISTORY_CONTEXT)
    ]
    await repo.add_message(session, conversation.id, "user", message)
    try:
        call = provider.revise(before, message, history, applied.content if applied else "")
        reply, latency = await _ask(session, provider, user_id, project, "chat", call)
    except AssistantError as err:  # the user's message and the failed call are kept
        raise AssistantFailed.of(
            err.code, f"{err.message} The draft was not changed; try again or rephrase."
        ) from err
    check_spec_size(reply.spec)
    answer, shown = reply.message, None
    if reply.undo:  # "undo that" in the chat: the draft one step back, as POST /spec/undo
        shown = await _step_back(session, project, conversation)
        answer = answer if shown is not None else "There is nothing to undo in this draft."
    elif reply.changed and reply.spec != before:
        _push_undo(conversation, before)
        conversation.draft = reply.spec
        conversation.draft_base_version = version
        await repo.save_conversation(session, conversation)
    await repo.add_message(session, conversation.id, "assistant", answer)
    await record_usage(
        session,
        user_id=user_id,
        project_id=project.id,
        provider=provider,
        purpose="chat",
        reply=reply,
        latency_ms=latency,
        outcome="ok" if reply.changed else "unchanged",
    )
    await session.commit()
    if shown is None:
        shown = conversation.draft if conversation.draft is not None else before
    return ChatOutcome(
        spec=shown,
        previous_spec=before,
        assistant_message=answer,
        current_version=version,
        conversation_id=conversation.id,
        changed=shown != before,
    )


def _push_undo(conversation: Conversation, previous: str) -> None:
    """Remember the text before a change; ``None`` drafts are stored as the applied text."""
    history = list(conversation.draft_history or [])
    history.append(previous)
    conversation.draft_history = history[-MAX_UNDO:]


async def apply(
    session: AsyncSession,
    project: Project,
    user_id: uuid.UUID,
    content: str,
    last_user_message: str | None,
    base_version: int | None,
) -> SpecVersion:
    check_spec_size(content)
    await compile_or_422(content)
    latest = await repo.latest_version(session, project.id)
    latest_number = latest.version if latest else 0
    if base_version is not None and base_version != latest_number:
        raise VersionConflict(latest_number)
    try:
        spec = await repo.add_version(
            session, project.id, latest_number + 1, content, last_user_message, user_id
        )
        conversation = await repo.get_conversation(session, project.id)
        if conversation is not None:
            conversation.draft = None
            conversation.draft_base_version = None
            conversation.draft_history = []
            await repo.save_conversation(session, conversation)
        applied = await live_events.stage_spec_applied(session, project, user_id, spec)
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise VersionConflict(latest_number + 1) from exc
    await live_events.publish_spec_applied(applied)  # the event committed with the version
    return spec


async def _step_back(
    session: AsyncSession, project: Project, conversation: Conversation
) -> str | None:
    """The draft one step back; returns the text now shown, None when there is no step."""
    history = list(conversation.draft_history or [])
    if not history:
        return None
    previous = history.pop()
    latest = await repo.latest_version(session, project.id)
    applied = latest.content if latest else ""
    conversation.draft = None if (previous == applied and not history) else previous
    conversation.draft_history = history
    await repo.save_conversation(session, conversation)
    return previous


async def undo(session: AsyncSession, project: Project) -> tuple[str | None, int]:
    conversation = await repo.get_conversation(session, project.id)
    if conversation is None or await _step_back(session, project, conversation) is None:
        raise NothingToUndo()
    await session.commit()
    return conversation.draft, len(conversation.draft_history or [])


async def discard_draft(session: AsyncSession, project: Project) -> None:
    conversation = await repo.get_conversation(session, project.id)
    if conversation is not None:
        conversation.draft = None
        conversation.draft_base_version = None
        conversation.draft_history = []
        await repo.save_conversation(session, conversation)
        await session.commit()


async def add_message(
    session: AsyncSession, project: Project, role: str, content: str
) -> tuple[ChatMessage, uuid.UUID]:
    conversation = await repo.get_or_create_conversation(session, project.id)
    message = await repo.add_message(session, conversation.id, role, content)
    await session.commit()
    return message, conversation.id


async def create_from_prompt(
    session: AsyncSession,
    provider: AssistantProvider,
    project: Project,
    user_id: uuid.UUID,
    prompt: str,
) -> SpecVersion:
    """``POST /projects/{id}/blueprints``: prompt → spec (assistant) → new applied version."""
    try:
        reply, latency = await _ask(
            session, provider, user_id, project, "create", provider.create(prompt)
        )
    except AssistantError as err:
        raise AssistantFailed.of(err.code, err.message) from err
    await record_usage(
        session,
        user_id=user_id,
        project_id=project.id,
        provider=provider,
        purpose="create",
        reply=reply,
        latency_ms=latency,
        outcome="ok",
    )
    await session.commit()
    return await apply(session, project, user_id, reply.spec, prompt, None)
