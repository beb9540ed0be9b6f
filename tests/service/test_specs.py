"""Specs: versions, the optimistic-concurrency guard, undo, number cursors."""

from __future__ import annotations

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from api.projects import service as projects
from api.specs import service
from core.errors import InvalidCursor, NothingToUndo, SpecInvalid, VersionConflict
from tests.service.conftest import new_user
from tests.support import SPEC_10


async def test_apply_refuses_a_stale_base_version(session: AsyncSession) -> None:
    owner = await new_user(session)
    project = await projects.create(session, owner.id, "S", "")
    first = await service.apply(session, project, owner.id, SPEC_10, None, 0)
    assert first.version == 1
    with pytest.raises(VersionConflict) as conflict:
        await service.apply(session, project, owner.id, SPEC_10, None, 0)
    assert conflict.value.extra == {"latestVersion": 1} and conflict.value.status == 409


async def test_a_spec_that_does_not_compile_is_refused_with_its_errors(
    session: AsyncSession,
) -> None:
    owner = await new_user(session)
    project = await projects.create(session, owner.id, "S", "")
    with pytest.raises(SpecInvalid) as invalid:
        await service.apply(
            session, project, owner.id, "# Broken\n## Entities\n### T\n- a: strng\n", None, None
        )
    assert invalid.value.extra["errors"][0]["line"] == 4
    assert (await service.view(session, project)).latest is None


async def test_undo_without_history_is_a_conflict(session: AsyncSession) -> None:
    owner = await new_user(session)
    project = await projects.create(session, owner.id, "S", "")
    with pytest.raises(NothingToUndo):
        await service.undo(session, project)


async def test_version_pages_and_their_cursor(session: AsyncSession) -> None:
    owner = await new_user(session)
    project = await projects.create(session, owner.id, "S", "")
    for n in range(3):
        await service.apply(session, project, owner.id, SPEC_10 + f"\n<!-- {n} -->\n", None, None)
    rows, cursor = await service.versions_page(session, project, 2, None)
    assert [s.version for s in rows] == [3, 2] and cursor == "2"
    rows, cursor = await service.versions_page(session, project, 2, cursor)
    assert [s.version for s in rows] == [1] and cursor is None
    for garbage in ("x", "1\u00b9", "9" * 12):
        with pytest.raises(InvalidCursor):
            await service.versions_page(session, project, 2, garbage)
