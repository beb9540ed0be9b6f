"""Project endpoints: list, create, get, update, archive."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from api.audit.recorder import audited
from api.deployments import liveness
from api.deps import OwnedProject, ProjectLimit, Session, State, UserId, WritableProject
from api.drift import service as drift_service
from api.drift.schemas import ProjectDrift
from api.keys.scopes import Scope, requires
from api.pagination import Paging
from api.projects import service
from api.projects.schemas import ProjectCreate, ProjectOut, ProjectUpdate
from api.schemas import Data, Page, PageMeta

router = APIRouter(prefix="/projects", tags=["projects"], dependencies=[ProjectLimit])


@router.get("", response_model=Page[ProjectOut])
@requires(Scope.PROJECTS_READ)
async def list_projects(
    user_id: UserId,
    session: Session,
    page: Paging,
    include_archived: Annotated[bool, Query(alias="includeArchived")] = False,
) -> Page[ProjectOut]:
    rows, next_cursor = await service.list_page(
        session, user_id, limit=page.limit, cursor=page.cursor, include_archived=include_archived
    )
    drift = await drift_service.summaries(session, rows)
    data = [ProjectOut.of(p).model_copy(update={"drift": drift[p.id]}) for p in rows]
    return Page(data=data, meta=PageMeta(next_cursor=next_cursor))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Data[ProjectOut])
@requires(Scope.PROJECTS_WRITE)
@audited("project.create", created="project")
async def create_project(
    body: ProjectCreate, user_id: UserId, session: Session
) -> Data[ProjectOut]:
    project = await service.create(session, user_id, body.name, body.description, body.template_id)
    never_checked = ProjectDrift(status="unknown")  # what GET answers until a check runs
    return Data(data=ProjectOut.of(project).model_copy(update={"drift": never_checked}))


@router.get("/{project_id}", response_model=Data[ProjectOut])
@requires(Scope.PROJECTS_READ)
async def get_project(project: OwnedProject, session: Session, state: State) -> Data[ProjectOut]:
    drift = await drift_service.summary(session, project)
    gone = await liveness.project_stacks_gone(state, session, project)
    update = {"drift": drift, "stacks_gone": gone}
    return Data(data=ProjectOut.of(project).model_copy(update=update))


@router.patch("/{project_id}", response_model=Data[ProjectOut])
@requires(Scope.PROJECTS_WRITE)
@audited("project.update")
async def update_project(
    project: WritableProject, body: ProjectUpdate, session: Session
) -> Data[ProjectOut]:
    project = await service.update(session, project, body.name, body.description)
    drift = await drift_service.summary(session, project)
    return Data(data=ProjectOut.of(project).model_copy(update={"drift": drift}))


@router.delete("/{project_id}", response_model=Data[ProjectOut])
@requires(Scope.PROJECTS_WRITE)
@audited("project.archive")
async def archive_project(
    project: OwnedProject, session: Session, state: State
) -> Data[ProjectOut]:
    """Archive the project: its sandbox (and its data) is removed and its scheduled drift
    checks stop."""
    project = await service.archive(state, session, project)
    drift = await drift_service.summary(session, project)
    return Data(data=ProjectOut.of(project).model_copy(update={"drift": drift}))
