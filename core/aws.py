"""boto3 clients: the local moto server by default, real AWS when AWS_ENDPOINT_URL is unset."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config

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
