"""Spec versions, the per-project conversation (with its draft) and chat messages."""

from __future__ import annotations

import uuid

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.models import ChatMessage, Conversation, SpecVersion, utcnow


async def latest_version(session: AsyncSession, project_id: uuid.UUID) -> SpecVersion | None:
    result = await session.exec(
        select(SpecVersion)
        .where(SpecVersion.project_id == project_id)
        .order_by(col(SpecVersion.version).desc())
        .limit(1)
    )
    return result.first()


async def get_version(
    session: AsyncSession, project_id: uuid.UUID, version: int
) -> SpecVersion | None:
    result = await session.exec(
        select(SpecVersion).where(
            SpecVersion.project_id == project_id, SpecVersion.version == version
        )
    )
    return result.first()


async def list_versions(
    session: AsyncSession, project_id: uuid.UUID, *, limit: int, before: int | None
) -> list[SpecVersion]:
    query = select(SpecVersion).where(SpecVersion.project_id == project_id)
    if before is not None:
        query = query.where(col(SpecVersion.version) < before)
    query = query.order_by(col(SpecVersion.version).desc()).limit(limit)
    return list((await session.exec(query)).all())


async def add_version(
    session: AsyncSession,
    project_id: uuid.UUID,
    version: int,
    content: str,
    last_user_message: str | None,
    created_by: uuid.UUID,
) -> SpecVersion:
    spec = SpecVersion(
        project_id=project_id,
        version=version,
        content=content,
        last_user_message=last_user_message,
        created_by=created_by,
    )
    session.add(spec)
    await session.flush()
    return spec


async def get_conversation(session: AsyncSession, project_id: uuid.UUID) -> Conversation | None:
    result = await session.exec(select(Conversation).where(Conversation.project_id == project_id))
    return result.first()


async def get_or_create_conversation(session: AsyncSession, project_id: uuid.UUID) -> Conversation:
    conversation = await get_conversation(session, project_id)
    if conversation is None:
        conversation = Conversation(project_id=project_id, draft_history=[])
        session.add(conversation)
        await session.flush()
    return conversation


async def save_conversation(session: AsyncSession, conversation: Conversation) -> None:
    conversation.updated_at = utcnow()
    session.add(conversation)
    await session.flush()


async def add_message(
    session: AsyncSession, conversation_id: uuid.UUID, role: str, content: str
) -> ChatMessage:
    current = await session.exec(
        select(func.max(ChatMessage.seq)).where(ChatMessage.conversation_id == conversation_id)
    )
    message = ChatMessage(
        conversation_id=conversation_id,
        seq=(current.one() or 0) + 1,
        role=role,
        content=content,
    )
    session.add(message)
    await session.flush()
    return message


async def messages_before(
    session: AsyncSession, conversation_id: uuid.UUID, *, limit: int, before_seq: int | None
) -> list[ChatMessage]:
    """Up to ``limit`` messages before ``before_seq`` (all when None), newest first."""
    query = select(ChatMessage).where(ChatMessage.conversation_id == conversation_id)
    if before_seq is not None:
        query = query.where(col(ChatMessage.seq) < before_seq)
    query = query.order_by(col(ChatMessage.seq).desc()).limit(limit)
    return list((await session.exec(query)).all())


async def recent_messages(
    session: AsyncSession, conversation_id: uuid.UUID, limit: int
) -> list[ChatMessage]:
    """The last ``limit`` messages, oldest first (context for the assistant)."""
    query = (
        select(ChatMessage)
        .where(ChatMessage.conversation_id == conversation_id)
        .order_by(col(ChatMessage.seq).desc())
        .limit(limit)
    )
    return list(reversed((await session.exec(query)).all()))
