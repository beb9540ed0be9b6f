"""An event stream on a real database: the events recorded while the stream decides whether its
operations have ended still reach it (a terminal event committed between the stream's catch-up
read and its end check used to be dropped: the stream closed on a ``progress`` event)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncEngine

from api.events.hub import EventHub
from api.events.stream import StreamScope, events
from api.events.view import StatusView
from api.projects import service as projects
from core.db import session_factory
from core.repositories import events as repo
from tests.service.conftest import new_user


async def record(
    engine: AsyncEngine, project: uuid.UUID, user: uuid.UUID, subject: uuid.UUID, kind: str
) -> None:
    async with session_factory(engine)() as session:
        await repo.insert(
            session,
            key=f"{subject}:{kind}",
            project_id=project,
            user_id=user,
            subject_kind="blueprint",
            subject_id=subject,
            type=kind,
            operation="generation",
            data={"status": kind},
        )
        await session.commit()


async def test_terminal_event_recorded_during_the_end_check_is_sent(database: AsyncEngine) -> None:
    sessions = session_factory(database)
    async with sessions() as session:
        user = await new_user(session)
        project = await projects.create(session, user.id, "Stream", "")
    subject = uuid.uuid4()
    await record(database, project.id, user.id, subject, "started")
    await record(database, project.id, user.id, subject, "progress")

    async def ended() -> bool:  # the workflow records its end just before this answer
        await record(database, project.id, user.id, subject, "completed")
        return True

    hub = EventHub(sessions, str(database.url), StatusView())
    scope = StreamScope(key=f"blueprint:{subject}", subject_id=subject, ended=ended)
    frames = [f.decode() async for f in events(hub, sessions, scope, 0, heartbeat=5)]
    kinds = [
        line.split(": ", 1)[1]
        for f in frames
        for line in f.splitlines()
        if line.startswith("event:")
    ]
    assert kinds == ["started", "progress", "completed"]
