"""CPU-bound work off the event loop, within a time bound.

Compiling a spec, diffing and classifying revisions and building artifacts are pure Python and
can take seconds on the largest inputs. Run on the event loop they would stall every other
request of the process (``/health`` included), so they run here instead:

- in one of two fixed pools of worker threads (``COMPUTE_WORKERS`` each): ``COMPILE`` for
  compiling, diffing and classifying, ``ARTIFACTS`` for artifact builds, so a burst of SDK builds
  never starves ``/spec/apply``;
- with a deadline that covers queueing and running (``COMPUTE_TIMEOUT``, ``ARTIFACT_TIMEOUT``):
  past it the request answers ``503 COMPUTE_TIMEOUT`` with ``Retry-After`` instead of hanging.

Why threads and not processes: a thread cannot be killed, so the bound on the work itself comes
from its input, and the bound on the answer from the deadline. Every input is bounded: a spec
is at most 200 KB and compiles in linear time (``make bench``: a 180 KB spec of 3,700
many-to-many relationships in under 1 s), and stored revisions come from such specs. Work past
its deadline that has not started is cancelled; work already running finishes in its worker and
is dropped, and because the pools are fixed, abandoned work never multiplies: at most
``COMPUTE_WORKERS`` threads per pool ever compete for the CPU. The one artifact that runs an
external program, the Python SDK, runs it as a subprocess that is killed at the deadline. A
process pool would add a copy of every multi-megabyte blueprint per call and a fresh interpreter
per killed task, for work the input bound already limits.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

from core.errors import ComputeTimeout
from core.settings import get_settings

P = ParamSpec("P")
T = TypeVar("T")

COMPILE = "compile"
ARTIFACTS = "artifacts"
_POOLS: dict[str, ThreadPoolExecutor] = {}


def _pool(kind: str) -> ThreadPoolExecutor:
    pool = _POOLS.get(kind)
    if pool is None:
        workers = get_settings().compute_workers
        pool = _POOLS[kind] = ThreadPoolExecutor(workers, thread_name_prefix=f"slipway-{kind}")
    return pool


def deadline(kind: str) -> float:
    """The time bound (seconds) of one piece of work of this kind."""
    settings = get_settings()
    return settings.artifact_timeout if kind == ARTIFACTS else settings.compute_timeout


async def run(kind: str, what: str, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)`` in the ``kind`` pool; ``ComputeTimeout`` (503) when it has not
    finished within the kind's deadline. ``what`` names the work in the error ("Compiling the
    spec"). The caller's context (request ID for the logs) goes along."""
    call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
    future = _pool(kind).submit(call)
    seconds = deadline(kind)
    try:
        return await asyncio.wait_for(asyncio.wrap_future(future), seconds)
    except TimeoutError:
        future.cancel()  # not started yet: it never will; running: it finishes and is dropped
        raise ComputeTimeout(what, seconds) from None


def runner(kind: str, what: str) -> Callable[..., Awaitable[Any]]:
    """``run`` bound to a kind and a name, for code that takes a runner (the assistant's
    providers compile and edit specs through it)."""
    return functools.partial(run, kind, what)
