"""413 and 422: input the request schema let through that a service refuses."""

from __future__ import annotations

from core.errors.base import SlipwayError


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


class SandboxRowLimit(InvalidInput):
    """Seeding would take an entity past the sandbox's row limit (``SANDBOX_ROWS_MAX``)."""

    code = "SANDBOX_ROW_LIMIT"

    def __init__(self, entity: str, limit: int) -> None:
        super().__init__(
            f"A sandbox holds at most {limit} {entity} rows: delete some, seed fewer or "
            "DELETE the sandbox to start empty",
            limit=limit,
        )
