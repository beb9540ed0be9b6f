"""Python SDK generation with openapi-python-client, cached on disk by content.

Generating costs seconds of CPU (a subprocess), so each package is built once per content: the
cache key is a hash of the OpenAPI document, the package name and the generator's version, and
the cache lives under ``SLIPWAY_DATA_DIR/sdk-cache`` (``diskcache``: bounded by
``SDK_CACHE_MAX_BYTES``, least recently used first out, shared by the API processes of one data
directory, kept across restarts). Only a build (a cache miss) counts against the caller's
generation rate limit; one build per key runs at a time in a process, concurrent requests for it
wait and read the result.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import sqlite3
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Awaitable, Callable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import diskcache

from api import offload
from core.errors import ComputeTimeout, SdkGenerationFailed
from core.settings import get_settings
from slipway.artifacts.archive import deterministic_zip

GENERATING = "Generating the Python SDK"
logger = logging.getLogger("slipway.artifacts")
_BUILDS: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()


def _generator() -> str:
    candidate = Path(sys.executable).parent / "openapi-python-client"
    return str(candidate) if candidate.exists() else "openapi-python-client"


def cache_key(document: dict[str, Any], package: str) -> str:
    """The content address of a package: document, package name and generator version."""
    content = json.dumps(
        {"generator": version("openapi-python-client"), "package": package, "doc": document},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode()).hexdigest()


@cache
def _open(directory: Path, size_limit: int) -> diskcache.Cache:
    return diskcache.Cache(
        str(directory), size_limit=size_limit, eviction_policy="least-recently-used"
    )


def disk_cache() -> diskcache.Cache:
    """The process's handle on the SDK cache of the configured data directory."""
    settings = get_settings()
    return _open(settings.slipway_data_dir / "sdk-cache", settings.sdk_cache_max_bytes)


def generate_files(document: dict[str, Any], package: str, timeout: float) -> dict[str, bytes]:
    """The files of the Python client package openapi-python-client generates for a document;
    the generator is killed after ``timeout`` seconds (``ComputeTimeout``)."""
    if timeout <= 0:  # the request's deadline passed while it waited for a worker
        raise ComputeTimeout(GENERATING, get_settings().artifact_timeout)
    with tempfile.TemporaryDirectory(prefix="slipway-sdk-") as tmp:
        root = Path(tmp)
        (root / "openapi.json").write_text(json.dumps(document))
        config = {
            "project_name_override": package.replace("_", "-"),
            "package_name_override": package,
            "post_hooks": [],
        }
        (root / "config.json").write_text(json.dumps(config))
        command = [_generator(), "generate", "--path", str(root / "openapi.json")]
        command += ["--config", str(root / "config.json"), "--meta", "setup"]
        command += ["--output-path", str(root / "out")]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:  # subprocess.run has killed it
            raise ComputeTimeout(GENERATING, round(timeout, 1)) from None
        if result.returncode != 0:
            raise SdkGenerationFailed()
        out = root / "out"
        return {
            f"{package}/{p.relative_to(out).as_posix()}": p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }


def _cached(key: str) -> bytes | None:
    """The cached package, or None (also when the cache cannot be read: then it is built)."""
    try:
        found = disk_cache().get(key)
    except (OSError, sqlite3.Error) as exc:
        logger.warning("SDK cache unreadable", extra={"error": str(exc)[:200]})
        return None
    return found if isinstance(found, bytes) else None


def _build(key: str, document: dict[str, Any], package: str, until: float) -> bytes:
    """Generate (within what is left of the deadline), zip and store the package (a cache that
    cannot be written costs the next request a build, never this one its answer)."""
    archive = deterministic_zip(dict(generate_files(document, package, until - time.monotonic())))
    try:
        disk_cache().set(key, archive)
    except (OSError, sqlite3.Error) as exc:
        logger.warning("SDK cache unwritable", extra={"error": str(exc)[:200]})
    return archive


async def python_sdk_zip(
    key: str, document: dict[str, Any], package: str, on_build: Callable[[], Awaitable[object]]
) -> bytes:
    """The package as a zip: from the cache, else built after ``on_build()`` (which counts the
    build against the caller's generation limit and may refuse it)."""
    lock = _BUILDS.setdefault(key, asyncio.Lock())
    async with lock:
        found = await offload.run(offload.ARTIFACTS, "Reading the SDK cache", _cached, key)
        if found is not None:
            return found
        await on_build()
        until = time.monotonic() + offload.deadline(offload.ARTIFACTS)
        return await offload.run(
            offload.ARTIFACTS, GENERATING, _build, key, document, package, until
        )
