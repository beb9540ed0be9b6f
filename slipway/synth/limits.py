"""CloudFormation's per-template limits, held at synthesis: a blueprint whose stacks would break
one is refused with ``TooLarge`` (naming the stack, the limit and the figure) before anything is
deployed, instead of failing obscurely (troposphere's ``Maximum outputs 200 reached``, or a
``TemplateBody`` CloudFormation rejects at the first change set).

The limits (AWS CloudFormation User Guide, "CloudFormation quotas":
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
500 resources, 200 outputs, 200 parameters (60 before October 2020) and 200 mappings per
template; a template body of at most 51,200 bytes passed inline (``TemplateBody``, as Slipway's
deploys pass it), 1 MB from S3 (``TemplateURL``, as ``cdk deploy`` uploads its templates).
"""

from __future__ import annotations

from typing import Any

from troposphere import Template

RESOURCES_MAX = 500
OUTPUTS_MAX = 200
PARAMETERS_MAX = 200
MAPPINGS_MAX = 200
TEMPLATE_BODY_MAX = 51_200
"""Bytes CloudFormation accepts as a ``TemplateBody`` (Slipway's deploys and previews)."""
TEMPLATE_URL_MAX = 1_000_000
"""Bytes CloudFormation accepts from S3 (``TemplateURL``: the CDK project's deploys)."""


class TooLarge(ValueError):
    """A stack of the blueprint would break a CloudFormation limit."""

    code = "BLUEPRINT_TOO_LARGE"

    def __init__(
        self, stack: str, what: str, limit: int, actual: int | None = None, how: str = ""
    ) -> None:
        self.stack, self.what, self.limit, self.actual = stack, what, limit, actual
        figure = f"{actual:,} {what}" if actual is not None else f"more than {limit:,} {what}"
        super().__init__(
            f"This blueprint is too large to deploy: its {stack} stack would need {figure}, and "
            f"CloudFormation allows at most {limit:,} {what} per template{how}. Deploy it as "
            "several smaller projects, or remove entities or operations."
        )

    def as_dict(self) -> dict[str, Any]:
        return {"stack": self.stack, "limit": f"{self.limit} {self.what}", "actual": self.actual}


class LimitedTemplate(Template):
    """A template that refuses (``TooLarge``) the resource, output, parameter or mapping past
    CloudFormation's limit, where troposphere would raise a bare ``ValueError``; with
    ``enforce=False`` it holds any number (for what deploys nothing: the sandbox, summaries)."""

    def __init__(self, stack: str, enforce: bool = True) -> None:
        super().__init__()
        self.stack, self.enforce = stack, enforce

    def _check(self, held: dict[str, Any], adding: Any, what: str, limit: int) -> None:
        count = len(adding) if isinstance(adding, list) else 1
        if self.enforce and len(held) + count > limit:
            raise TooLarge(self.stack, what, limit)

    def add_resource(self, resource: Any) -> Any:
        self._check(self.resources, resource, "resources", RESOURCES_MAX)
        return self._update(self.resources, resource)

    def add_output(self, output: Any) -> Any:
        self._check(self.outputs, output, "outputs", OUTPUTS_MAX)
        return self._update(self.outputs, output)

    def add_parameter(self, parameter: Any) -> Any:
        self._check(self.parameters, parameter, "parameters", PARAMETERS_MAX)
        return self._update(self.parameters, parameter)

    def add_mapping(self, name: str, mapping: dict[str, Any]) -> None:
        if name not in self.mappings:
            self._check(self.mappings, {name: mapping}, "mappings", MAPPINGS_MAX)
        self.mappings.setdefault(name, {}).update(mapping)


def check_body(stack: str, body: str, limit: int) -> None:
    """A template body within ``limit`` bytes (``TEMPLATE_BODY_MAX`` inline)."""
    size = len(body.encode())
    if size > limit:
        how = " passed inline (TemplateBody)" if limit == TEMPLATE_BODY_MAX else ""
        raise TooLarge(stack, "bytes of template body", limit, size, how)
