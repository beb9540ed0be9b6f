"""Per-category rate limits on the ``limits`` library (memory or Redis storage)."""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from starlette.requests import Request

from core.errors import RateLimited
from core.settings import Settings

# The API contract's limits (README, "Rate limits"): authentication 10/min, project operations
# 100/min, blueprint generation 10/min, deployments 5/min; the assistant 20/min per user.
CATEGORIES: dict[str, str] = {
    "auth": "10/minute",
    "project": "100/minute",
    "generation": "10/minute",
    "deployment": "5/minute",
    "assistant": "20/minute",  # chat and prompt-based generation (each may send 200 KB to an LLM)
    "public": "300/minute",
    "status": "600/minute",
    "sandbox": "600/minute",  # calls to a sandbox's API, per sandbox and client IP
}


@dataclass
class LimitState:
    limit: int
    remaining: int
    reset_at: float

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(0, self.remaining)),
            "X-RateLimit-Reset": str(math.ceil(self.reset_at)),
        }


def async_storage_uri(uri: str) -> str:
    return uri if uri.startswith("async+") else f"async+{uri}"


class RateLimiter:
    def __init__(self, settings: Settings) -> None:
        self.enabled = settings.rate_limit_enabled
        uri = async_storage_uri(settings.rate_limit_storage)
        options = {"implementation": "redispy"} if "redis" in uri.split("://")[0] else {}
        self.storage: Storage = storage_from_string(uri, **options)  # type: ignore[assignment]
        self.strategy = MovingWindowRateLimiter(self.storage)
        self.items: dict[str, RateLimitItem] = {k: parse(v) for k, v in CATEGORIES.items()}
        self.prefix = settings.rate_limit_key_prefix
        self._proxies = [ipaddress.ip_network(p, strict=False) for p in settings.trusted_proxy_list]

    async def hit(self, request: Request, category: str, identity: str) -> LimitState:
        """Count one request; raise 429 when over the limit. Records headers on the request."""
        item = self.items[category]
        if not self.enabled:
            return LimitState(item.amount, item.amount, time.time() + item.get_expiry())
        key = (self.prefix, category, identity)
        allowed = await self.strategy.hit(item, *key)
        stats = await self.strategy.get_window_stats(item, *key)
        state = LimitState(item.amount, stats.remaining, stats.reset_time)
        current: LimitState | None = getattr(request.state, "rate_limit", None)
        if current is None or state.remaining < current.remaining or not allowed:
            request.state.rate_limit = state
        if not allowed:
            reset_in = max(1, math.ceil(stats.reset_time - time.time()))
            headers = state.headers() | {"Retry-After": str(reset_in)}
            raise RateLimited(
                f"Too many requests ({item.amount} per minute for {category} operations); "
                f"retry in {reset_in} s",
                headers=headers,
                resetIn=reset_in,
            )
        return state

    def client_ip(self, request: Request) -> str:
        peer = request.client.host if request.client else "unknown"
        if not self._proxies or not self._trusted(peer):
            return peer
        forwarded = request.headers.get("x-forwarded-for", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        # Walk from the nearest hop: the first address that is not a trusted proxy is the client.
        for hop in reversed(hops):
            if not self._trusted(hop):
                return hop
        return hops[0] if hops else peer

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self._proxies)

    async def check(self) -> None:
        if not await self.storage.check():
            raise ConnectionError("rate-limit storage did not answer")

    async def reset(self) -> None:
        await self.storage.reset()
