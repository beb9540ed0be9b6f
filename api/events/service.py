"""Live status: stream tickets, who may follow what, when a stream ends, spec-apply events."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from activities.events import NewEvent, RecordedEvent, publish, stage
from api.deps import parse_uuid
from api.events.stream import StreamScope
from api.events.view import Owner, Owners
from core.errors import InsufficientScope, NotFound, Unauthorized
from core.models import Blueprint, Deployment, Project, SpecVersion, utcnow
from core.models_events import OperationEvent, StreamTicket
from core.principal import Principal
from core.repositories import blueprints as blueprints_repo
from core.repositories import deployments as deployments_repo
from core.repositories import events as repo
from core.repositories import projects as projects_repo
from workflows.status import is_terminal

TICKET_PREFIX = "sst_"
END_GRACE = timedelta(seconds=30)
"""A finished operation whose terminal event never came (its recording failed for good) still
ends its stream once it has been finished this long."""
KINDS: dict[str, type[Blueprint] | type[Deployment]] = {
    "blueprint": Blueprint,
    "deployment": Deployment,
}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ticket_project(principal: Principal, asked: str | None) -> str | None:
    """The project a ticket is limited to: the one asked for, and a bound key's own project
    whether asked or not (another project is outside the key: 403)."""
    if principal.project_id is None:
        return asked
    if asked is not None and parse_uuid(asked, "Project") != principal.project_id:
        raise InsufficientScope("This API key is bound to another project")
    return str(principal.project_id)


async def issue_ticket(
    session: AsyncSession, user_id: uuid.UUID, project_id: str | None, ttl: int
) -> tuple[str, datetime]:
    """A single-use stream ticket for this user (optionally for one project only)."""
    project = None
    if project_id is not None:
        project = await projects_repo.get_owned(session, parse_uuid(project_id, "Project"), user_id)
        if project is None:
            raise NotFound("Project")
    token = TICKET_PREFIX + secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(seconds=ttl)
    await repo.add_ticket(
        session, _digest(token), user_id, project.id if project else None, expires_at
    )
    await repo.purge_tickets(session, utcnow() - timedelta(hours=1))
    await session.commit()
    return token, expires_at


async def redeem_ticket(session: AsyncSession, token: str) -> StreamTicket:
    ticket = await repo.redeem_ticket(session, _digest(token))
    await session.commit()
    if ticket is None:
        raise Unauthorized("Invalid, expired or already used stream ticket; ask for a new one")
    return ticket


async def owned(
    owners: Owners, session: AsyncSession, kind: str, raw_id: str, user_id: uuid.UUID
) -> tuple[uuid.UUID, Owner]:
    """The id of a blueprint or deployment this user owns (cached owner); else 404."""
    what = kind.capitalize()
    subject_id = parse_uuid(raw_id, what)

    async def load() -> Owner | None:
        found = await repo.owner(session, KINDS[kind], subject_id)
        return Owner(*found) if found else None

    owner = await owners.get(kind, subject_id, load)
    if owner is None or owner.user_id != user_id:
        raise NotFound(what)
    return subject_id, owner


def check_ticket_project(ticket_project: uuid.UUID | None, project_id: uuid.UUID) -> None:
    """A ticket issued for one project opens only that project's streams."""
    if ticket_project is not None and ticket_project != project_id:
        raise NotFound("Project")


# --- the streams -------------------------------------------------------------------------------


async def _operation_ended(
    session: AsyncSession, subject_id: uuid.UUID, final: bool, completed_at: datetime | None
) -> bool:
    """Finished, and its terminal event is in the log (or it never recorded any event)."""
    if not final:
        return False
    any_event, terminal = await repo.subject_state(session, subject_id)
    if terminal or not any_event:
        return True
    return completed_at is not None and utcnow() - completed_at > END_GRACE


def blueprint_scope(
    sessions: async_sessionmaker[AsyncSession], blueprint_id: uuid.UUID
) -> StreamScope:
    """The blueprint's generation and validations; ends once the generation and the latest
    validation have both ended."""

    async def ended() -> bool:
        async with sessions() as session:
            row = await blueprints_repo.get(session, blueprint_id)
            if row is None or not await _operation_ended(
                session, row.id, is_terminal(row.status), row.completed_at
            ):
                return False
            latest = await blueprints_repo.latest_validation(session, blueprint_id)
            return latest is None or await _operation_ended(
                session, latest.id, is_terminal(latest.status), latest.completed_at
            )

    return StreamScope(
        key=f"blueprint:{blueprint_id}", subject_id=blueprint_id, parents=True, ended=ended
    )


def deployment_scope(
    sessions: async_sessionmaker[AsyncSession], deployment_id: uuid.UUID
) -> StreamScope:
    """Previews, deploys, rollbacks and destroys; a parked deploy has not ended."""

    async def ended() -> bool:
        async with sessions() as session:
            row = await deployments_repo.get(session, deployment_id)
            return row is not None and await _operation_ended(
                session,
                row.id,
                is_terminal(row.status) and row.completed_at is not None,
                row.completed_at,
            )

    return StreamScope(key=f"deployment:{deployment_id}", subject_id=deployment_id, ended=ended)


def project_scope(project: Project) -> StreamScope:
    """Every operation of the project, spec applies included; never ends by itself."""
    return StreamScope(key=f"project:{project.id}", project_id=project.id)


# --- spec applies ------------------------------------------------------------------------------


async def stage_spec_applied(
    session: AsyncSession, project: Project, user_id: uuid.UUID, spec: SpecVersion
) -> OperationEvent:
    """The ``applied`` event of a new spec version, in the transaction that saves it."""
    data = {
        "projectId": str(project.id),
        "id": str(spec.id),
        "version": spec.version,
        "lastUserMessage": spec.last_user_message,
        "size": len(spec.content.encode()),
        "createdAt": spec.created_at.isoformat().replace("+00:00", "Z"),
    }
    return await stage(
        session,
        NewEvent(
            key=f"spec:{spec.id}",
            project_id=project.id,
            user_id=user_id,
            subject_kind="spec",
            subject_id=spec.id,
            operation="spec",
            type="applied",
            data=data,
        ),
    )


async def publish_spec_applied(row: OperationEvent) -> None:
    """After the commit: the event subscribers (a failing one is logged, never raised)."""
    await publish(RecordedEvent.of(row), strict=False)
