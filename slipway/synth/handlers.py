"""Sources of the inline Lambda functions of Slipway's own templates, read from the real
modules in ``slipway.synth.lambdas`` (the CDK artifact ships its own, fuller handlers).

The compute stack holds each source once, in its ``Handlers`` mapping, and every function reads
it with ``Fn::FindInMap``: a template carries one copy of the CRUD code however many entities
use it, which keeps it far below CloudFormation's 51,200-byte ``TemplateBody`` limit.
"""

from __future__ import annotations

from importlib import resources


def _source(name: str) -> str:
    return resources.files("slipway.synth.lambdas").joinpath(f"{name}.py").read_text("utf-8")


CRUD = _source("crud")
HEALTH = _source("health")
JOB = _source("job")
