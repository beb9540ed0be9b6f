"""Stack and queue names are unique per project (all 128 bits of its ID), within CloudFormation's
and SQS's limits, and stacks deployed under recorded (older) names keep them."""

from __future__ import annotations

import base64
import json
import re
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slipway.ir import Blueprint
from slipway.spec import compile_spec
from slipway.synth import (
    STACK_KEYS,
    project_key,
    queue_name,
    stack_name,
    synthesize,
)

# Two projects whose IDs share their first 32 bits (the old names kept only those).
A = "3f2a1b4c-1111-4000-8000-000000000001"
B = "3f2a1b4c-2222-4000-8000-000000000002"
CFN_STACK = re.compile(r"^[A-Za-z][-A-Za-z0-9]{0,127}$")
SQS_QUEUE = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
QUEUE_NAMES = st.from_regex(r"\A[A-Za-z][A-Za-z0-9_.\-]{0,79}\Z")  # the compiler's RESOURCE_NAME

SPEC = """# Shop
## Entities
### Product
- name: string, required
## Workflows
- queue orders, dead letter
- queue payments, fifo, dead letter
"""


def blueprint(text: str = SPEC) -> Blueprint:
    result = compile_spec(text)
    assert result.blueprint is not None, [str(e) for e in result.errors]
    return result.blueprint


def old_stack_name(slug: str, project_id: str, key: str) -> str:
    """The name scheme stacks were deployed under before: 32 bits of the project ID."""
    return f"slipway-{slug}-{project_id.replace('-', '')[:8]}-{key}"


def test_stack_names_carry_the_whole_project_id() -> None:
    """Regression: projects whose IDs share their first 8 hex digits got the same stack names."""
    assert stack_name("shop", A, "data") != stack_name("shop", B, "data")
    key = stack_name("shop", A, "data").split("-")[1]
    assert uuid.UUID(bytes=base64.b32decode(key.upper() + "======")) == uuid.UUID(A)
    assert project_key("not-a-uuid") != project_key("not-a-uuid2")
    for k in STACK_KEYS:
        assert CFN_STACK.match(stack_name("x" * 200, A, k))
    # the data stack's generated RDS identifier, <stack>-Database-<12>, fits 63 characters
    assert len(f"{stack_name('x' * 200, A, 'data')}-Database-{'X' * 12}") <= 63


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.uuids(), st.uuids())
def test_distinct_projects_never_share_names(a: uuid.UUID, b: uuid.UUID) -> None:
    if a != b:
        assert stack_name("p", str(a), "data") != stack_name("p", str(b), "data")
        assert queue_name(str(a), "q") != queue_name(str(b), "q")


def test_queue_names_are_unique_per_project() -> None:
    """Regression: queue names were ``<slug>-<queue>``, the same for two projects of one slug."""
    a = {s.key: json.loads(s.body) for s in synthesize(blueprint(), project_id=A)}["ops"]
    b = {s.key: json.loads(s.body) for s in synthesize(blueprint(), project_id=B)}["ops"]

    def names(template: dict[str, object]) -> set[str]:
        resources = template["Resources"]
        assert isinstance(resources, dict)
        return {
            r["Properties"]["QueueName"]
            for r in resources.values()
            if r["Type"] == "AWS::SQS::Queue"
        }

    assert len(names(a)) == 4 and not names(a) & names(b)
    assert {n for n in names(a) if n.endswith(".fifo")} == {
        queue_name(A, "payments", fifo=True),
        queue_name(A, "payments", dead_letter=True, fifo=True),
    }


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(QUEUE_NAMES, min_size=1, max_size=6, unique=True), st.booleans())
def test_queue_names_are_valid_and_never_collide(queues: list[str], fifo: bool) -> None:
    """Every queue and dead-letter queue of a project gets its own valid SQS name, even for
    names SQS does not allow ('.'), names that clean to the same text ('a.b', 'a-b'), names
    that look like another's dead-letter queue and names too long to keep."""
    out = [queue_name(A, q, dead_letter=d, fifo=fifo) for q in queues for d in (False, True)]
    assert len(set(out)) == len(out)
    for name in out:
        assert len(name) <= 80 and name.endswith(".fifo") == fifo
        assert SQS_QUEUE.match(name.removesuffix(".fifo")), name


def test_colliding_cleanups_get_distinct_names() -> None:
    assert queue_name(A, "a.b") != queue_name(A, "a-b")
    assert queue_name(A, "x-dlq") != queue_name(A, "x", dead_letter=True)
    assert queue_name(A, "q" * 80) != queue_name(A, "q" * 79)


def test_recorded_names_win_and_exports_follow_them() -> None:
    """A project deployed under the old scheme passes its recorded names and keeps its stacks:
    every stack keeps its name and every export and import uses it."""
    bp = blueprint()
    recorded = {k: old_stack_name(bp.project.slug, A, k) for k in ("data", "compute", "api")}
    stacks = synthesize(bp, project_id=A, names=recorded)
    by_key = {s.key: s for s in stacks}
    for key in ("data", "compute", "api"):
        assert by_key[key].name == recorded[key]
    assert by_key["ops"].name == stack_name(bp.project.slug, A, "ops")  # new stacks: new names
    compute = json.loads(by_key["compute"].body)
    exports = {o["Export"]["Name"] for o in compute["Outputs"].values()}
    assert all(e.startswith(recorded["compute"] + "-") for e in exports)
    assert f'"{recorded["data"]}-ProductTableArn"' in by_key["compute"].body
    assert f'"{recorded["compute"]}-ProductFunctionArn"' in by_key["api"].body
    with pytest.raises(ValueError, match="invalid recorded stack name"):
        synthesize(bp, project_id=A, names={"data": "bad name; rm -rf"})
    assert set(STACK_KEYS) >= set(by_key)
