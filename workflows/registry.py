"""Every workflow the worker runs: shared by the worker, the tests and the replay tests."""

from __future__ import annotations

from workflows.generate import GenerateBlueprintWorkflow

WORKFLOWS: list[type] = [GenerateBlueprintWorkflow]
