"""The per-user daily LLM token budget (``LLM_DAILY_TOKEN_BUDGET``).

Every assistant call records its tokens (``core.repositories.usage``; the offline provider
records its estimate, ~4 characters per token). Before a call, the tokens the user spent since
UTC midnight are summed; once they reach the budget, the call is refused with
``429 LLM_BUDGET_EXCEEDED``, ``Retry-After`` and ``resetIn`` (seconds to the next UTC midnight)
and ``resetAt``. The check precedes the call, so one call may take a user past the budget by its
own size (a 200 KB spec is about 50,000 tokens); the ``assistant`` rate limit bounds how many
calls can be in flight at once.
"""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime, time, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from api.schemas import iso
from core.errors import LlmBudgetExceeded
from core.repositories import usage as usage_repo


def day_window(now: datetime) -> tuple[datetime, datetime]:
    """The UTC day ``now`` is in: its midnight and the next one."""
    start = datetime.combine(now.astimezone(UTC).date(), time(0), tzinfo=UTC)
    return start, start + timedelta(days=1)


async def check_llm_budget(session: AsyncSession, user_id: uuid.UUID, budget: int) -> None:
    """Refuse (429) when the user has spent ``budget`` tokens today; 0 refuses every call."""
    now = datetime.now(UTC)
    start, reset = day_window(now)
    used = await usage_repo.tokens_since(session, user_id, start)
    if used >= budget:
        reset_in = max(1, math.ceil((reset - now).total_seconds()))
        raise LlmBudgetExceeded(budget, used, reset_in, iso(reset))
