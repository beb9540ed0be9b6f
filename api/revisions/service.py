"""Revisions: history, one revision, compare two, classify a candidate spec (nothing saved)."""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from api import offload
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


def changes(before: dict[str, Any] | None, after: Blueprint | dict[str, Any]) -> dict[str, Any]:
    """The classification of ``after`` against ``before`` (stored IRs are parsed here too: a
    large one takes a while). Runs off the event loop (``api.offload``)."""
    old = Blueprint.from_json(before) if before is not None else None
    new = after if isinstance(after, Blueprint) else Blueprint.from_json(after)
    return classify(old, new).to_dict()


async def compare(
    session: AsyncSession, project: Project, from_: int | None, to: int | None
) -> dict[str, Any]:
    before, after = await _pair(session, project, from_, to)
    result = await offload.run(
        offload.COMPILE,
        "Comparing the revisions",
        changes,
        before.ir if before else None,
        after.ir,
    )
    return {"from": before.number if before else None, "to": after.number, **result}


async def classify_candidate(
    session: AsyncSession, project: Project, spec: str, from_: int | None
) -> dict[str, Any]:
    """A candidate spec against revision ``from`` (default: the latest one)."""
    check_spec_size(spec)
    compiled = await offload.run(offload.COMPILE, "Compiling the spec", compile_spec, spec)
    if compiled.blueprint is None:
        raise SpecInvalid(
            f"The spec does not compile ({len(compiled.errors)} error(s))",
            errors=[e.to_dict() for e in compiled.errors],
        )
    if from_ is not None:
        base: Revision | None = await get(session, project, from_)
    else:
        base = await repo.latest_revision(session, project.id)
    result = await offload.run(
        offload.COMPILE,
        "Classifying the spec",
        changes,
        base.ir if base else None,
        compiled.blueprint,
    )
    return {"from": base.number if base else None, "to": "candidate", **result}
