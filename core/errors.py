"""Every error the API answers: one class per error code, carrying its HTTP status and code.

Services (and the Temporal plumbing in ``core.temporal``) raise these; ``api.errors`` renders
any of them as the uniform problem+json body. Endpoints name the conflicts (409) and upstream
failures (502) they can answer with ``api.openapi.raises(...)``, and the OpenAPI document's 409
descriptions are generated from those declarations.
"""

from __future__ import annotations

from typing import Any, ClassVar


class SlipwayError(Exception):
    """An error answered with the uniform body: ``{"error", "code"}`` plus RFC 7807 members."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "INTERNAL_ERROR"
    default_message: ClassVar[str] = "Internal server error"
    default_headers: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        message: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        detail: str | None = None,
        **extra: Any,
    ) -> None:
        self.message = message or self.default_message
        self.detail = detail
        """What went wrong, for logs and health checks (never part of the response body)."""
        super().__init__(detail or self.message)
        self.headers = {**self.default_headers, **(headers or {})}
        self.extra = extra


# --- 401 ---------------------------------------------------------------------------------------


class Unauthorized(SlipwayError):
    status, code = 401, "UNAUTHORIZED"
    default_message = "Missing or invalid access token"
    default_headers = {"WWW-Authenticate": "Bearer"}


class InvalidRefreshToken(SlipwayError):
    status, code = 401, "UNAUTHORIZED"
    default_message = "Invalid refresh token; log in again"


class InvalidCredentials(SlipwayError):
    status, code = 401, "INVALID_CREDENTIALS"
    default_message = "Invalid email or password"


class TokenReused(SlipwayError):
    status, code = 401, "TOKEN_REUSED"
    default_message = (
        "This refresh token was already used; every session of this login has been "
        "signed out. Log in again."
    )


# --- 403 ---------------------------------------------------------------------------------------


class InsufficientScope(SlipwayError):
    """An API key without the operation's scope, used outside its project, or on an operation
    API keys may not call (``api.keys.scopes``)."""

    status, code = 403, "INSUFFICIENT_SCOPE"
    default_message = "This API key may not call this operation"


class CsrfHeaderRequired(SlipwayError):
    status, code = 403, "CSRF_HEADER_REQUIRED"
    default_message = (
        "The slipway_refresh cookie is only accepted with the header X-Slipway-CSRF: 1"
    )


# --- 404 ---------------------------------------------------------------------------------------


class NotFound(SlipwayError):
    """Missing, malformed, or someone else's: all look the same (no enumeration)."""

    status, code = 404, "NOT_FOUND"

    def __init__(self, what: str = "Resource") -> None:
        super().__init__(f"{what} not found")


class NoBlueprintYet(SlipwayError):
    """Artifacts of a project that has no revision yet."""

    status, code = 404, "NO_BLUEPRINT"
    default_message = (
        "This project has no blueprint yet: apply a spec, then "
        "POST /projects/{id}/spec/generate-blueprint and wait for it to complete"
    )


class NoValidation(SlipwayError):
    status, code = 404, "NO_VALIDATION"
    default_message = "This blueprint has not been validated yet: POST /blueprints/{id}/validate"


# --- 409 ---------------------------------------------------------------------------------------


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


# --- 413 / 422 ---------------------------------------------------------------------------------


class SpecTooLarge(SlipwayError):
    status, code = 413, "SPEC_TOO_LARGE"


class InvalidInput(SlipwayError):
    """Base of the 422 answers a service gives after the request itself validated."""

    status, code = 422, "VALIDATION_ERROR"


class WeakPassword(InvalidInput):
    code = "WEAK_PASSWORD"

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message, errors=[{"field": "body.password", "message": reason}])


class SpecInvalid(InvalidInput):
    code = "SPEC_INVALID"


class BlueprintTooLarge(InvalidInput):
    """The revision's stacks would break a CloudFormation limit (``slipway.synth.limits``)."""

    code = "BLUEPRINT_TOO_LARGE"


class InvalidCursor(InvalidInput):
    code = "INVALID_CURSOR"
    default_message = "Invalid cursor: pass meta.nextCursor unchanged"


class UnknownTemplate(InvalidInput):
    code = "UNKNOWN_TEMPLATE"


class RollbackTargetInvalid(InvalidInput):
    code = "ROLLBACK_TARGET_INVALID"


class WebhookUrlRefused(InvalidInput):
    """A webhook URL Slipway will not deliver to (shape, or an address SSRF rules refuse)."""

    code = "WEBHOOK_URL_REFUSED"

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"Webhook URL refused: {reason}", errors=[{"field": "body.url", "message": reason}]
        )


# --- 429 / 5xx ---------------------------------------------------------------------------------


class RateLimited(SlipwayError):
    status, code = 429, "RATE_LIMITED"


