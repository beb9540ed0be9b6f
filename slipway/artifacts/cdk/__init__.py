"""A Python AWS CDK project for a blueprint: ``{path: text}``, deterministic and pure.

The project's code is static: ``project/`` holds real modules (app, stacks, Lambda handlers)
under lint and type checks like the rest of Slipway, shipped as package data and copied
verbatim. What is specific to a blueprint is data, rendered through ``render``:
``blueprint.json`` (read by the stacks), ``handlers/resources.json`` (read by the handlers),
``handlers/schema.json`` and ``handlers/schema.sql`` (PostgreSQL: Slipway's own DDL),
``openapi.json`` (the API as this project's gateway answers it: its Lambda authorizer refuses an
invalid token with 403), ``cdk.json``, and an escaped ``README.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources

from slipway.artifacts.cdk.data import (
    blueprint_data,
    entity_schema,
    handler_config,
    resource_config,
    route_rules,
)
from slipway.artifacts.cdk.readme import build_readme
from slipway.artifacts.cdk.render import UnsafeValue, json_document
from slipway.artifacts.cdk.sql import postgres_schema, schema_script
from slipway.artifacts.openapi import build_openapi
from slipway.ir import Blueprint

__all__ = [
    "CDK_VERSION",
    "STATIC_FILES",
    "UnsafeValue",
    "blueprint_data",
    "build_cdk_project",
    "entity_schema",
    "handler_config",
    "postgres_schema",
    "resource_config",
    "route_rules",
    "static_files",
]

CDK_VERSION = "2.150.0"
STATIC_FILES = (
    "app.py",
    "stacks/__init__.py",
    "stacks/config.py",
    "stacks/data_stack.py",
    "stacks/auth_stack.py",
    "stacks/compute_stack.py",
    "stacks/api_stack.py",
    "stacks/ops_stack.py",
    "handlers/common.py",
    "handlers/validation.py",
    "handlers/protect.py",
    "handlers/audit.py",
    "handlers/dynamo_store.py",
    "handlers/postgres_store.py",
    "handlers/crud.py",
    "handlers/authorizer.py",
    "handlers/health.py",
    "handlers/job.py",
)


def static_files() -> dict[str, str]:
    """The project's fixed modules, read from package data."""
    root = resources.files(__name__).joinpath("project")
    out: dict[str, str] = {}
    for name in STATIC_FILES:
        out[name] = root.joinpath(*name.split("/")).read_text(encoding="utf-8")
    return out


def build_cdk_project(
    bp: Blueprint, *, stack_prefix: str, names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Every file of the project. ``names``: the stack names the project's stacks were deployed
    under (stack key → name, from its latest deployment), which the app then uses instead of
    ``<stack_prefix>-<key>``. Raises ``UnsafeValue`` for a blueprint with a name that cannot be
    emitted safely (none the spec compiler produces)."""
    files = static_files()
    files["blueprint.json"] = json_document(blueprint_data(bp, stack_prefix, names))
    files["handlers/resources.json"] = json_document(handler_config(bp))
    files["requirements.txt"] = f"aws-cdk-lib>={CDK_VERSION},<3\nconstructs>=10.0.0,<11\n"
    files["cdk.json"] = json_document(
        {"app": "python3 app.py", "context": {"@aws-cdk/core:stackRelativeExports": True}}
    )
    if bp.infrastructure.database == "postgres":
        statements = postgres_schema(bp)
        files["handlers/schema.json"] = json_document({"statements": statements})
        files["handlers/schema.sql"] = schema_script(statements)
    files["openapi.json"] = json_document(build_openapi(bp, authorizer="lambda"))
    files["README.md"] = build_readme(bp)
    return files
