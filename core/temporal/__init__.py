"""Temporal plumbing in one place: the client (``client``), starting workflows (``start``) and
reading a running workflow's progress (``status``). Workflows and activities live in
``workflows/`` and ``activities/``; the API refers to them by type (``XWorkflow.run``,
``XWorkflow.get_progress``, ``DeployWorkflow.continue_deploy``), never by name."""

from core.temporal.client import TemporalHandle, connect
from core.temporal.start import start_or_find, start_workflow
from core.temporal.status import ProgressQuery, StatusReader

__all__ = [
    "ProgressQuery",
    "StatusReader",
    "TemporalHandle",
    "connect",
    "start_or_find",
    "start_workflow",
]