class LoginThrottled(RateLimited):
    """Failed logins for one account from addresses it has not logged in from (OWASP: a
    bounded, growing delay per account instead of a lockout)."""

    code = "LOGIN_THROTTLED"

    def __init__(self, retry_in: int) -> None:
        super().__init__(
            "Too many failed logins for this account from new addresses; retry in "
            f"{retry_in} s (an address this account logged in from recently is not delayed)",
            headers={"Retry-After": str(retry_in)},
            resetIn=retry_in,
        )


class LlmBudgetExceeded(RateLimited):
    """The user's daily LLM token budget (``LLM_DAILY_TOKEN_BUDGET``) is spent."""

    code = "LLM_BUDGET_EXCEEDED"

    def __init__(self, budget: int, used: int, reset_in: int, reset_at: str) -> None:
        super().__init__(
            f"The daily assistant budget of {budget} tokens is spent ({used} used today); "
            f"it resets at {reset_at} (UTC midnight), in {reset_in} s",
            headers={"Retry-After": str(reset_in)},
            resetIn=reset_in,
            resetAt=reset_at,
            budget=budget,
            used=used,
        )


class SdkGenerationFailed(SlipwayError):
    status, code = 500, "SDK_GENERATION_FAILED"
    default_message = (
        "The SDK generator failed on this API; the OpenAPI artifact is still available"
    )


class AssistantFailed(SlipwayError):
    """The assistant's LLM provider failed: base of the 502 answers."""

    status, code = 502, "LLM_UNAVAILABLE"

    @staticmethod
    def of(code: str, message: str) -> AssistantFailed:
        """The error class of an assistant error code (``LLM_UNAVAILABLE``, ...)."""
        kind = {c.code: c for c in (LlmUnavailable, LlmInvalidOutput)}.get(code, AssistantFailed)
        return kind(message)


class LlmUnavailable(AssistantFailed):
    code = "LLM_UNAVAILABLE"


class LlmInvalidOutput(AssistantFailed):
    code = "LLM_INVALID_OUTPUT"


class ServiceUnavailable(SlipwayError):
    status, code = 503, "SERVICE_UNAVAILABLE"


class TemporalUnavailable(ServiceUnavailable):
    code = "TEMPORAL_UNAVAILABLE"
    default_message = (
        "The workflow engine is unavailable; nothing was started. Retry shortly "
        "(with the same Idempotency-Key to avoid duplicates)."
    )
    default_headers = {"Retry-After": "5"}


class DatabaseUnavailable(ServiceUnavailable):
    code = "DATABASE_UNAVAILABLE"
    default_message = "The database is unavailable; nothing was saved. Retry shortly."
    default_headers = {"Retry-After": "5"}


class ComputeTimeout(ServiceUnavailable):
    """CPU work (compiling, diffing, classifying, an artifact build) did not finish within its
    time bound (``COMPUTE_TIMEOUT``, ``ARTIFACT_TIMEOUT``): the server is busy."""

    code = "COMPUTE_TIMEOUT"
    default_headers = {"Retry-After": "10"}

    def __init__(self, what: str, seconds: float) -> None:
        super().__init__(
            f"{what} did not finish within {seconds:g} s (the server is busy); nothing was "
            "saved. Retry shortly.",
            timeoutSeconds=seconds,
        )


class DatabaseBusy(ServiceUnavailable):
    code = "DATABASE_BUSY"
    default_message = (
        "Every database connection is in use (overload); nothing was saved. Retry shortly."
    )
    default_headers = {"Retry-After": "2"}


# --- the sandbox (api/sandbox) -------------------------------------------------------------------


class NoSandbox(SlipwayError):
    status, code = 404, "NO_SANDBOX"
    default_message = "This project has no sandbox: POST /projects/{id}/sandbox starts one"


class SandboxRowLimit(InvalidInput):
    """Seeding would take an entity past the sandbox's row limit (``SANDBOX_ROWS_MAX``)."""

    code = "SANDBOX_ROW_LIMIT"

    def __init__(self, entity: str, limit: int) -> None:
        super().__init__(
            f"A sandbox holds at most {limit} {entity} rows: delete some, seed fewer or "
            "DELETE the sandbox to start empty",
            limit=limit,
        )


class SandboxPostgresUnavailable(ServiceUnavailable):
    code = "SANDBOX_POSTGRES_UNAVAILABLE"
    default_message = (
        "This blueprint uses PostgreSQL and no PostgreSQL is reachable for its sandbox: set "
        "SANDBOX_DATABASE_URL (or DATABASE_URL) to a PostgreSQL server, or run one on "
        "127.0.0.1:5432"
    )


class SandboxAwsUnavailable(ServiceUnavailable):
    code = "SANDBOX_AWS_UNAVAILABLE"
    default_message = (
        "The sandbox's AWS (AWS_ENDPOINT_URL: the local moto server of make run) did not answer; "
        "nothing was changed. Retry shortly."
    )
    default_headers = {"Retry-After": "5"}
