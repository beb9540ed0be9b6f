"""Workflow-test helpers: projects with specs, polling, fault injection in the database."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from tests.support import assert_timestamps

SPEC_10 = """# Ten Entities

Ten entities with relationships, for generation tests.

## Entities

### Organization
- name: string, required, unique

### Member
- email: string, required, unique
- organization: ref Organization, required

### Project
- name: string, required
- organization: ref Organization, required

### Task
- title: string, required
- priority: enum(low, medium, high), default low
- project: ref Project, required
- assignee: ref Member

### Comment
- content: string, required
- task: ref Task, required
- author: ref Member

### Tag
- label: string, required, unique

### Label
- name: string, required

### Attachment
- url: string, required
- task: ref Task, required

### Milestone
- title: string, required
- due_date: date
- project: ref Project, required

### Notification
- message: string, required
- member: ref Member, required
- read: boolean, default false
"""


async def project_with_spec(client: httpx.AsyncClient, spec: str = SPEC_10) -> str:
    r = await client.post("/projects", json={"name": "Gen"})
    assert r.status_code == 201, r.text
    pid = str(r.json()["data"]["id"])
    r = await client.post(f"/projects/{pid}/spec/apply", json={"content": spec})
    assert r.status_code == 201, r.text
    return pid


async def wait_status(
    client: httpx.AsyncClient,
    url: str,
    statuses: tuple[str, ...] = ("completed", "failed"),
    timeout: float = 60,
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        r = await client.get(url)
        if r.status_code == 429:  # a polite client waits as told
            await asyncio.sleep(min(float(r.headers.get("retry-after", "1")), 5))
            continue
        assert r.status_code == 200, r.text
        body = r.json()
        assert_timestamps(body)
        if body["status"] in statuses:
            return body
        # quick at first, then gentle (the project-operations limit is 100/min per user)
        await asyncio.sleep(min(1.0, 0.1 + (time.monotonic() - deadline + timeout) / 10))
    raise AssertionError(f"{url} still {body} after {timeout}s")


def corrupt_spec(database_url: str, project_id: str, content: str) -> None:
    """Fault injection at the database boundary: overwrite a project's stored spec versions."""
    import uuid

    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    key = uuid.UUID(project_id).hex if database_url.startswith("sqlite") else project_id
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE spec_versions SET content = :c WHERE project_id = :p"),
            {"c": content, "p": key},
        )
    engine.dispose()


BROKEN_SPEC = "# Broken\n\n## Entities\n\n### Task\n- title: strng\n"


async def get_json(client: httpx.AsyncClient, url: str, **params: Any) -> Any:
    """GET that waits out a 429 as a polite client does (long tests poll a lot)."""
    for _ in range(30):
        r = await client.get(url, params=params or None)
        if r.status_code != 429:
            assert r.status_code == 200, r.text
            assert_timestamps(r.json())
            return r.json()
        await asyncio.sleep(min(float(r.headers.get("retry-after", "1")), 5))
    raise AssertionError(f"{url} stayed rate limited")
