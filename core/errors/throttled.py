"""429: rate limits, login throttling and the daily LLM budget."""

from __future__ import annotations

from core.errors.base import SlipwayError


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
