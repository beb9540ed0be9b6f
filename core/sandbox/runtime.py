"""The sandbox's Lambda runtime: the compute stack's functions loaded in this process, each
invocation in a thread of the sandbox's own pool (never on the event loop).

A loaded function is what Lambda calls a container: its code (``index.py`` exactly as the
compute stack declares it) executed as a fresh module whose ``ENV`` is the function's own
environment (the handler reads nothing else), plus the local AWS's endpoint, region and
credentials. Like Lambda, one container serves one invocation at a time: a function busy in
every container gets another (a cold start), up to ``CONTAINERS`` each.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import types
import uuid
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from slipway.sandbox.template import Function

logger = logging.getLogger("slipway.sandbox")
CONTAINERS = 4
_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="sandbox")


class FunctionError(Exception):
    """The function raised, returned something API Gateway cannot use, or timed out."""


@dataclass
class LambdaContext:
    """The ``context`` argument of a handler."""

    function_name: str
    memory_limit_in_mb: int
    deadline: float
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.monotonic()) * 1000))


def load(fn: Function, env: Mapping[str, str], name: str) -> types.ModuleType:
    """One container: the function's code run as a new module with its own environment."""
    module = types.ModuleType(name)
    module.__file__ = f"<sandbox>/{fn.logical_id}/index.py"
    exec(compile(fn.code, module.__file__, "exec"), module.__dict__)  # noqa: S102 (our code)
    module.__dict__["ENV"] = dict(env)  # the handler reads only this environment
    return module


class Loaded:
    """A function's containers: idle ones are reused, a busy function gets another."""

    def __init__(self, fn: Function, env: Mapping[str, str], label: str) -> None:
        self.fn = fn
        self.env = {**fn.env, **env, "AWS_LAMBDA_FUNCTION_NAME": f"{label}-{fn.logical_id}"}
        self.label = label
        self._idle: list[types.ModuleType] = []
        self._count = 0
        self._lock = threading.Lock()
        self._available = threading.Semaphore(CONTAINERS)

    def _acquire(self) -> types.ModuleType:
        self._available.acquire()
        with self._lock:
            if self._idle:
                return self._idle.pop()
            self._count += 1
            n = self._count
        try:
            return load(self.fn, self.env, f"sandbox_{self.label}_{self.fn.logical_id}_{n}")
        except BaseException:
            self._available.release()
            raise

    def _release(self, module: types.ModuleType) -> None:
        with self._lock:
            self._idle.append(module)
        self._available.release()

    def invoke(self, event: dict[str, Any]) -> Any:
        module = self._acquire()
        try:
            context = LambdaContext(
                self.env["AWS_LAMBDA_FUNCTION_NAME"],
                self.fn.memory,
                time.monotonic() + self.fn.timeout,
            )
            return module.handler(event, context)
        finally:
            self._release(module)

    def call(self, name: str, *args: Any) -> Any:
        """A module-level function of one of the containers (e.g. the store's schema)."""
        module = self._acquire()
        try:
            return _attribute(module, name)(*args)
        finally:
            self._release(module)


def _attribute(module: types.ModuleType, dotted: str) -> Any:
    value: Any = module
    for part in dotted.split("."):
        value = value[part] if isinstance(value, dict) else getattr(value, part)
    return value


async def invoke(loaded: Loaded, event: dict[str, Any]) -> Any:
    """Run the function off the event loop; past its timeout the caller stops waiting (the
    thread finishes on its own, as a timed-out Lambda's container is left to)."""
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(_POOL, loaded.invoke, event)
    try:
        return await asyncio.wait_for(future, timeout=loaded.fn.timeout)
    except TimeoutError:
        raise FunctionError(
            f"{loaded.fn.logical_id} timed out after {loaded.fn.timeout} s"
        ) from None
    except Exception as exc:
        logger.exception("sandbox function failed", extra={"function": loaded.fn.logical_id})
        raise FunctionError(f"{loaded.fn.logical_id} raised {type(exc).__name__}") from exc


async def run_in_pool(fn: Any, *args: Any) -> Any:
    """Blocking sandbox work (AWS, PostgreSQL) in the sandbox's thread pool."""
    return await asyncio.get_running_loop().run_in_executor(_POOL, fn, *args)
