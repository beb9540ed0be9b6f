"""Issue 12 item 5: uvicorn's own proxy handling is off wherever the API is started, so the
client address a rate limit is keyed by is decided by Slipway's ``TRUSTED_PROXIES`` alone.

uvicorn's default (``--proxy-headers``, trusting ``X-Forwarded-For`` from 127.0.0.1) rewrote the
peer address before Slipway saw it: any local process could pick its own rate-limit identity.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.main import create_app
from core.db import run_migrations
from core.settings import Settings
from tests.support import ROOT, Proc, ThreadedServer, free_port, wait_for


def remaining_after(url: str, forwarded: list[str]) -> list[int]:
    """``X-RateLimit-Remaining`` of ``GET /health`` (public limit, keyed by client address)
    for one request per ``X-Forwarded-For`` value, all from this (loopback) peer."""
    out = []
    for address in forwarded:
        r = httpx.get(f"{url}/health", headers={"X-Forwarded-For": address})
        assert r.status_code == 200, r.text
        out.append(int(r.headers["x-ratelimit-remaining"]))
    return out


SPOOFED = ["203.0.113.7", "198.51.100.9", "192.0.2.44"]


def settings(tmp_path: Path, trusted: str) -> Settings:
    """An app of its own (memory rate limits) on a fresh migrated SQLite file."""
    out = Settings(
        slipway_env="test",
        slipway_data_dir=tmp_path,
        jwt_secret="x" * 48,
        rate_limit_storage="memory://",
        trusted_proxies=trusted,
    )
    run_migrations(out.database_url)
    return out


@pytest.fixture
def untrusted(tmp_path: Path) -> Iterator[str]:
    """The app in a thread (tests' ThreadedServer), trusting no proxy."""
    server = ThreadedServer(create_app(settings(tmp_path, ""))).start()
    try:
        yield server.url
    finally:
        server.stop()


def test_forwarded_for_from_an_untrusted_peer_is_ignored(untrusted: str) -> None:
    """Three requests claiming three addresses count against one: the real peer's."""
    counts = remaining_after(untrusted, SPOOFED)
    assert counts == [counts[0], counts[0] - 1, counts[0] - 2]


def test_a_trusted_proxy_still_forwards_the_client_address(tmp_path: Path) -> None:
    """With the peer in TRUSTED_PROXIES, Slipway (not uvicorn) reads X-Forwarded-For."""
    server = ThreadedServer(create_app(settings(tmp_path, "127.0.0.1"))).start()
    try:
        counts = remaining_after(server.url, SPOOFED)
        assert len(set(counts)) == 1  # three clients, one request each
    finally:
        server.stop()


def dockerfile_command() -> list[str]:
    """The uvicorn command line of the Dockerfile's CMD."""
    text = (ROOT / "Dockerfile").read_text()
    cmd = re.search(r"exec (uvicorn [^\"]+)\"", text)
    assert cmd, "the Dockerfile starts uvicorn"
    return shlex.split(cmd.group(1))


def test_the_image_command_ignores_forwarded_for_from_untrusted_peers(tmp_path: Path) -> None:
    """The Dockerfile's exact uvicorn command line (host and port moved to loopback here)."""
    port = free_port()
    run_migrations(settings(tmp_path, "").database_url)  # the image runs them before uvicorn
    argv = dockerfile_command()
    argv[argv.index("--host") + 1] = "127.0.0.1"
    argv[argv.index("--port") + 1] = str(port)
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "SLIPWAY_ENV": "test",
        "SLIPWAY_DATA_DIR": str(tmp_path),
        "JWT_SECRET": "y" * 48,
        "TRUSTED_PROXIES": "",
    }
    proc = Proc("api-image", [sys.executable, "-m", *argv], env, tmp_path).start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: httpx.get(f"{url}/health").status_code == 200, 60, "API (image CMD)")
        counts = remaining_after(url, SPOOFED)
        assert counts == [counts[0], counts[0] - 1, counts[0] - 2], proc.output()[-2000:]
    finally:
        proc.stop()


UVICORN_STARTS = re.compile(
    r"""["']-m["'],\s*["']uvicorn["']|uvicorn\.(Config|run)\(|(^|[\s"'])uvicorn [\w.]+:app"""
)


def test_every_place_that_starts_uvicorn_turns_proxy_headers_off() -> None:
    """Every tracked file that starts uvicorn (command lines, ``uvicorn.Config``) passes
    ``--no-proxy-headers`` / ``proxy_headers=False``."""
    tracked = subprocess.run(
        ["git", "ls-files", "*.py", "Dockerfile", "Makefile", "*.yml", "*.sh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    starts, missing = [], []
    for name in tracked:
        path = ROOT / name
        if not path.is_file() or path.resolve() == Path(__file__).resolve():
            continue
        text = path.read_text(errors="replace")
        if not UVICORN_STARTS.search(text):
            continue
        starts.append(name)
        if "--no-proxy-headers" not in text and "proxy_headers=False" not in text:
            missing.append(name)
    assert {"Dockerfile", "scripts/run_stack.py", "tests/support.py"} <= set(starts)
    assert not missing, f"add --no-proxy-headers (or proxy_headers=False) in: {missing}"
