"""Liveness endpoint."""

from __future__ import annotations

from typing import Any


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": '{"status": "ok"}',
    }
