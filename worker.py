"""The Temporal worker: ``python worker.py``. Stops gracefully on SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import logging
import signal
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from temporalio.worker import Worker

from activities.deps import ActivityDeps
from activities.registry import build_activities
from core import temporal
from core.logging import configure_logging
from core.settings import Settings, get_settings
from workflows.registry import WORKFLOWS

logger = logging.getLogger("slipway.worker")


def build_worker(client: object, settings: Settings, deps: ActivityDeps) -> Worker:
    return Worker(
        client,  # type: ignore[arg-type]
        task_queue=settings.task_queue,
        workflows=WORKFLOWS,
        activities=build_activities(deps),
        activity_executor=ThreadPoolExecutor(max_workers=16),
        max_concurrent_activities=64,
        graceful_shutdown_timeout=timedelta(seconds=10),
    )


async def main() -> None:
    settings = get_settings()
    configure_logging(settings.log_level)
    client = await temporal.connect(settings)
    deps = ActivityDeps.create(settings)
    worker = build_worker(client, settings, deps)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with worker:
        logger.info(
            "worker started",
            extra={"taskQueue": settings.task_queue, "temporal": settings.temporal_address},
        )
        await stop.wait()
        logger.info("worker stopping: finishing in-flight tasks")
    await deps.engine.dispose()
    logger.info("worker stopped")


if __name__ == "__main__":
    asyncio.run(main())
