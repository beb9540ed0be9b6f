"""Project endpoints (seed 000): list, create, get, update, archive."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import Field, field_validator

from api.deps import ProjectLimit, Session, UserId
from api.schemas import CamelModel, Data, Page, PageMeta, RequestModel
from api.services import projects as service
from core.models import Project

router = APIRouter(prefix="/projects", tags=["projects"], dependencies=[ProjectLimit])


class ProjectOut(CamelModel):
    id: str
    name: str
    description: str
    owner_id: str
    status: str
    template_id: str | None = None
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None

    @classmethod
    def of(cls, p: Project) -> ProjectOut:
        return cls(
            id=str(p.id),
            name=p.name,
            description=p.description,
            owner_id=str(p.owner_id),
            status=p.status,
            template_id=p.template_id,
            created_at=p.created_at,
            updated_at=p.updated_at,
            archived_at=p.archived_at,
        )


def _strip_name(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise ValueError("name must not be blank")
    return value


class ProjectCreate(RequestModel):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    description: Annotated[str, Field(max_length=2000)] = ""
    template_id: Annotated[str | None, Field(max_length=64)] = None

    _name = field_validator("name")(_strip_name)


class ProjectUpdate(RequestModel):
    name: Annotated[str | None, Field(min_length=1, max_length=100)] = None
    description: Annotated[str | None, Field(max_length=2000)] = None

    _name = field_validator("name")(_strip_name)


@router.get("", response_model=Page[ProjectOut])
async def list_projects(
    user_id: UserId,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    include_archived: Annotated[bool, Query(alias="includeArchived")] = False,
) -> Page[ProjectOut]:
    rows, next_cursor = await service.list_page(
        session, user_id, limit=limit, cursor=cursor, include_archived=include_archived
    )
    return Page(data=[ProjectOut.of(p) for p in rows], meta=PageMeta(next_cursor=next_cursor))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Data[ProjectOut])
async def create_project(
    body: ProjectCreate, user_id: UserId, session: Session
) -> Data[ProjectOut]:
    project = await service.create(session, user_id, body.name, body.description, body.template_id)
    return Data(data=ProjectOut.of(project))


@router.get("/{project_id}", response_model=Data[ProjectOut])
async def get_project(project_id: str, user_id: UserId, session: Session) -> Data[ProjectOut]:
    return Data(data=ProjectOut.of(await service.get_owned(session, project_id, user_id)))


@router.patch("/{project_id}", response_model=Data[ProjectOut])
async def update_project(
    project_id: str, body: ProjectUpdate, user_id: UserId, session: Session
) -> Data[ProjectOut]:
    project = await service.get_owned(session, project_id, user_id)
    project = await service.update(session, project, body.name, body.description)
    return Data(data=ProjectOut.of(project))


@router.delete("/{project_id}", response_model=Data[ProjectOut])
async def archive_project(project_id: str, user_id: UserId, session: Session) -> Data[ProjectOut]:
    project = await service.get_owned(session, project_id, user_id)
    return Data(data=ProjectOut.of(await service.archive(session, project)))
