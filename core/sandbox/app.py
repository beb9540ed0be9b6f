"""A running sandbox in this process: its revision's synthesized stacks, its functions loaded
with their environment resolved against its resources, its routes. Built on first use by each
API process (the sandbox's row and data are shared; the loaded code is per process) and
rebuilt when the sandbox moves to another revision or generation."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from core.models_sandbox import Sandbox
from core.sandbox import postgres
from core.sandbox.resources import Provisioner, Resources
from core.sandbox.runtime import Loaded, run_in_pool
from core.settings import Settings
from slipway.ir import Blueprint
from slipway.sandbox import template
from slipway.synth import StackTemplate, synthesize
from slipway.synth.access import strategy_auth

LOCAL_CREDENTIALS = "slipway-local"


@dataclass
class SandboxApp:
    version: tuple[str, int, str]
    project_id: str
    nonce: str
    secret: str
    strategy: str
    """How non-public routes are protected: ``jwt``, ``api_key`` or ``public``."""
    blueprint: Blueprint
    stacks: list[StackTemplate]
    routes: list[template.Route]
    functions: dict[str, Loaded]
    resources: Resources

    def crud_function(self, entity: str) -> Loaded | None:
        return next((f for f in self.functions.values() if f.env.get("ENTITY") == entity), None)


def function_env(settings: Settings) -> dict[str, str]:
    """What Lambda puts in every function's environment, for the local AWS."""
    env = {"AWS_REGION": settings.aws_region, "AWS_DEFAULT_REGION": settings.aws_region}
    if settings.aws_endpoint_url:
        env["AWS_ENDPOINT_URL"] = settings.aws_endpoint_url
        env["AWS_ACCESS_KEY_ID"] = LOCAL_CREDENTIALS
        env["AWS_SECRET_ACCESS_KEY"] = LOCAL_CREDENTIALS
    return env


def provisioner(settings: Settings) -> Provisioner:
    return Provisioner(settings, postgres.postgres_url(settings))


def stacks_of(row: Sandbox, bp: Blueprint) -> list[StackTemplate]:
    return synthesize(bp, project_id=str(row.project_id), body_max=None)  # not CloudFormation


def build(settings: Settings, row: Sandbox, bp: Blueprint) -> SandboxApp:
    """Load the sandbox's functions (blocking: run it off the event loop)."""
    stacks = stacks_of(row, bp)
    res = Resources.from_json(row.resources)
    prov = provisioner(settings)
    prov.attach(res)
    ctx = template.Context(prov.exports(stacks, res), region=settings.aws_region)
    label = f"{row.project_id.hex[:8]}{row.nonce}"
    env = function_env(settings)
    functions = {
        name: Loaded(fn, env, label) for name, fn in template.functions(stacks, ctx).items()
    }
    return SandboxApp(
        version=(str(row.id), row.revision, row.nonce),
        project_id=str(row.project_id),
        nonce=row.nonce,
        secret=row.secret,
        strategy=strategy_auth(bp.auth.strategy),
        blueprint=bp,
        stacks=stacks,
        routes=template.routes(stacks),
        functions=functions,
        resources=res,
    )


def ensure_schema(app: SandboxApp) -> None:
    """A PostgreSQL sandbox's schema, applied by its own functions' code (as on AWS, on their
    first call); blocking."""
    fn = next((f for f in app.functions.values() if f.env.get("STORE") == "postgres"), None)
    if fn is not None:
        fn.call("STORES.postgres.ensure_schema")


def build_from_ir(settings: Settings, row: Sandbox, raw: dict[str, Any]) -> SandboxApp:
    return build(settings, row, Blueprint.from_json(raw))


class Registry:
    """The sandboxes loaded in this process, by project."""

    def __init__(self) -> None:
        self._apps: dict[str, SandboxApp] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._guard = threading.Lock()

    def _lock(self, project_id: str) -> asyncio.Lock:
        with self._guard:
            return self._locks.setdefault(project_id, asyncio.Lock())

    async def get(
        self, settings: Settings, row: Sandbox, ir: Callable[[], Awaitable[dict[str, Any]]]
    ) -> SandboxApp:
        """The loaded sandbox of this row (revision and generation); ``ir`` loads the revision's
        IR when it has to be built."""
        key = str(row.project_id)
        version = (str(row.id), row.revision, row.nonce)
        async with self._lock(key):
            current = self._apps.get(key)
            if current is None or current.version != version:
                raw = await ir()  # decoded with the build, off the event loop (seconds at worst)
                current = await run_in_pool(build_from_ir, settings, row, raw)
                self._apps[key] = current
            return current

    def drop(self, project_id: str) -> None:
        self._apps.pop(project_id, None)


REGISTRY = Registry()
