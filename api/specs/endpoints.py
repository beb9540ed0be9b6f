"""Spec endpoints (seed 000): spec, chat, apply, versions, undo, draft, chat history/message."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status
from pydantic import Field

from api.deps import ProjectLimit, Session, State, UserId
from api.errors import ApiError, not_found
from api.schemas import MAX_NUMBER, CamelModel, PageMeta, RequestModel
from api.services import projects as projects_service
from api.services import specs as service
from core.models import ChatMessage, SpecVersion
from core.repositories import specs as repo
from slipway.spec.text import parse_uint

router = APIRouter(
    prefix="/projects/{project_id}/spec", tags=["specs"], dependencies=[ProjectLimit]
)


class SpecOut(CamelModel):
    id: str
    project_id: str
    content: str
    version: int
    last_user_message: str | None = None
    created_at: datetime

    @classmethod
    def of(cls, s: SpecVersion) -> SpecOut:
        return cls(
            id=str(s.id),
            project_id=str(s.project_id),
            content=s.content,
            version=s.version,
            last_user_message=s.last_user_message,
            created_at=s.created_at,
        )


class ProjectRef(CamelModel):
    id: str
    name: str


class DraftOut(CamelModel):
    content: str
    base_version: int | None
    conversation_id: str
    undo_steps: int
    updated_at: datetime


class SpecResponse(CamelModel):
    spec: SpecOut | None
    project: ProjectRef
    draft: DraftOut | None = None


class ChatBody(RequestModel):
    message: Annotated[str, Field(min_length=1, max_length=service.MAX_MESSAGE_CHARS)]


class ChatResponse(CamelModel):
    spec: str
    previous_spec: str
    assistant_message: str
    current_version: int
    conversation_id: str
    changed: bool


class ApplyBody(RequestModel):
    content: Annotated[str, Field(min_length=1)]
    last_user_message: Annotated[str | None, Field(max_length=service.MAX_MESSAGE_CHARS)] = None
    base_version: Annotated[int | None, Field(ge=0, le=MAX_NUMBER)] = None


class ApplyResponse(CamelModel):
    spec: SpecOut
    message: str


class VersionSummary(CamelModel):
    id: str
    version: int
    last_user_message: str | None
    size: int
    created_at: datetime


class VersionPage(CamelModel):
    data: list[VersionSummary]
    meta: PageMeta


class MessageOut(CamelModel):
    id: str
    role: str
    content: str
    created_at: datetime

    @classmethod
    def of(cls, m: ChatMessage) -> MessageOut:
        return cls(id=str(m.id), role=m.role, content=m.content, created_at=m.created_at)


class HistoryResponse(CamelModel):
    conversation_id: str | None
    messages: list[MessageOut]
    meta: PageMeta


class MessageBody(RequestModel):
    role: Literal["assistant", "system"]
    content: Annotated[str, Field(min_length=1, max_length=service.MAX_MESSAGE_CHARS)]


class MessageResponse(CamelModel):
    message: MessageOut
    conversation_id: str


class UndoResponse(CamelModel):
    draft: str | None
    undo_steps: int


@router.get("", response_model=SpecResponse)
async def get_spec(project_id: str, user_id: UserId, session: Session) -> SpecResponse:
    project = await projects_service.get_owned(session, project_id, user_id)
    latest = await repo.latest_version(session, project.id)
    conversation = await repo.get_conversation(session, project.id)
    draft = None
    if conversation is not None and conversation.draft is not None:
        draft = DraftOut(
            content=conversation.draft,
            base_version=conversation.draft_base_version,
            conversation_id=str(conversation.id),
            undo_steps=len(conversation.draft_history or []),
            updated_at=conversation.updated_at,
        )
    return SpecResponse(
        spec=SpecOut.of(latest) if latest else None,
        project=ProjectRef(id=str(project.id), name=project.name),
        draft=draft,
    )


@router.post("/chat", response_model=ChatResponse)
async def chat(
    project_id: str, body: ChatBody, user_id: UserId, session: Session, state: State
) -> ChatResponse:
    project = await projects_service.get_writable(session, project_id, user_id)
    outcome = await service.chat(session, state.assistant, project, user_id, body.message)
    return ChatResponse(
        spec=outcome.spec,
        previous_spec=outcome.previous_spec,
        assistant_message=outcome.assistant_message,
        current_version=outcome.current_version,
        conversation_id=str(outcome.conversation_id),
        changed=outcome.changed,
    )


@router.post("/apply", response_model=ApplyResponse, status_code=status.HTTP_201_CREATED)
async def apply(
    project_id: str, body: ApplyBody, user_id: UserId, session: Session
) -> ApplyResponse:
    project = await projects_service.get_writable(session, project_id, user_id)
    spec = await service.apply(
        session, project, user_id, body.content, body.last_user_message, body.base_version
    )
    return ApplyResponse(spec=SpecOut.of(spec), message=f"Spec saved as version {spec.version}")


@router.get("/versions", response_model=VersionPage)
async def list_versions(
    project_id: str,
    user_id: UserId,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=20)] = None,
) -> VersionPage:
    project = await projects_service.get_owned(session, project_id, user_id)
    before = _int_cursor(cursor)
    rows = await repo.list_versions(session, project.id, limit=limit + 1, before=before)
    next_cursor = str(rows[limit - 1].version) if len(rows) > limit else None
    return VersionPage(
        data=[
            VersionSummary(
                id=str(s.id),
                version=s.version,
                last_user_message=s.last_user_message,
                size=len(s.content.encode()),
                created_at=s.created_at,
            )
            for s in rows[:limit]
        ],
        meta=PageMeta(next_cursor=next_cursor),
    )


@router.get("/versions/{version}", response_model=SpecOut)
async def get_version(project_id: str, version: str, user_id: UserId, session: Session) -> SpecOut:
    project = await projects_service.get_owned(session, project_id, user_id)
    number = _int_or_404(version, "Spec version")
    spec = await repo.get_version(session, project.id, number)
    if spec is None:
        raise not_found("Spec version")
    return SpecOut.of(spec)


@router.post("/undo", response_model=UndoResponse)
async def undo(project_id: str, user_id: UserId, session: Session) -> UndoResponse:
    project = await projects_service.get_writable(session, project_id, user_id)
    draft, steps = await service.undo(session, project)
    return UndoResponse(draft=draft, undo_steps=steps)


@router.delete("/draft", status_code=status.HTTP_204_NO_CONTENT)
async def discard_draft(project_id: str, user_id: UserId, session: Session) -> None:
    project = await projects_service.get_writable(session, project_id, user_id)
    await service.discard_draft(session, project)


@router.get("/chat/history", response_model=HistoryResponse)
async def chat_history(
    project_id: str,
    user_id: UserId,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=20)] = None,
) -> HistoryResponse:
    project = await projects_service.get_owned(session, project_id, user_id)
    conversation = await repo.get_conversation(session, project.id)
    if conversation is None:
        return HistoryResponse(conversation_id=None, messages=[], meta=PageMeta())
    after = _int_cursor(cursor)
    rows = await repo.list_messages(session, conversation.id, limit=limit + 1, after_seq=after)
    next_cursor = str(rows[limit - 1].seq) if len(rows) > limit else None
    return HistoryResponse(
        conversation_id=str(conversation.id),
        messages=[MessageOut.of(m) for m in rows[:limit]],
        meta=PageMeta(next_cursor=next_cursor),
    )


@router.post("/chat/message", response_model=MessageResponse, status_code=status.HTTP_201_CREATED)
async def add_message(
    project_id: str, body: MessageBody, user_id: UserId, session: Session
) -> MessageResponse:
    project = await projects_service.get_writable(session, project_id, user_id)
    message, conversation_id = await service.add_message(session, project, body.role, body.content)
    return MessageResponse(message=MessageOut.of(message), conversation_id=str(conversation_id))


def _int_cursor(cursor: str | None) -> int | None:
    if cursor is None or cursor == "":
        return None
    parsed = parse_uint(cursor, max_digits=9)
    if parsed is None:
        raise ApiError(422, "INVALID_CURSOR", "Invalid cursor: pass meta.nextCursor unchanged")
    return parsed


def _int_or_404(value: str, what: str) -> int:
    parsed = parse_uint(value, max_digits=9)
    if parsed is None:
        raise not_found(what)
    return parsed
