"""Service layer: the API's services, dependencies and response models called in process, on a
real database (a fresh SQLite file per module, migrated with Alembic). No servers, no HTTP."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from api.auth import service as auth
from core.db import create_engine, run_migrations, session_factory
from core.models import User
from tests.support import PASSWORD


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AsyncEngine]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('service')) / 'slipway.db'}"
    run_migrations(url)
    yield create_engine(url)


@pytest.fixture
async def session(database: AsyncEngine) -> AsyncIterator[AsyncSession]:
    async with session_factory(database)() as s:
        yield s


async def new_user(session: AsyncSession) -> User:
    return await auth.signup(session, f"svc-{uuid.uuid4().hex[:10]}@example.com", PASSWORD)
