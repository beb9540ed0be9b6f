"""Revisions: history, one revision, compare two, classify a candidate spec (nothing saved)."""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from api.pagination import cut
from api.specs.service import check_spec_size
from core.errors import NoRevisions, NotFound, SpecInvalid
from core.models import Project, Revision
from core.repositories import blueprints as repo
from slipway.diff import classify
from slipway.ir import Blueprint
from slipway.spec import compile_spec


async def list_page(
    session: AsyncSession, project: Project, limit: int, cursor: str | None
) -> tuple[list[Revision], str | None]:
    """Newest first; the cursor is the last revision number of the previous page."""
    before = int(cursor) if cursor else None
    rows = await repo.list_revisions(session, project.id, limit=limit + 1, before=before)
    return cut(rows, limit, lambda r: str(r.number))


async def get(session: AsyncSession, project: Project, number: int) -> Revision:
    revision = await repo.get_revision(session, project.id, number)
    if revision is None:
        raise NotFound(f"Revision {number}")
    return revision


async def _pair(
    session: AsyncSession, project: Project, from_: int | None, to: int | None
) -> tuple[Revision | None, Revision]:
    """``to`` defaults to the latest revision, ``from`` to the one before ``to``."""
    if to is None:
        latest = await repo.latest_revision(session, project.id)
        if latest is None:
            raise NoRevisions()
        to = latest.number
    after = await get(session, project, to)
    if from_ is None:
        from_ = to - 1
    before = await get(session, project, from_) if from_ >= 1 else None
    return before, after


def _ir(revision: Revision | None) -> Blueprint | None:
    return Blueprint.from_json(revision.ir) if revision else None


async def compare(
    session: AsyncSession, project: Project, from_: int | None, to: int | None
) -> dict[str, Any]:
    before, after = await _pair(session, project, from_, to)
    result = classify(_ir(before), Blueprint.from_json(after.ir))
    return {"from": before.number if before else None, "to": after.number, **result.to_dict()}


async def classify_candidate(
    session: AsyncSession, project: Project, spec: str, from_: int | None
) -> dict[str, Any]:
    """A candidate spec against revision ``from`` (default: the latest one)."""
    check_spec_size(spec)
    compiled = compile_spec(spec)
    if compiled.blueprint is None:
        raise SpecInvalid(
            f"The spec does not compile ({len(compiled.errors)} error(s))",
            errors=[e.to_dict() for e in compiled.errors],
        )
    if from_ is not None:
        base: Revision | None = await get(session, project, from_)
    else:
        base = await repo.latest_revision(session, project.id)
    result = classify(_ir(base), compiled.blueprint)
    return {"from": base.number if base else None, "to": "candidate", **result.to_dict()}
