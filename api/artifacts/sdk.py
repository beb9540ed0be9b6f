"""Python SDK generation with openapi-python-client (a subprocess, off the event loop)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Any

from core.errors import SdkGenerationFailed
from slipway.artifacts.archive import deterministic_zip

_CACHE: OrderedDict[str, bytes] = OrderedDict()
_CACHE_SIZE = 32
_LOCK = asyncio.Lock()


def _generator() -> str:
    candidate = Path(sys.executable).parent / "openapi-python-client"
    return str(candidate) if candidate.exists() else "openapi-python-client"


def generate_files(document: dict[str, Any], package: str) -> dict[str, bytes]:
    """The files of the Python client package openapi-python-client generates for a document."""
    with tempfile.TemporaryDirectory(prefix="slipway-sdk-") as tmp:
        root = Path(tmp)
        (root / "openapi.json").write_text(json.dumps(document))
        (root / "config.json").write_text(
            json.dumps(
                {
                    "project_name_override": package.replace("_", "-"),
                    "package_name_override": package,
                    "post_hooks": [],
                }
            )
        )
        result = subprocess.run(
            [
                _generator(),
                "generate",
                "--path",
                str(root / "openapi.json"),
                "--config",
                str(root / "config.json"),
                "--meta",
                "setup",
                "--output-path",
                str(root / "out"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise SdkGenerationFailed()
        out = root / "out"
        return {
            f"{package}/{p.relative_to(out).as_posix()}": p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }


async def python_sdk_zip(cache_key: str, document: dict[str, Any], package: str) -> bytes:
    """The generated package as a zip (cached per artifact ETag: generation takes ~1 s)."""
    async with _LOCK:
        if cache_key in _CACHE:
            _CACHE.move_to_end(cache_key)
            return _CACHE[cache_key]
    files = await asyncio.to_thread(generate_files, document, package)
    archive = deterministic_zip(dict(files))
    async with _LOCK:
        _CACHE[cache_key] = archive
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return archive
