"""409: conflicts with the current state (documented per operation with ``api.openapi.raises``)."""

from __future__ import annotations

from typing import Any, ClassVar

from core.errors.base import SlipwayError


class Conflict(SlipwayError):
    """Base of the conflicts with the current state (documented per operation)."""

    status, code = 409, "CONFLICT"


class EmailTaken(Conflict):
    code = "EMAIL_TAKEN"
    default_message = "An account with this email already exists; log in"


class ProjectArchived(Conflict):
    code = "PROJECT_ARCHIVED"
    default_message = "This project is archived and read-only; create a new project to make changes"


class VersionConflict(Conflict):
    code = "VERSION_CONFLICT"

    def __init__(self, latest: int) -> None:
        super().__init__(
            f"The spec changed meanwhile: the latest version is {latest}. "
            "Reload the spec, merge your edits and apply again with baseVersion set to it.",
            latestVersion=latest,
        )


class NothingToUndo(Conflict):
    code = "NOTHING_TO_UNDO"
    default_message = "The draft has no earlier state to go back to"


class NoSpec(Conflict):
    code = "NO_SPEC"
    default_message = (
        "The project has no applied spec yet: POST /projects/{id}/spec/apply first "
        "(or chat with the assistant and apply the draft)"
    )


class NoRevisions(Conflict):
    code = "NO_REVISIONS"
    default_message = "The project has no revisions yet: generate a blueprint first"


class NoBlueprint(Conflict):
    code = "NO_BLUEPRINT"
    default_message = (
        "The project has no completed blueprint: POST /projects/{id}/spec/generate-blueprint"
    )


class BlueprintNotReady(Conflict):
    code = "BLUEPRINT_NOT_READY"

    def __init__(self, blueprint_id: object, status: str, action: str) -> None:
        super().__init__(f"Blueprint {blueprint_id} is {status}; {action} a completed blueprint")


class ValidationStartedTwice(Conflict):
    code = "CONFLICT"
    default_message = "Another validation of this blueprint started at the same moment; retry"


class OperationInProgress(Conflict):
    code = "OPERATION_IN_PROGRESS"

    def __init__(self, running: str | None) -> None:
        super().__init__(
            f"Deployment {running or '(unknown)'} is still in progress for this project; wait "
            "for it, or continue/cancel it (POST /deployments/{id}/continue or /cancel)",
            runningDeploymentId=running,
        )


class ChangesRefused(Conflict):
    """Changes against the deployed revision that a deploy may not carry as they are."""

    template: ClassVar[str] = "{n} change(s) refused"

    def __init__(self, changes: list[dict[str, Any]]) -> None:
        super().__init__(self.template.format(n=len(changes)), changes=changes)


class ChangeBlocked(ChangesRefused):
    code = "CHANGE_BLOCKED"
    template = (
        "{n} change(s) against the deployed revision are blocked "
        "(they would break data or clients); change the spec instead"
    )


class AcknowledgementRequired(ChangesRefused):
    code = "ACKNOWLEDGEMENT_REQUIRED"
    template = (
        "{n} unsafe change(s) against the deployed revision; send "
        '"acknowledge": ["unsafe"] to deploy them'
    )


class NotParked(Conflict):
    code = "NOT_PARKED"

    def __init__(self, deployment_id: object, status: str) -> None:
        super().__init__(
            f"Deployment {deployment_id} is {status}: only a failed deployment that is waiting "
            "for a decision can be continued or rolled back"
        )


class NotRunning(Conflict):
    code = "NOT_RUNNING"


class NothingToRollBack(Conflict):
    code = "NOTHING_TO_ROLL_BACK"
    default_message = (
        "Nothing to roll back to: no earlier deploy or rollback of another revision completed "
        "successfully. GET /projects/{id}/deployments lists them; destroy with "
        "DELETE /projects/{id}/stack"
    )
