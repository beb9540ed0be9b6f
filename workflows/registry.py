"""Every workflow the worker runs: shared by the worker, the tests and the replay tests."""

from __future__ import annotations

from workflows.generate import GenerateBlueprintWorkflow
from workflows.stack_ops import DeployWorkflow, DestroyWorkflow, RollbackWorkflow

WORKFLOWS: list[type] = [
    GenerateBlueprintWorkflow,
    DeployWorkflow,
    DestroyWorkflow,
    RollbackWorkflow,
]
