"""Exit codes and errors: the API's message and code, plus what to do next."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

import httpx


class ExitCode(IntEnum):
    """How a command ended (documented in ``slipway --help`` and the README)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    AUTH = 3
    NOT_FOUND = 4
    CONFLICT = 5
    INVALID = 6
    UNAVAILABLE = 7
    FAILED = 10
    PARKED = 11
    DETACHED = 130


EXIT_CODES_HELP = (
    "Exit codes: 0 done (a followed operation completed); 1 other API error; 2 usage; "
    "3 not logged in or credentials rejected; 4 not found; 5 conflict (operation in progress, "
    "unsafe or blocked changes, version conflict); 6 input rejected (e.g. a spec that does not "
    "compile); 7 API unreachable or unavailable; 10 the operation failed, was cancelled or "
    "rolled back; 11 a deployment failed and waits for a decision; 130 detached with Ctrl-C "
    "(the operation goes on)."
)

_BY_STATUS = {
    400: ExitCode.INVALID,
    401: ExitCode.AUTH,
    403: ExitCode.AUTH,
    404: ExitCode.NOT_FOUND,
    409: ExitCode.CONFLICT,
    413: ExitCode.INVALID,
    422: ExitCode.INVALID,
    429: ExitCode.UNAVAILABLE,
}

# What to do next, per API error code (then per HTTP status).
HINTS: dict[str, str] = {
    "UNAUTHORIZED": "run `slipway login`",
    "TOKEN_REUSED": "your session was revoked: run `slipway login`",
    "INVALID_CREDENTIALS": "check the email and password, or create an account: `slipway signup`",
    "EMAIL_TAKEN": "log in instead: `slipway login`",
    "WEAK_PASSWORD": "choose a password of at least 10 characters that is not your email",
    "NOT_FOUND": "check the id or name: `slipway projects list`, `slipway deployments list`",
    "PROJECT_ARCHIVED": "archived projects are read-only: create a new one with "
    "`slipway projects create`",
    "UNKNOWN_TEMPLATE": "see the templates: `slipway templates list`",
    "NO_SPEC": "write a spec first: `slipway chat`, `slipway spec edit` or "
    "`slipway spec apply FILE`",
    "SPEC_INVALID": "fix the lines above and apply again",
    "SPEC_TOO_LARGE": "a spec is at most 200 KB: split or trim it",
    "VERSION_CONFLICT": "someone applied a newer version: `slipway spec show`, then edit again",
    "NOTHING_TO_UNDO": "the draft is back at its start",
    "NO_BLUEPRINT": "generate one: `slipway generate`",
    "NO_REVISIONS": "generate a blueprint first: `slipway generate`",
    "BLUEPRINT_NOT_READY": "wait for the blueprint: `slipway blueprints list`",
    "NO_VALIDATION": "run `slipway validate` first",
    "ACKNOWLEDGEMENT_REQUIRED": "review the changes above, then run again with "
    "`--acknowledge unsafe`",
    "CHANGE_BLOCKED": "these changes would destroy data or break clients: change the spec "
    "(`slipway spec edit`) and generate again",
    "OPERATION_IN_PROGRESS": "follow it with `slipway deployments show {runningDeploymentId} "
    "--follow`, or decide with `slipway continue`, `slipway rollback` or `slipway cancel`",
    "NOT_PARKED": "only a failed deployment waiting for a decision can be continued or rolled "
    "back: `slipway deployments list`",
    "NOT_RUNNING": "the deployment already ended: `slipway deployments list`",
    "ROLLBACK_TARGET_INVALID": "pick a completed deploy or rollback from "
    "`slipway deployments list`",
    "NOTHING_TO_ROLL_BACK": "no earlier successful deployment of another revision: "
    "`slipway deployments list`; destroy everything with `slipway destroy`",
    "RATE_LIMITED": "wait {retryAfter} s and run it again",
    "TEMPORAL_UNAVAILABLE": "the workflow engine is down; nothing was started: retry shortly",
    "DATABASE_UNAVAILABLE": "the API's database is unreachable; nothing was saved: retry shortly",
    "DATABASE_BUSY": "the API is overloaded; nothing was saved: retry shortly",
    "LLM_UNAVAILABLE": "the assistant's model did not answer: retry shortly",
    "LLM_INVALID_OUTPUT": "the assistant answered with a spec that does not compile; rephrase "
    "and retry",
}
_STATUS_HINTS = {
    401: "run `slipway login`",
    403: "this credential may not do that: `slipway whoami`",
    404: "check the id or name",
    500: "the API failed; retry, and report it with the request id if it persists",
    502: "an upstream service failed: retry shortly",
    503: "the API is unavailable: retry shortly",
}


class CliError(Exception):
    """A failure to report: message, optional API code and status, a hint, an exit code."""

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        hint: str | None = None,
        exit_code: ExitCode = ExitCode.ERROR,
        body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.hint = hint
        self.exit_code = exit_code
        self.body = body or {}

    def to_json(self) -> dict[str, Any]:
        return {
            "error": self.message,
            "code": self.code,
            "status": self.status,
            "hint": self.hint,
            "exitCode": int(self.exit_code),
            **{k: v for k, v in self.body.items() if k in ("errors", "changes", "latestVersion")},
        }


def _exit_code_for(status: int) -> ExitCode:
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ExitCode.UNAVAILABLE if status >= 500 else ExitCode.ERROR


def hint_for(code: str | None, status: int, body: dict[str, Any]) -> str | None:
    template = HINTS.get(code or "") or _STATUS_HINTS.get(status)
    if template is None and status >= 500:
        template = _STATUS_HINTS[500]
    if template is None:
        return None
    values = {k: str(v) for k, v in body.items() if isinstance(v, str | int)}
    values.setdefault("retryAfter", str(body.get("resetIn", "a few")))
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template.split(" {", 1)[0]


def from_response(response: httpx.Response) -> CliError:
    """The API's uniform error body (``{"error", "code", ...}``) as a CliError."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    status = response.status_code
    message = str(body.get("error") or body.get("detail") or response.reason_phrase or status)
    code = body.get("code") if isinstance(body.get("code"), str) else None
    if "retry-after" in response.headers:
        body.setdefault("retryAfter", response.headers["retry-after"])
    request_id = response.headers.get("x-request-id")
    if status >= 500 and request_id:
        message = f"{message} (request id {request_id})"
    return CliError(
        message,
        code=code,
        status=status,
        hint=hint_for(code, status, body),
        exit_code=_exit_code_for(status),
        body=body,
    )
