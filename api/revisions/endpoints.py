"""Revisions (seed 000): history, one revision, compare two, classify a candidate."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field, model_validator

from api.deps import ProjectLimit, Session, UserId
from api.errors import ApiError, not_found
from api.schemas import MAX_NUMBER, CamelModel, PageMeta, RequestModel
from api.services import projects as projects_service
from api.services import specs as specs_service
from core.models import Revision
from core.repositories import blueprints as repo
from slipway.diff import classify
from slipway.ir import Blueprint
from slipway.spec import compile_spec
from slipway.spec.text import parse_uint

router = APIRouter(
    prefix="/projects/{project_id}/revisions", tags=["revisions"], dependencies=[ProjectLimit]
)


class RevisionSummary(CamelModel):
    number: int
    blueprint_id: str
    spec_version: int
    source: str
    change_class: str | None
    created_at: datetime

    @classmethod
    def of(cls, r: Revision) -> RevisionSummary:
        return cls(
            number=r.number,
            blueprint_id=str(r.blueprint_id),
            spec_version=r.spec_version,
            source=r.source,
            change_class=(r.classification or {}).get("overall"),
            created_at=r.created_at,
        )


class RevisionDetail(RevisionSummary):
    ir: dict[str, Any]
    classification: dict[str, Any] | None


class RevisionPage(CamelModel):
    data: list[RevisionSummary]
    meta: PageMeta


class ClassifyBody(RequestModel):
    from_: Annotated[int | None, Field(alias="from", ge=1, le=MAX_NUMBER)] = None
    to: Annotated[int | None, Field(ge=1, le=MAX_NUMBER)] = None
    spec: Annotated[str | None, Field(min_length=1)] = None

    @model_validator(mode="after")
    def _one_form(self) -> ClassifyBody:
        if self.spec is not None and self.to is not None:
            raise ValueError("send either {spec} (optionally with from) or {from, to}, not both")
        return self


@router.get("", response_model=RevisionPage)
async def list_revisions(
    project_id: str,
    user_id: UserId,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=9, pattern=r"^[0-9]+$")] = None,
) -> RevisionPage:
    project = await projects_service.get_owned(session, project_id, user_id)
    before = int(cursor) if cursor else None
    rows = await repo.list_revisions(session, project.id, limit=limit + 1, before=before)
    next_cursor = str(rows[limit - 1].number) if len(rows) > limit else None
    return RevisionPage(
        data=[RevisionSummary.of(r) for r in rows[:limit]], meta=PageMeta(next_cursor=next_cursor)
    )


async def _revision(session: Session, project_id: Any, number: int) -> Revision:
    revision = await repo.get_revision(session, project_id, number)
    if revision is None:
        raise not_found(f"Revision {number}")
    return revision


async def _pair(
    session: Session, project_id: Any, from_: int | None, to: int | None
) -> tuple[Revision | None, Revision]:
    if to is None:
        latest = await repo.latest_revision(session, project_id)
        if latest is None:
            raise ApiError(
                409,
                "NO_REVISIONS",
                "The project has no revisions yet: generate a blueprint first",
            )
        to = latest.number
    after = await _revision(session, project_id, to)
    if from_ is None:
        from_ = to - 1
    before = await _revision(session, project_id, from_) if from_ >= 1 else None
    return before, after


@router.get("/compare")
async def compare(
    project_id: str,
    user_id: UserId,
    session: Session,
    from_: Annotated[int | None, Query(alias="from", ge=1, le=MAX_NUMBER)] = None,
    to: Annotated[int | None, Query(ge=1, le=MAX_NUMBER)] = None,
) -> dict[str, Any]:
    project = await projects_service.get_owned(session, project_id, user_id)
    before, after = await _pair(session, project.id, from_, to)
    result = classify(
        Blueprint.from_json(before.ir) if before else None, Blueprint.from_json(after.ir)
    )
    return {
        "from": before.number if before else None,
        "to": after.number,
        **result.to_dict(),
    }


@router.post("/classify")
async def classify_candidate(
    project_id: str, body: ClassifyBody, user_id: UserId, session: Session
) -> dict[str, Any]:
    project = await projects_service.get_owned(session, project_id, user_id)
    if body.spec is not None:
        specs_service.check_spec_size(body.spec)
        compiled = compile_spec(body.spec)
        if compiled.blueprint is None:
            raise ApiError(
                422,
                "SPEC_INVALID",
                f"The spec does not compile ({len(compiled.errors)} error(s))",
                errors=[e.to_dict() for e in compiled.errors],
            )
        if body.from_ is not None:
            base: Revision | None = await _revision(session, project.id, body.from_)
        else:
            base = await repo.latest_revision(session, project.id)
        result = classify(Blueprint.from_json(base.ir) if base else None, compiled.blueprint)
        return {"from": base.number if base else None, "to": "candidate", **result.to_dict()}
    before, after = await _pair(session, project.id, body.from_, body.to)
    result = classify(
        Blueprint.from_json(before.ir) if before else None, Blueprint.from_json(after.ir)
    )
    return {"from": before.number if before else None, "to": after.number, **result.to_dict()}


@router.get("/{number}", response_model=RevisionDetail)
async def get_revision(
    project_id: str, number: str, user_id: UserId, session: Session
) -> RevisionDetail:
    project = await projects_service.get_owned(session, project_id, user_id)
    parsed = parse_uint(number, max_digits=9)
    if parsed is None:
        raise not_found("Revision")
    revision = await _revision(session, project.id, parsed)
    return RevisionDetail(
        **RevisionSummary.of(revision).model_dump(),
        ir=revision.ir,
        classification=revision.classification,
    )
