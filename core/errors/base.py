"""The base of every error the API answers (``core.errors`` re-exports it)."""

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
