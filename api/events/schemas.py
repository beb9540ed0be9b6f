"""Stream ticket bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from api.schemas import CamelModel, RequestModel


class TicketBody(RequestModel):
    project_id: Annotated[str | None, Field(max_length=64)] = None
    """Limit the ticket to this project's streams."""


class TicketOut(CamelModel):
    ticket: str
    """Single use, for ``?ticket=`` on a stream endpoint (``EventSource`` cannot send headers)."""
    expires_at: datetime
