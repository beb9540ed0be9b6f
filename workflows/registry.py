"""Every workflow the worker runs: shared by the worker, the tests and the replay tests."""

from __future__ import annotations

from workflows.drift import DriftCheckWorkflow
from workflows.generate import GenerateBlueprintWorkflow
from workflows.stack_ops import DeployWorkflow, DestroyWorkflow, RollbackWorkflow
from workflows.validate import ValidateBlueprintWorkflow
from workflows.webhooks import WebhookDeliveryWorkflow

WORKFLOWS: list[type] = [
    GenerateBlueprintWorkflow,
    ValidateBlueprintWorkflow,
    DeployWorkflow,
    DestroyWorkflow,
    RollbackWorkflow,
    WebhookDeliveryWorkflow,
    DriftCheckWorkflow,
]
