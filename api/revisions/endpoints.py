"""Revision endpoints: history, one revision, compare two, classify a candidate."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import OwnedProject, ProjectLimit, Session
from api.keys.scopes import Scope, requires
from api.openapi import raises
from api.pagination import NumberCursor
from api.revisions import service
from api.revisions.schemas import (
    ClassifyBody,
    Comparison,
    RevisionDetail,
    RevisionPage,
    RevisionSummary,
)
from api.schemas import MAX_NUMBER, PageMeta
from core.errors import NoRevisions, NotFound

router = APIRouter(
    prefix="/projects/{project_id}/revisions", tags=["revisions"], dependencies=[ProjectLimit]
)


@router.get("", response_model=RevisionPage)
@requires(Scope.PROJECTS_READ)
async def list_revisions(
    project: OwnedProject,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: NumberCursor = None,
) -> RevisionPage:
    rows, next_cursor = await service.list_page(session, project, limit, cursor)
    return RevisionPage(
        data=[RevisionSummary.of(r) for r in rows], meta=PageMeta(next_cursor=next_cursor)
    )


@router.get("/compare", response_model=Comparison)
@raises(NoRevisions)
@requires(Scope.PROJECTS_READ)
async def compare(
    project: OwnedProject,
    session: Session,
    from_: Annotated[int | None, Query(alias="from", ge=1, le=MAX_NUMBER)] = None,
    to: Annotated[int | None, Query(ge=1, le=MAX_NUMBER)] = None,
) -> dict[str, Any]:
    return await service.compare(session, project, from_, to)


@router.post("/classify", response_model=Comparison)
@raises(NoRevisions)
@requires(Scope.PROJECTS_READ)
async def classify_candidate(
    project: OwnedProject, body: ClassifyBody, session: Session
) -> dict[str, Any]:
    if body.spec is not None:
        return await service.classify_candidate(session, project, body.spec, body.from_)
    return await service.compare(session, project, body.from_, body.to)


# ``:int`` routes only ASCII digits here, so /classify and /compare are never taken for a number
# (and the 405 of GET /revisions/classify names POST alone).
@router.get("/{number:int}", response_model=RevisionDetail)
@requires(Scope.PROJECTS_READ)
async def get_revision(project: OwnedProject, number: int, session: Session) -> RevisionDetail:
    if number > MAX_NUMBER:
        raise NotFound("Revision")
    revision = await service.get(session, project, number)
    return RevisionDetail(
        **RevisionSummary.of(revision).model_dump(),
        ir=revision.ir,
        classification=revision.classification,
    )
