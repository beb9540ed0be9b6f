"""Drift endpoints: start a check, read the latest report."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.audit.recorder import audited
from api.deps import OwnedProject, ProjectLimit, Session, State
from api.drift import service
from api.drift.schemas import DriftAccepted, DriftOut
from api.keys.scopes import Scope, requires
from api.schemas import Data

router = APIRouter(tags=["drift"], dependencies=[ProjectLimit])


@router.post(
    "/projects/{project_id}/drift",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DriftAccepted,
)
@audited("drift.check")
@requires(Scope.DEPLOY)
async def start_drift_check(project: OwnedProject, session: Session, state: State) -> DriftAccepted:
    """Compare what is live with what was last deployed (a ``DriftCheck`` workflow); while a
    check runs, starting another answers the running one."""
    report = await service.start(state, session, project)
    return DriftAccepted(
        id=str(report.id), status=report.status, status_url=f"/projects/{project.id}/drift"
    )


@router.get("/projects/{project_id}/drift", response_model=Data[DriftOut])
@requires(Scope.PROJECTS_READ)
async def get_drift(project: OwnedProject, session: Session) -> Data[DriftOut]:
    """The latest finished report (``unknown`` before the first one) and any running check."""
    finished, running = await service.latest(session, project)
    return Data(data=DriftOut.of(str(project.id), finished, running))
