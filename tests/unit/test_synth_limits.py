"""CloudFormation's per-template limits are held at synthesis: a blueprint past one is refused
with ``TooLarge`` naming the stack, the limit and the figure (troposphere's bare ``ValueError:
Maximum outputs 200 reached`` for ~3,700 entities, or a ``TemplateBody`` CloudFormation would
reject, before); what deploys nothing can still synthesize a blueprint of any size."""

from __future__ import annotations

import json

import pytest
from troposphere import Output, Parameter, awslambda

from slipway.ir import Blueprint
from slipway.spec import compile_spec
from slipway.synth import TEMPLATE_BODY_MAX, TEMPLATE_URL_MAX, TooLarge, synthesize
from slipway.synth.limits import LimitedTemplate
from slipway.templates import list_templates

PID = "00000000-0000-4000-8000-000000000001"


def entities(count: int) -> str:
    body = "\n".join(
        f"### Thing{n}\n- name: string, required\n- prev: ref Thing{max(n - 1, 0)}\n"
        for n in range(count)
    )
    return f"# Big\n\n## Entities\n\n{body}"


def blueprint(count: int) -> Blueprint:
    bp = compile_spec(entities(count)).blueprint
    assert bp is not None
    return bp


def test_thousands_of_entities_are_refused_with_the_limit_named() -> None:
    with pytest.raises(TooLarge) as refused:
        synthesize(blueprint(3700), project_id=PID)
    assert (refused.value.stack, refused.value.what, refused.value.limit) == (
        "data",
        "outputs",
        200,
    )
    assert "data stack" in str(refused.value) and "200 outputs" in str(refused.value)
    assert refused.value.as_dict() == {"stack": "data", "limit": "200 outputs", "actual": None}


def test_an_inline_template_body_over_51200_bytes_is_refused() -> None:
    with pytest.raises(TooLarge) as refused:
        synthesize(blueprint(20), project_id=PID)
    assert refused.value.stack == "compute" and refused.value.limit == TEMPLATE_BODY_MAX
    assert refused.value.actual is not None and refused.value.actual > TEMPLATE_BODY_MAX
    assert "TemplateBody" in str(refused.value)
    # through S3 (the CDK project's deploys) the same templates fit
    stacks = synthesize(blueprint(20), project_id=PID, body_max=TEMPLATE_URL_MAX)
    assert max(len(s.body.encode()) for s in stacks) > TEMPLATE_BODY_MAX


def test_resources_per_template() -> None:
    with pytest.raises(TooLarge) as refused:
        synthesize(blueprint(80), project_id=PID, body_max=TEMPLATE_URL_MAX)
    assert (refused.value.stack, refused.value.what) == ("api", "resources")


def test_without_limits_any_size_synthesizes() -> None:
    """The sandbox and the generation summary deploy nothing."""
    stacks = synthesize(blueprint(150), project_id=PID, body_max=None)
    api = json.loads(next(s for s in stacks if s.key == "api").body)
    assert len(api["Resources"]) > 500


@pytest.mark.parametrize("template", [t.id for t in list_templates()])
def test_every_template_holds_every_limit(template: str) -> None:
    spec = next(t.spec for t in list_templates() if t.id == template)
    bp = compile_spec(spec).blueprint
    assert bp is not None
    for stack in synthesize(bp, project_id=PID):
        body = json.loads(stack.body)
        assert len(body["Resources"]) <= 500 and len(body.get("Outputs", {})) <= 200
        assert "Parameters" not in body and len(body.get("Mappings", {})) <= 200
        assert len(stack.body.encode()) <= TEMPLATE_BODY_MAX


def test_limited_template_counts_each_kind() -> None:
    t = LimitedTemplate("ops")
    for n in range(200):
        t.add_output(Output(f"O{n}", Value="x"))
        t.add_parameter(Parameter(f"P{n}", Type="String"))
        t.add_mapping(f"M{n}", {"k": {"v": "1"}})
    t.add_mapping("M0", {"k2": {"v": "2"}})  # an existing mapping grows: not a new one
    for what, add in (
        ("outputs", lambda: t.add_output(Output("Extra", Value="x"))),
        ("parameters", lambda: t.add_parameter(Parameter("Extra", Type="String"))),
        ("mappings", lambda: t.add_mapping("Extra", {"k": {"v": "1"}})),
    ):
        with pytest.raises(TooLarge, match=f"200 {what}"):
            add()
    roles = [
        awslambda.Permission(f"R{n}", Action="a", FunctionName="f", Principal="p")
        for n in range(500)
    ]
    t.add_resource(roles)
    with pytest.raises(TooLarge, match="500 resources"):
        t.add_resource(awslambda.Permission("Extra", Action="a", FunctionName="f", Principal="p"))
    free = LimitedTemplate("ops", enforce=False)
    free.add_resource(
        [*roles, awslambda.Permission("X", Action="a", FunctionName="f", Principal="p")]
    )
    assert len(free.resources) == 501
