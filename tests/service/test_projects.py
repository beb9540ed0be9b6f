"""Projects: ownership and archive guards (``api.deps``), templates, keyset pagination."""

from __future__ import annotations

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from api.deps import owned_project, writable_project
from api.pagination import decode_cursor, encode_cursor
from api.projects import service
from api.specs import service as specs
from core.errors import InvalidCursor, NotFound, ProjectArchived, UnknownTemplate
from core.repositories import projects as projects_repo
from tests.service.conftest import new_user


async def test_someone_elses_or_a_malformed_project_is_not_found(session: AsyncSession) -> None:
    owner, stranger = await new_user(session), await new_user(session)
    project = await service.create(session, owner.id, "Mine", "")
    assert (await owned_project(str(project.id), owner.id, session)).id == project.id
    for project_id in (str(project.id), "not-a-uuid"):
        with pytest.raises(NotFound) as found:
            await owned_project(project_id, stranger.id, session)
        assert found.value.status == 404 and found.value.message == "Project not found"


async def test_an_archived_project_is_readable_but_not_writable(session: AsyncSession) -> None:
    owner = await new_user(session)
    project = await projects_repo.archive(
        session, await service.create(session, owner.id, "Old", "")
    )  # service.archive also stops its sandbox and drift schedule: tests/e2e/test_archive.py
    await session.commit()
    assert (await owned_project(str(project.id), owner.id, session)).status == "archived"
    with pytest.raises(ProjectArchived) as refused:
        await writable_project(project)
    assert (refused.value.status, refused.value.code) == (409, "PROJECT_ARCHIVED")


async def test_a_template_project_starts_at_spec_version_1(session: AsyncSession) -> None:
    owner = await new_user(session)
    project = await service.create(session, owner.id, "Tasks", "", "task-manager")
    view = await specs.view(session, project)
    assert view.latest is not None and view.latest.version == 1
    assert "Created from the" in (view.latest.last_user_message or "")
    with pytest.raises(UnknownTemplate) as unknown:
        await service.create(session, owner.id, "X", "", "no-such-template")
    assert unknown.value.extra["errors"][0]["field"] == "body.templateId"


async def test_pages_walk_every_project_once_newest_first(session: AsyncSession) -> None:
    owner = await new_user(session)
    made = [await service.create(session, owner.id, f"P{i}", "") for i in range(5)]
    seen, cursor = [], None
    for _ in range(5):
        rows, cursor = await service.list_page(
            session, owner.id, limit=2, cursor=cursor, include_archived=False
        )
        seen += [p.id for p in rows]
        if cursor is None:
            break
    assert seen == [p.id for p in reversed(made)]


async def test_cursors_round_trip_and_garbage_is_invalid(session: AsyncSession) -> None:
    owner = await new_user(session)
    project = await service.create(session, owner.id, "C", "")
    assert decode_cursor(encode_cursor(project.created_at, project.id)) == (
        project.created_at,
        project.id,
    )
    for garbage in ("!!!", encode_cursor(project.created_at, 7)):
        with pytest.raises(InvalidCursor):
            await service.list_page(
                session, owner.id, limit=2, cursor=garbage, include_archived=False
            )
