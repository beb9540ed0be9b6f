"""5xx: failures of Slipway or what it depends on (the LLM provider, Temporal, the database, the
sandbox's AWS and PostgreSQL), and CPU work past its time bound."""

from __future__ import annotations

from core.errors.base import SlipwayError


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
