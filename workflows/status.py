"""The status vocabulary of every run kind, from the workflow to the API (one place).

A run's status is written by its workflow (the ``Progress`` it reports through the
``get_progress`` query and the memo) and by its activities (the database row). Each run kind has
one ``StrEnum`` holding every value either side writes, and ``public`` maps a value to what the
API answers. The public values are part of the API contract (docs/architecture.md, "Status
path"): a generation or validation that is queued or running reads ``processing``; a deployment
that its workflow reports as queued or processing reads ``running``.
"""

from __future__ import annotations

from enum import StrEnum


class _RunStatus(StrEnum):
    """Shared behaviour; each subclass is one run kind's vocabulary."""

    @property
    def terminal(self) -> bool:
        """The run has ended (its row no longer changes)."""
        return self.value in TERMINAL

    @property
    def public(self) -> str:
        """The value the API answers for this status."""
        return type(self).to_public(self.value)

    @classmethod
    def to_public(cls, value: str) -> str:
        """The value the API answers for a stored or reported status of this run kind."""
        return _PUBLIC[cls].get(value, value)


class GenerationStatus(_RunStatus):
    """A blueprint generation (``GenerateBlueprint``)."""

    QUEUED = "queued"
    PROCESSING = "processing"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class ValidationStatus(_RunStatus):
    """A validation (``ValidateBlueprint``): the row says running, the workflow processing."""

    QUEUED = "queued"
    RUNNING = "running"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


class DeploymentStatus(_RunStatus):
    """A stack operation (``Deploy``, ``Destroy``, ``Rollback``).

    ``failed`` with no ``completed_at`` is a deploy parked awaiting a decision.
    """

    QUEUED = "queued"
    RUNNING = "running"
    PROCESSING = "processing"
    FAILED = "failed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    ROLLED_BACK = "rolled_back"


class DeploymentKind(StrEnum):
    DEPLOY = "deploy"
    PREVIEW = "preview"
    DESTROY = "destroy"
    ROLLBACK = "rollback"


TERMINAL = frozenset({"completed", "failed", "cancelled", "rolled_back"})
"""Statuses after which a row is final (a parked deploy is ``failed`` too: see its
``completed_at``)."""

_PUBLIC: dict[type[_RunStatus], dict[str, str]] = {
    GenerationStatus: {"queued": "processing", "running": "processing"},
    ValidationStatus: {"queued": "processing", "running": "processing"},
    DeploymentStatus: {"queued": "running", "processing": "running"},
}


def is_terminal(value: str) -> bool:
    return value in TERMINAL
