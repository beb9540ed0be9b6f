"""Who is calling: the principal behind a request (a user's session or one of their API keys).

The API resolves it once per request (``api.deps.current_principal``) and keeps it on
``request.state.principal``; services and the audit log read it from there.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: uuid.UUID
    session_id: str | None = None
    """The refresh-token family the access token belongs to (None for API keys)."""
    api_key_id: uuid.UUID | None = None
    """Set when the caller authenticated with an API key (``slw_…``)."""
    scopes: frozenset[str] | None = None
    """An API key's scopes; None means a user's session, which may do everything it owns."""
    project_id: uuid.UUID | None = None
    """The one project an API key is bound to, if any."""

    @property
    def rate_identity(self) -> str:
        """What rate limits count by: each API key apart from its user's sessions."""
        if self.api_key_id is not None:
            return f"key:{self.api_key_id}"
        return f"user:{self.user_id}"

    @property
    def actor(self) -> str:
        """How the audit log names the caller: ``user:<id>`` or ``api_key:<id>``."""
        if self.api_key_id is not None:
            return f"api_key:{self.api_key_id}"
        return f"user:{self.user_id}"
