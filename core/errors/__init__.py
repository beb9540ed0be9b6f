"""Every error the API answers: one class per error code, carrying its HTTP status and code.

Services (and the Temporal plumbing in ``core.temporal``) raise these; ``api.errors`` renders
any of them as the uniform problem+json body. Endpoints name the conflicts (409) and upstream
failures (502) they can answer with ``api.openapi.raises(...)``, and the OpenAPI document's 409
descriptions are generated from those declarations.

Grouped by status: ``base`` (``SlipwayError``), ``auth`` (401, 403), ``missing`` (404),
``conflicts`` (409), ``invalid`` (413, 422), ``throttled`` (429), ``server`` (5xx); import them
from ``core.errors``.
"""

from __future__ import annotations

from core.errors.auth import (
    CsrfHeaderRequired,
    InsufficientScope,
    InvalidCredentials,
    InvalidRefreshToken,
    TokenReused,
    Unauthorized,
)
from core.errors.base import SlipwayError
from core.errors.conflicts import (
    AcknowledgementRequired,
    BlueprintNotReady,
    ChangeBlocked,
    ChangesRefused,
    Conflict,
    EmailTaken,
    NoBlueprint,
    NoRevisions,
    NoSpec,
    NothingToRollBack,
    NothingToUndo,
    NotParked,
    NotRunning,
    OperationInProgress,
    ProjectArchived,
    ValidationStartedTwice,
    VersionConflict,
)
from core.errors.invalid import (
    BlueprintTooLarge,
    InvalidCursor,
    InvalidInput,
    RollbackTargetInvalid,
    SandboxRowLimit,
    SpecInvalid,
    SpecTooLarge,
    UnknownTemplate,
    WeakPassword,
    WebhookUrlRefused,
)
from core.errors.missing import (
    NoBlueprintYet,
    NoSandbox,
    NotFound,
    NoValidation,
)
from core.errors.server import (
    AssistantFailed,
    ComputeTimeout,
    DatabaseBusy,
    DatabaseUnavailable,
    LlmInvalidOutput,
    LlmUnavailable,
    SandboxAwsUnavailable,
    SandboxPostgresUnavailable,
    SdkGenerationFailed,
    ServiceUnavailable,
    TemporalUnavailable,
)
from core.errors.throttled import (
    LlmBudgetExceeded,
    LoginThrottled,
    RateLimited,
)

__all__ = [
    "AcknowledgementRequired",
    "AssistantFailed",
    "BlueprintNotReady",
    "BlueprintTooLarge",
    "ChangeBlocked",
    "ChangesRefused",
    "ComputeTimeout",
    "Conflict",
    "CsrfHeaderRequired",
    "DatabaseBusy",
    "DatabaseUnavailable",
    "EmailTaken",
    "InsufficientScope",
    "InvalidCredentials",
    "InvalidCursor",
    "InvalidInput",
    "InvalidRefreshToken",
    "LlmBudgetExceeded",
    "LlmInvalidOutput",
    "LlmUnavailable",
    "LoginThrottled",
    "NoBlueprint",
    "NoBlueprintYet",
    "NoRevisions",
    "NoSandbox",
    "NoSpec",
    "NoValidation",
    "NotFound",
    "NotParked",
    "NotRunning",
    "NothingToRollBack",
    "NothingToUndo",
    "OperationInProgress",
    "ProjectArchived",
    "RateLimited",
    "RollbackTargetInvalid",
    "SandboxAwsUnavailable",
    "SandboxPostgresUnavailable",
    "SandboxRowLimit",
    "SdkGenerationFailed",
    "ServiceUnavailable",
    "SlipwayError",
    "SpecInvalid",
    "SpecTooLarge",
    "TemporalUnavailable",
    "TokenReused",
    "Unauthorized",
    "UnknownTemplate",
    "ValidationStartedTwice",
    "VersionConflict",
    "WeakPassword",
    "WebhookUrlRefused",
]
