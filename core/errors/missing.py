"""404: what does not exist, or is someone else's (they look the same: no enumeration)."""

from __future__ import annotations

from core.errors.base import SlipwayError


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


class NoSandbox(SlipwayError):
    status, code = 404, "NO_SANDBOX"
    default_message = "This project has no sandbox: POST /projects/{id}/sandbox starts one"
