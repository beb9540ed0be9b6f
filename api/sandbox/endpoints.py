"""Sandbox endpoints: start or move, read, remove, tokens, seed (the owner's only)."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from api.audit.recorder import audited
from api.deps import OwnedProject, ProjectLimit, Session, State, WritableProject
from api.keys.scopes import Scope, requires
from api.sandbox import service
from api.sandbox.schemas import SandboxOut, SeedBody, SeedOut, TokenBody, TokenOut
from api.schemas import Data
from core.models_sandbox import Sandbox

router = APIRouter(prefix="/projects/{project_id}/sandbox", tags=["sandbox"])


def out(request: Request, row: Sandbox) -> Data[SandboxOut]:
    base = f"{str(request.base_url).rstrip('/')}/sandbox/{row.project_id}"
    return Data(
        data=SandboxOut(
            base_url=base,
            docs_url=f"{base}/docs",
            openapi_url=f"{base}/openapi.json",
            revision=row.revision,
            status=row.status,
            store=row.store,
            notice=row.notice,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
    )


@router.post("", response_model=Data[SandboxOut], dependencies=[ProjectLimit])
@requires(Scope.PROJECTS_WRITE)
@audited("sandbox.start")
async def start_sandbox(
    request: Request, project: WritableProject, session: Session, state: State
) -> Data[SandboxOut]:
    """Start the sandbox on the project's latest completed blueprint revision, or move it
    there: the data stays when the change is safe, otherwise ``notice`` says what was reset
    and why."""
    return out(request, await service.start(state, session, project))


@router.get("", response_model=Data[SandboxOut], dependencies=[ProjectLimit])
@requires(Scope.PROJECTS_READ)
async def get_sandbox(
    request: Request, project: OwnedProject, session: Session
) -> Data[SandboxOut]:
    return out(request, await service.owned(session, project))


@router.delete("", status_code=status.HTTP_204_NO_CONTENT, dependencies=[ProjectLimit])
@requires(Scope.PROJECTS_WRITE)
@audited("sandbox.delete")
async def delete_sandbox(project: OwnedProject, session: Session, state: State) -> None:
    """Remove the sandbox and all its data."""
    await service.remove(state, session, project)


@router.post("/tokens", response_model=Data[TokenOut], dependencies=[ProjectLimit])
@requires(Scope.PROJECTS_WRITE)
@audited("sandbox.token")
async def sandbox_token(
    project: WritableProject, body: TokenBody, session: Session, state: State
) -> Data[TokenOut]:
    """A token the sandbox accepts (signed with the sandbox's own secret): send it as
    ``Authorization: Bearer`` (JWT strategies) or ``x-api-key`` (``api_key``)."""
    token, expires = await service.token(state, session, project, body.sub, body.roles, body.tenant)
    return Data(data=TokenOut(token=token, expires_at=expires))


@router.post("/seed", response_model=Data[SeedOut], dependencies=[ProjectLimit])
@requires(Scope.PROJECTS_WRITE)
@audited("sandbox.seed")
async def seed_sandbox(
    project: WritableProject, body: SeedBody, session: Session, state: State
) -> Data[SeedOut]:
    """Fill every entity with ``count`` realistic rows (references, unique values and enums
    respected)."""
    rows, tenants = await service.seed(state, session, project, body.count)
    return Data(data=SeedOut(rows=rows, tenants=tenants))
