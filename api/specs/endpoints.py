"""Spec endpoints: spec, chat, apply, versions, undo, draft, chat history and message."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from api.audit.recorder import audited
from api.deps import (
    AssistantLimit,
    OwnedProject,
    ProjectLimit,
    Session,
    State,
    UserId,
    WritableProject,
)
from api.keys.scopes import Scope, requires
from api.openapi import raises
from api.pagination import NumberCursor
from api.schemas import PageMeta
from api.specs import service
from api.specs.schemas import (
    ApplyBody,
    ApplyResponse,
    ChatBody,
    ChatResponse,
    DraftOut,
    HistoryResponse,
    MessageBody,
    MessageOut,
    MessageResponse,
    ProjectRef,
    SpecOut,
    SpecResponse,
    UndoResponse,
    VersionPage,
    VersionSummary,
)
from core.errors import AssistantFailed, NotFound, NothingToUndo, VersionConflict
from slipway.spec.text import parse_uint

router = APIRouter(
    prefix="/projects/{project_id}/spec", tags=["specs"], dependencies=[ProjectLimit]
)
assistant = APIRouter(  # the chat: the assistant limit and LLM budget, not the project budget
    prefix="/projects/{project_id}/spec", tags=["specs"], dependencies=[AssistantLimit]
)


@router.get("", response_model=SpecResponse)
@requires(Scope.PROJECTS_READ)
async def get_spec(project: OwnedProject, session: Session) -> SpecResponse:
    view = await service.view(session, project)
    conversation, draft = view.conversation, None
    if conversation is not None and conversation.draft is not None:
        draft = DraftOut(
            content=conversation.draft,
            base_version=conversation.draft_base_version,
            conversation_id=str(conversation.id),
            undo_steps=len(conversation.draft_history or []),
            updated_at=conversation.updated_at,
        )
    return SpecResponse(
        spec=SpecOut.of(view.latest) if view.latest else None,
        project=ProjectRef(id=str(project.id), name=project.name),
        draft=draft,
    )


@assistant.post("/chat", response_model=ChatResponse)
@raises(AssistantFailed)
@requires(Scope.SPEC_WRITE)
async def chat(
    project: WritableProject, body: ChatBody, user_id: UserId, session: Session, state: State
) -> ChatResponse:
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
@raises(VersionConflict)
@requires(Scope.SPEC_WRITE)
@audited("spec.apply")
async def apply(
    project: WritableProject, body: ApplyBody, user_id: UserId, session: Session
) -> ApplyResponse:
    spec = await service.apply(
        session, project, user_id, body.content, body.last_user_message, body.base_version
    )
    return ApplyResponse(spec=SpecOut.of(spec), message=f"Spec saved as version {spec.version}")


@router.get("/versions", response_model=VersionPage)
@requires(Scope.PROJECTS_READ)
async def list_versions(
    project: OwnedProject,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: NumberCursor = None,
) -> VersionPage:
    rows, next_cursor = await service.versions_page(session, project, limit, cursor)
    return VersionPage(
        data=[
            VersionSummary(
                id=str(s.id),
                version=s.version,
                last_user_message=s.last_user_message,
                size=len(s.content.encode()),
                created_at=s.created_at,
            )
            for s in rows
        ],
        meta=PageMeta(next_cursor=next_cursor),
    )


@router.get("/versions/{version}", response_model=SpecOut)
@requires(Scope.PROJECTS_READ)
async def get_version(project: OwnedProject, version: str, session: Session) -> SpecOut:
    number = parse_uint(version, max_digits=9)
    if number is None:
        raise NotFound("Spec version")
    return SpecOut.of(await service.version(session, project, number))


@router.post("/undo", response_model=UndoResponse)
@raises(NothingToUndo)
@requires(Scope.SPEC_WRITE)
@audited("spec.undo")
async def undo(project: WritableProject, session: Session) -> UndoResponse:
    draft, steps = await service.undo(session, project)
    return UndoResponse(draft=draft, undo_steps=steps)


@router.delete("/draft", status_code=status.HTTP_204_NO_CONTENT)
@requires(Scope.SPEC_WRITE)
async def discard_draft(project: WritableProject, session: Session) -> None:
    await service.discard_draft(session, project)


@router.get("/chat/history", response_model=HistoryResponse)
@requires(Scope.PROJECTS_READ)
async def chat_history(
    project: OwnedProject,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: NumberCursor = None,
) -> HistoryResponse:
    """The latest ``limit`` messages, in chronological order. ``meta.nextCursor`` pages back:
    pass it as ``?cursor=`` for the ``limit`` messages before them (null once the page holds
    the first message)."""
    conversation, messages, next_cursor = await service.history_page(
        session, project, limit, cursor
    )
    return HistoryResponse(
        conversation_id=str(conversation.id) if conversation else None,
        messages=[MessageOut.of(m) for m in messages],
        meta=PageMeta(next_cursor=next_cursor),
    )


@router.post("/chat/message", response_model=MessageResponse, status_code=status.HTTP_201_CREATED)
@requires(Scope.SPEC_WRITE)
async def add_message(
    project: WritableProject, body: MessageBody, session: Session
) -> MessageResponse:
    message, conversation_id = await service.add_message(session, project, body.role, body.content)
    return MessageResponse(message=MessageOut.of(message), conversation_id=str(conversation_id))
