"""The sandbox's rules: start it on the project's latest revision (or move it there, keeping the
data when the change is safe), tokens, seeding, removal. One sandbox per project; only its
owner manages it (``OwnedProject``: anyone else gets 404)."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from botocore.exceptions import BotoCoreError, ClientError
from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from api import offload
from api.state import AppState
from core.errors import (
    InvalidInput,
    NoBlueprintYet,
    NoSandbox,
    SandboxAwsUnavailable,
    SandboxPostgresUnavailable,
    SandboxRowLimit,
)
from core.models import Project, Revision
from core.models_sandbox import Sandbox
from core.repositories import blueprints as blueprints_repo
from core.repositories import sandboxes as repo
from core.sandbox import app as sandbox_app
from core.sandbox import postgres, seeding, tokens
from core.sandbox.resources import Resources, new_nonce, prefix_of
from core.sandbox.runtime import run_in_pool
from core.settings import Settings
from slipway.diff import classify
from slipway.ir import Blueprint
from slipway.sandbox import seed as seed_plan

T = TypeVar("T")


async def _aws(fn: Callable[..., T], *args: Any) -> T:
    """Blocking work against the local AWS / PostgreSQL, off the loop; unreachable → 503."""
    try:
        result: T = await run_in_pool(fn, *args)
    except (BotoCoreError, ClientError) as exc:
        raise SandboxAwsUnavailable(detail=f"{type(exc).__name__}: {exc}") from exc
    return result


async def _revision(session: AsyncSession, project: Project, number: int) -> Revision:
    row = await blueprints_repo.get_revision(session, project.id, number)
    if row is None:  # revisions are never deleted; a row without one is a broken invariant
        raise NoBlueprintYet()
    return row


async def owned(session: AsyncSession, project: Project) -> Sandbox:
    row = await repo.of_project(session, project.id)
    if row is None:
        raise NoSandbox()
    return row


def _check_store(settings: Settings, bp: Blueprint) -> str:
    store = bp.infrastructure.database
    if store == "postgres" and postgres.postgres_url(settings) is None:
        raise SandboxPostgresUnavailable()
    return store


async def _read(ir: dict[str, Any]) -> Blueprint:
    """The revision's blueprint, read off the event loop (seconds for the largest)."""
    return await offload.run(offload.COMPILE, "Reading the revision", Blueprint.from_json, ir)


def _move(
    old_ir: dict[str, Any], new: Blueprint, from_revision: int
) -> tuple[bool, dict[str, Any]]:
    """Whether the data survives a move from ``old_ir`` to ``new``, and what the sandbox says
    (blocking: run it off the event loop)."""
    old = Blueprint.from_json(old_ir)
    verdict = classify(old, new)
    changes = [c.to_dict() for c in verdict.changes]
    kept = verdict.overall in ("none", "safe") and (
        old.infrastructure.database == new.infrastructure.database
    )
    notice: dict[str, Any] = {"fromRevision": from_revision, "changeClass": verdict.overall}
    if kept:
        return True, {**notice, "kept": True, "reset": [], "changes": changes}
    why = [c for c in changes if c["classification"] != "safe"]
    if old.infrastructure.database != new.infrastructure.database:
        why.append({"path": "infrastructure.database", "reason": "the store changed"})
    return False, {
        **notice,
        "kept": False,
        "reset": sorted(e.name for e in old.entities),
        "reason": "the new revision's changes are not all safe for existing data: every "
        "entity was emptied (see changes)",
        "changes": why,
    }


async def _provision(state: AppState, row: Sandbox, bp: Blueprint, ir: dict[str, Any]) -> None:
    """Create what the revision needs (idempotent) and, on PostgreSQL, apply its schema."""
    settings = state.settings
    res = Resources.from_json(row.resources)
    prov = sandbox_app.provisioner(settings)
    what = "Synthesizing the sandbox's stacks"
    stacks = await offload.run(offload.ARTIFACTS, what, sandbox_app.stacks_of, row, bp)
    await _aws(prov.provision, stacks, res)
    row.resources = res.to_json()
    app = await sandbox_app.REGISTRY.get(settings, row, _loader(ir))
    await _aws(sandbox_app.ensure_schema, app)


def _loader(ir: dict[str, Any]) -> Callable[[], Awaitable[dict[str, Any]]]:
    async def load() -> dict[str, Any]:
        return ir

    return load


