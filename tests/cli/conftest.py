"""CLI fixtures: the real stack (session ``stack``), one signed-up user and one config home
(``XDG_CONFIG_HOME``) per test, and the ``slipway`` app run by typer's ``CliRunner``.

The user is created over HTTP from its own client IP (through the trusted proxy, like the API
tests), and its tokens are written with the CLI's own ConfigStore: ``slipway login`` itself is
exercised in ``test_auth.py`` only, because every CLI request comes from 127.0.0.1 and the
authentication limit is 10/min per IP.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Worker
from typer.testing import CliRunner, Result

from slipway_cli.client import KEEPALIVE_SECONDS
from slipway_cli.config import ConfigStore, Profile
from slipway_cli.main import app
from tests.conftest import Stack
from tests.support import PASSWORD, random_ip

SPEC_SHOP = """# Shop

## Entities

### Product
- name: string, required
- price: number, required

### Order
- product: ref Product, required
- quantity: integer, default 1
"""

SPEC_SHOP_REVIEWS = (
    SPEC_SHOP
    + """
### Review
- product: ref Product, required
- stars: integer, required
"""
)

# quantity's type changes: an unsafe change against the deployed revision
SPEC_SHOP_UNSAFE = SPEC_SHOP.replace("- quantity: integer, default 1", "- quantity: string")

CLEAN_ENV = {
    "SLIPWAY_URL": None,
    "SLIPWAY_TOKEN": None,
    "SLIPWAY_PROJECT": None,
    "SLIPWAY_PROFILE": None,
    "SLIPWAY_FOLLOW": None,
    "EDITOR": None,
    "VISUAL": None,
    "NO_COLOR": None,
    "FORCE_COLOR": None,
}


def signed_up(stack: Stack) -> tuple[str, dict[str, Any], httpx.Client]:
    """A new user (its own client IP) and its token pair."""
    email = f"cli-{uuid.uuid4().hex[:12]}@example.com"
    http = httpx.Client(
        base_url=stack.url,
        timeout=30,
        headers={"X-Forwarded-For": random_ip()},
        limits=httpx.Limits(keepalive_expiry=KEEPALIVE_SECONDS),  # a reused idle socket was reset
    )
    r = http.post("/auth/signup", json={"email": email, "password": PASSWORD})
    assert r.status_code == 201, r.text
    r = http.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    tokens = r.json()
    http.headers["Authorization"] = f"Bearer {tokens['accessToken']}"
    return email, tokens, http


@dataclass
class Cli:
    """Runs ``slipway ARGS`` in-process against the real stack, checking the exit code."""

    stack: Stack
    home: Path
    email: str
    tokens: dict[str, Any]
    http: httpx.Client
    env: dict[str, str | None] = field(default_factory=dict)

    @property
    def store(self) -> ConfigStore:
        return ConfigStore(self.home / "slipway")

    def __call__(
        self,
        *args: str,
        input: str | None = None,
        env: dict[str, str | None] | None = None,
        code: int | None = 0,
    ) -> Result:
        result = CliRunner().invoke(
            app, list(args), input=input, env={**self.env, **(env or {})}, catch_exceptions=False
        )
        if code is not None:
            assert result.exit_code == code, (
                f"slipway {' '.join(args)} exited {result.exit_code}, not {code}:\n"
                f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
            )
        return result

    def json(self, *args: str, **kwargs: Any) -> Any:
        return json.loads(self(*args, "--json", **kwargs).stdout)

    def project(self, spec: str | None = SPEC_SHOP, name: str = "Shop") -> str:
        """A new current project, with ``spec`` applied as version 1."""
        pid = str(self.json("projects", "create", name, "--use")["data"]["id"])
        if spec is not None:
            path = self.home / f"spec-{uuid.uuid4().hex[:6]}.md"
            path.write_text(spec)
            self("spec", "apply", str(path))
        return pid

    def write_spec(self, spec: str) -> str:
        path = self.home / f"spec-{uuid.uuid4().hex[:6]}.md"
        path.write_text(spec)
        return str(path)


def make_cli(stack: Stack, home: Path) -> Cli:
    email, tokens, http = signed_up(stack)
    ConfigStore(home / "slipway").save(
        Profile(
            url=stack.url,
            email=email,
            access_token=tokens["accessToken"],
            refresh_token=tokens["refreshToken"],
            expires_at=time.time() + float(tokens["expiresIn"]),
        )
    )
    return Cli(stack, home, email, tokens, http, env={**CLEAN_ENV, "XDG_CONFIG_HOME": str(home)})


@pytest.fixture
def cli(stack: Stack, tmp_path: Path) -> Iterator[Cli]:
    home = tmp_path / "xdg"
    home.mkdir()
    runner = make_cli(stack, home)
    try:
        yield runner
    finally:
        runner.http.close()


class FailingStacks:
    """Fault injection at the AWS boundary of an in-process worker: a botocore hook on boto3's
    default session (which the activities' clients come from) reports stacks whose name ends
    in ``-<key>`` as CREATE_FAILED."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        if boto3.DEFAULT_SESSION is None:
            boto3.setup_default_session()
        assert boto3.DEFAULT_SESSION is not None
        self.events = boto3.DEFAULT_SESSION.events
        self.events.register("after-call.cloudformation.DescribeStacks", self._describe)

    def _describe(self, parsed: dict[str, Any], **_: Any) -> None:
        for s in parsed.get("Stacks", []):
            if any(s.get("StackName", "").endswith(f"-{key}") for key in self.keys):
                s["StackStatus"] = "CREATE_FAILED"
                s["StackStatusReason"] = "Injected failure: resource limit exceeded"

    def close(self) -> None:
        self.events.unregister("after-call.cloudformation.DescribeStacks", self._describe)


@pytest.fixture
async def failing_worker(stack: Stack) -> AsyncIterator[FailingStacks]:
    """The worker in this process (the subprocess worker is stopped), with FailingStacks.
    Tests using it run the CLI in a thread so this event loop keeps the worker going."""
    from activities.deps import ActivityDeps
    from activities.registry import build_activities
    from core.settings import Settings
    from workflows.registry import WORKFLOWS

    stack.stop_worker()
    client = await Client.connect(
        stack.env["TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )
    deps = ActivityDeps.create(Settings())
    faults = FailingStacks()
    worker = Worker(
        client,
        task_queue=stack.env["TASK_QUEUE"],
        workflows=WORKFLOWS,
        activities=build_activities(deps),
    )
    try:
        async with worker:
            yield faults
    finally:
        faults.close()
        await deps.engine.dispose()


def slipway_bin() -> str:
    """The installed console script (``pip install -e .`` puts it next to the interpreter)."""
    import sys

    path = Path(sys.executable).parent / "slipway"
    assert path.exists(), "run `pip install -e '.[dev]'`: the slipway console script is missing"
    return str(path)


def pty_env(runner: Cli, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    env.update(
        {
            "XDG_CONFIG_HOME": str(runner.home),
            # this tree first, whatever the shared virtualenv's editable install points at
            "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
            "TERM": "xterm-256color",
            "COLUMNS": "140",
            "LINES": "40",
            **extra,
        }
    )
    return env
