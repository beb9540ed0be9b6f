"""Server-Sent Events streams of operations, and the stream tickets browsers open them with."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, status
from fastapi.responses import StreamingResponse

from api.deps import CurrentPrincipal, OwnedProject, Session, State, UserId
from api.events import service
from api.events.schemas import TicketBody, TicketOut
from api.events.status import StatusLimit
from api.events.stream import StreamScope, events
from api.keys.scopes import Scope, requires
from api.openapi import raises
from api.schemas import Data
from core.db import release
from core.errors import InsufficientScope, NotFound
from core.principal import Principal

router = APIRouter(tags=["events"])
# One event of the stream (OpenAPI 3.1 reads an event stream's ``schema`` as each event's).
SSE_EVENT: dict[str, Any] = {
    "type": "object",
    "required": ["id", "event", "data"],
    "properties": {
        "id": {"type": "string", "pattern": "^[0-9]+$", "description": "Monotonic event id"},
        "event": {"type": "string", "description": "started, progress, stack, completed, ..."},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {"type": "object"},
            "description": "The subject's status JSON, as its status endpoint answers it",
        },
    },
}
SSE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "text/event-stream: `id:` (monotonic), `event:` (started, progress, "
        "stack, awaiting_decision, completed, failed, ...), `data:` (the status JSON); a "
        "heartbeat comment when quiet. Resume with `Last-Event-ID` (or `?lastEventId=`).",
        "content": {"text/event-stream": {"schema": SSE_EVENT}},
    }
}
Ticket = Annotated[str | None, Query(max_length=128, description="A stream ticket (single use)")]
LastEventHeader = Annotated[str | None, Header(alias="Last-Event-ID", max_length=20)]
LastEventQuery = Annotated[str | None, Query(alias="lastEventId", max_length=20)]


async def ticket_auth(request: Request, session: Session, ticket: Ticket = None) -> None:
    """``?ticket=``: redeem it (once) and make its user the request's principal, before the
    bearer-token check would run (``api.deps.current_principal`` keeps what it finds)."""
    request.state.stream_project = None
    if ticket is None:
        return
    redeemed = await service.redeem_ticket(session, ticket)
    request.state.principal = Principal(user_id=redeemed.user_id)
    request.state.user_id = redeemed.user_id
    request.state.stream_project = redeemed.project_id


STREAM_DEPENDENCIES = [Depends(ticket_auth), StatusLimit]


def _after(header: str | None, query: str | None) -> int:
    raw = header if header is not None else query
    try:
        return max(0, int(raw)) if raw is not None else 0
    except ValueError:
        return 0


async def _stream(
    state: State, session: Session, scope: StreamScope, after: int
) -> StreamingResponse:
    await release(session)  # the stream reads with its own short sessions
    body = events(state.events, state.sessions, scope, after, state.settings.sse_heartbeat_seconds)
    return StreamingResponse(
        body,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.post(
    "/auth/stream-ticket",
    status_code=status.HTTP_201_CREATED,
    response_model=Data[TicketOut],
    dependencies=[StatusLimit],
)
@requires(Scope.PROJECTS_READ, bound_keys=True)
@raises(NotFound, InsufficientScope)
async def stream_ticket(
    principal: CurrentPrincipal, session: Session, state: State, body: TicketBody | None = None
) -> Data[TicketOut]:
    """A single-use ticket for ``?ticket=`` on a stream (``EventSource`` cannot send headers).
    A key bound to a project gets tickets for that project's streams only."""
    project = service.ticket_project(principal, body.project_id if body else None)
    token, expires_at = await service.issue_ticket(
        session, principal.user_id, project, state.settings.stream_ticket_ttl
    )
    return Data(data=TicketOut(ticket=token, expires_at=expires_at))


@router.get(
    "/blueprints/{blueprint_id}/events",
    response_class=StreamingResponse,
    responses=SSE_RESPONSE,
    dependencies=STREAM_DEPENDENCIES,
)
@requires(Scope.PROJECTS_READ)
async def blueprint_events(
    blueprint_id: str,
    request: Request,
    user_id: UserId,
    session: Session,
    state: State,
    last_event_id: LastEventHeader = None,
    last_event_query: LastEventQuery = None,
) -> StreamingResponse:
    """The blueprint's generation and its validations; ends once they have all ended."""
    bid, owner = await service.owned(state.owners, session, "blueprint", blueprint_id, user_id)
    service.check_ticket_project(request.state.stream_project, owner.project_id)
    scope = service.blueprint_scope(state.sessions, bid)
    return await _stream(state, session, scope, _after(last_event_id, last_event_query))


@router.get(
    "/deployments/{deployment_id}/events",
    response_class=StreamingResponse,
    responses=SSE_RESPONSE,
    dependencies=STREAM_DEPENDENCIES,
)
@requires(Scope.PROJECTS_READ)
async def deployment_events(
    deployment_id: str,
    request: Request,
    user_id: UserId,
    session: Session,
    state: State,
    last_event_id: LastEventHeader = None,
    last_event_query: LastEventQuery = None,
) -> StreamingResponse:
    """A preview, deploy, rollback or destroy; ends once it has ended (not while parked)."""
    did, owner = await service.owned(state.owners, session, "deployment", deployment_id, user_id)
    service.check_ticket_project(request.state.stream_project, owner.project_id)
    scope = service.deployment_scope(state.sessions, did)
    return await _stream(state, session, scope, _after(last_event_id, last_event_query))


@router.get(
    "/projects/{project_id}/events",
    response_class=StreamingResponse,
    responses=SSE_RESPONSE,
    dependencies=STREAM_DEPENDENCIES,
)
@requires(Scope.PROJECTS_READ)
async def project_events(
    project: OwnedProject,
    request: Request,
    session: Session,
    state: State,
    last_event_id: LastEventHeader = None,
    last_event_query: LastEventQuery = None,
) -> StreamingResponse:
    """Every operation of the project, spec applies included; never ends by itself."""
    service.check_ticket_project(request.state.stream_project, project.id)
    scope = service.project_scope(project)
    return await _stream(state, session, scope, _after(last_event_id, last_event_query))