def _fresh(row: Sandbox, store: str) -> None:
    row.nonce = new_nonce()
    row.secret = secrets.token_urlsafe(48)
    row.store = store
    row.resources = Resources(prefix_of(str(row.project_id), row.nonce), store).to_json()


async def start(state: AppState, session: AsyncSession, project: Project) -> Sandbox:
    """Start the sandbox on the latest revision, or move it there."""
    rev = await blueprints_repo.latest_revision(session, project.id)
    if rev is None:
        raise NoBlueprintYet()
    bp = await _read(rev.ir)
    store = _check_store(state.settings, bp)
    row = await repo.of_project_for_update(session, project.id)
    if row is None:
        row = Sandbox(
            project_id=project.id,
            owner_id=project.owner_id,
            revision=rev.number,
            revision_id=rev.id,
            nonce="",
            secret="",
            store=store,
            resources={},
        )
        _fresh(row, store)
    elif row.revision_id != rev.id:
        old = (await _revision(session, project, row.revision)).ir
        what = "Classifying the sandbox's move"
        kept, row.notice = await offload.run(offload.COMPILE, what, _move, old, bp, row.revision)
        if not kept:
            stale = Resources.from_json(row.resources)
            await _aws(sandbox_app.provisioner(state.settings).destroy, stale)
            _fresh(row, store)
        row.revision, row.revision_id = rev.number, rev.id
    await _provision(state, row, bp, rev.ir)
    row.updated_at = datetime.now(UTC)
    session.add(row)
    try:
        await session.commit()
    except IntegrityError:  # another request started it meanwhile: that one stands
        await session.rollback()
        await _aws(
            sandbox_app.provisioner(state.settings).destroy, Resources.from_json(row.resources)
        )
        return await owned(session, project)
    await session.refresh(row)
    return row


async def remove(state: AppState, session: AsyncSession, project: Project) -> None:
    """Remove the sandbox and its data."""
    row = await owned(session, project)
    await _aws(sandbox_app.provisioner(state.settings).destroy, Resources.from_json(row.resources))
    sandbox_app.REGISTRY.drop(str(project.id))
    await session.delete(row)
    await session.commit()


async def blueprint_of(session: AsyncSession, project: Project, row: Sandbox) -> Blueprint:
    return await _read((await _revision(session, project, row.revision)).ir)


async def token(
    state: AppState,
    session: AsyncSession,
    project: Project,
    sub: str,
    roles: list[str],
    tenant: str | None,
) -> tuple[str, datetime]:
    """A token the sandbox accepts, with roles of the blueprint (any other is refused)."""
    row = await owned(session, project)
    bp = await blueprint_of(session, project, row)
    unknown = sorted(set(roles) - set(bp.auth.roles))
    if unknown:
        known = ", ".join(bp.auth.roles) or "none"
        raise InvalidInput(
            f"Unknown role(s) {', '.join(unknown)}: the blueprint's roles are {known}"
        )
    value, expires = tokens.mint(
        row.secret,
        str(project.id),
        row.nonce,
        sub=sub,
        roles=sorted(set(roles)),
        tenant=tenant,
        ttl=state.settings.sandbox_token_ttl,
    )
    return value, datetime.fromtimestamp(expires, UTC)


async def seed(
    state: AppState, session: AsyncSession, project: Project, count: int
) -> tuple[dict[str, int], list[str]]:
    """``count`` realistic rows per entity; the rows written and the tenants they went to."""
    settings = state.settings
    row = await owned(session, project)
    rev = await _revision(session, project, row.revision)
    app = await sandbox_app.REGISTRY.get(settings, row, _loader(rev.ir))
    url = postgres.postgres_url(settings)
    present = await _aws(seeding.counts, settings, app, url)
    for entity, n in sorted(present.items()):
        if n + count > settings.sandbox_rows_max:
            raise SandboxRowLimit(entity, settings.sandbox_rows_max)
    try:
        rows = seed_plan.plan(
            app.blueprint, count, seed=secrets.randbits(32), run=secrets.token_hex(2)
        )
    except seed_plan.SeedImpossible as exc:
        raise InvalidInput(str(exc)) from None
    written = await _aws(seeding.write, settings, app, url, rows)
    key = app.blueprint.tenancy.tenant_key if app.blueprint.tenancy.mode == "multi" else None
    held = Counter(str(r.values[key]) for r in rows if key and key in r.values)
    tenants = [t for t, _ in sorted(held.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {e.name: written.get(e.name, 0) for e in app.blueprint.entities}, tenants
