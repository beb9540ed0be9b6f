"""boto3 clients: the local moto server by default, real AWS when AWS_ENDPOINT_URL is unset."""

from __future__ import annotations

import asyncio
import os
import time
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from core.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_cloudformation.client import CloudFormationClient


def client(
    service: str,
    settings: Settings,
    *,
    connect_timeout: float = 5,
    read_timeout: float = 30,
    max_attempts: int = 3,
) -> Any:
    kwargs: dict[str, Any] = {
        "region_name": settings.aws_region,
        "config": Config(
            retries={"max_attempts": max_attempts, "mode": "standard"},
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
        ),
    }
    if settings.aws_endpoint_url:
        kwargs["endpoint_url"] = settings.aws_endpoint_url
        if not os.environ.get("AWS_ACCESS_KEY_ID") and not os.environ.get("AWS_PROFILE"):
            # moto accepts any credentials; never needed (nor used) against real AWS.
            kwargs["aws_access_key_id"] = "slipway-local"
            kwargs["aws_secret_access_key"] = "slipway-local"
    return boto3.client(service, **kwargs)


def cloudformation(settings: Settings, **options: Any) -> CloudFormationClient:
    """A typed CloudFormation client (``client`` options)."""
    cfn: CloudFormationClient = client("cloudformation", settings, **options)
    return cfn


class LiveStacks:
    """Which CloudFormation stacks exist, from one ``DescribeStacks`` listing per
    ``STACKS_CHECK_INTERVAL`` seconds shared by every caller of the process (the status
    endpoints ask it about completed deployments: the local AWS may have lost them, e.g. a moto
    restart without its recording). ``missing`` answers None when the endpoint cannot tell."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ttl = settings.stacks_check_interval
        self._names: frozenset[str] | None = None
        self._at = 0.0
        self._taken = 0.0  # wall-clock time the listing was asked for
        self._lock = asyncio.Lock()

    def _list(self) -> frozenset[str]:
        cfn = cloudformation(self.settings, connect_timeout=2, read_timeout=5, max_attempts=1)
        pages = cfn.get_paginator("describe_stacks").paginate()
        return frozenset(s["StackName"] for page in pages for s in page["Stacks"])

    async def names(self, taken_after: float = 0.0) -> frozenset[str] | None:
        """The listing, refreshed when older than the TTL or asked for before ``taken_after``
        (a UNIX time): a listing taken before a deployment ended cannot know its stacks."""
        async with self._lock:
            aged = time.monotonic() - self._at > self.ttl
            if self._names is None or aged or self._taken <= taken_after:
                taken = time.time()
                try:
                    self._names = await asyncio.to_thread(self._list)
                except (BotoCoreError, ClientError):
                    return None
                self._at, self._taken = time.monotonic(), taken
            return self._names

    async def missing(self, names: list[str], ended_at: float = 0.0) -> list[str] | None:
        """Which of ``names`` do not exist, from a listing asked for after ``ended_at``."""
        live = await self.names(ended_at)
        return None if live is None else [n for n in names if n not in live]


_LIVE: dict[tuple[str | None, str, float], LiveStacks] = {}


def live_stacks(settings: Settings) -> LiveStacks:
    """The process's stack listing of this AWS endpoint and region."""
    key = (settings.aws_endpoint_url, settings.aws_region, settings.stacks_check_interval)
    return _LIVE.setdefault(key, LiveStacks(settings))


_CLIENTS: dict[tuple[str, str | None, str], Any] = {}


def shared_client(service: str, settings: Settings) -> Any:
    """A client kept for the process (boto3 clients are thread-safe, and making one costs
    tens of milliseconds): for hot paths such as the sandbox's."""
    key = (service, settings.aws_endpoint_url, settings.aws_region)
    found = _CLIENTS.get(key)
    if found is None:
        found = _CLIENTS.setdefault(key, client(service, settings))
    return found
