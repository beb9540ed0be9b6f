"""Spec request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from api.schemas import MAX_NUMBER, CamelModel, PageMeta, RequestModel
from api.specs.service import MAX_MESSAGE_CHARS
from core.models import ChatMessage, SpecVersion


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
    message: Annotated[str, Field(min_length=1, max_length=MAX_MESSAGE_CHARS)]


class ChatResponse(CamelModel):
    spec: str
    previous_spec: str
    assistant_message: str
    current_version: int
    conversation_id: str
    changed: bool


class ApplyBody(RequestModel):
    content: Annotated[str, Field(min_length=1)]
    last_user_message: Annotated[str | None, Field(max_length=MAX_MESSAGE_CHARS)] = None
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
    content: Annotated[str, Field(min_length=1, max_length=MAX_MESSAGE_CHARS)]


class MessageResponse(CamelModel):
    message: MessageOut
    conversation_id: str


class UndoResponse(CamelModel):
    draft: str | None
    undo_steps: int
