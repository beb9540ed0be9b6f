"""Structured JSON logging with request IDs and secret redaction."""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

SENSITIVE_KEYS = re.compile(
    r"(password|passwd|secret|token|authorization|api[_-]?key|cookie|credential|hash)", re.I
)
# Bearer tokens, JWTs and key=value secrets inside free text.
_TEXT_PATTERNS = [
    (re.compile(r"(?i)bearer\s+[A-Za-z0-9\-_.=]+"), "Bearer [REDACTED]"),
    (re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"), "[REDACTED_JWT]"),
    (re.compile(r"\$argon2id?\$[^\s\"']+"), "[REDACTED_HASH]"),
    (
        re.compile(r"(?i)((?:password|secret|token|api[_-]?key)[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]+"),
        r"\1[REDACTED]",
    ),
]
_RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "requestId"}
_base_factory = logging.getLogRecordFactory()


def _record_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    """Stamp the request ID when the record is created (formatting may happen later)."""
    record = _base_factory(*args, **kwargs)
    record.requestId = request_id_var.get()
    return record


if getattr(_base_factory, "__name__", "") != "_record_factory":
    logging.setLogRecordFactory(_record_factory)


def redact_text(text: str) -> str:
    for pattern, repl in _TEXT_PATTERNS:
        text = pattern.sub(repl, text)
    return text


def redact(value: Any, key: str | None = None) -> Any:
    if key is not None and SENSITIVE_KEYS.search(key):
        return "[REDACTED]"
    if isinstance(value, dict):
        return {k: redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact_text(record.getMessage()),
        }
        rid = getattr(record, "requestId", None) or request_id_var.get()
        if rid:
            payload["requestId"] = rid
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                payload[key] = redact(value, key)
        if record.exc_info:
            payload["exc"] = redact_text(self.formatException(record.exc_info))
        return json.dumps(payload, default=str)


ACCESS_LOGGER = "slipway.access"


def configure_logging(
    level: str = "INFO", service: str = "slipway", *, access_log: bool = False
) -> None:
    """JSON logs on stderr at ``level``. One ``request`` line per HTTP request (logger
    ``slipway.access``) only with ``access_log`` (``ACCESS_LOG=true``): rendering a JSON line
    per request is a measurable share of a cheap request's cost (README, "Benchmarks")."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        lg = logging.getLogger(name)
        lg.handlers[:] = []
        lg.propagate = True
    logging.getLogger("uvicorn.access").setLevel("WARNING")
    logging.getLogger("httpx").setLevel("WARNING")
    logging.getLogger("botocore").setLevel("WARNING")
    logging.getLogger("temporalio").setLevel("INFO")
    logging.getLogger(service).setLevel(level.upper())
    logging.getLogger(ACCESS_LOGGER).setLevel(level.upper() if access_log else "WARNING")
