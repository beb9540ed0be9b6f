"""Spec compiler: the documented example, defaults, every error class, determinism, round trip,
linear scaling, and a fuzz property (never raises)."""

from __future__ import annotations

import cProfile
import pstats
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.bench_compiler import has_many, many_to_many, wide
from slipway.spec import compile_spec, pluralize, render_spec, slugify, snake_case
from tests.fuzzing import FUZZ_DERANDOMIZE, FUZZ_EXAMPLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "spec-language.md"
EXAMPLE = re.search(r"```markdown\n(.*?)```", DOC.read_text(), re.S).group(1)  # type: ignore[union-attr]


def compiled(text: str):  # type: ignore[no-untyped-def]
    result = compile_spec(text)
    assert result.ok, [str(e) for e in result.errors]
    assert result.blueprint is not None
    return result.blueprint


def test_documented_example_compiles_with_defaults() -> None:
    bp = compiled(EXAMPLE)
    assert bp.project.name == "Task Manager" and bp.project.slug == "task-manager"
    names = [e.name for e in bp.entities]
    assert names == ["Project", "Task", "Tag", "Member", "TagTask"]
    task = bp.entity("Task")
    assert task is not None
    fields = {f.name: f for f in task.fields}
    assert fields["id"].primary and fields["id"].managed
    assert fields["created_at"].managed and fields["updated_at"].managed
    assert fields["project_id"].references == "Project" and fields["project_id"].required
    assert fields["parent_id"].references == "Task" and not fields["parent_id"].required
    assert (
        fields["priority"].enum_values == ["low", "medium", "high"]
        and fields["priority"].default == "low"
    )
    assert fields["done"].default is False
    assert {i.name for i in task.indexes} >= {"idx_tasks_project_id", "idx_tasks_parent_id"}
    assert task.soft_delete
    join = bp.entity("TagTask")
    assert join is not None and join.join_entity
    assert any(i.unique and i.fields == ["tag_id", "task_id"] for i in join.indexes)
    resources = {r.entity: r for r in bp.api.resources}
    assert "TagTask" not in resources
    assert resources["Tag"].public and resources["Tag"].operations == ["list", "get"]
    assert resources["Member"].base_path == "/v1/members"
    assert resources["Task"].operations == ["list", "get", "create", "update", "delete"]
    assert bp.auth.roles == ["admin", "member"]
    assert bp.workflows.jobs[0].schedule == "cron(0 8 * * ? *)"
    assert bp.workflows.events[0].target == "notifications"


def test_multi_tenancy_adds_tenant_keys() -> None:
    bp = compiled(
        "# SaaS\n## Entities\n### Organization\n- name: string, required\n"
        "### Project\n- name: string\n"
        "### Country\n- code: string\n- global\n## Tenancy\n- mode: multi-tenant by Organization\n"
    )
    assert bp.tenancy.mode == "multi" and bp.tenancy.tenant_key == "organization_id"
    project = bp.entity("Project")
    assert project is not None and project.tenant_scoped
    key = project.field("organization_id")
    assert key is not None and key.required and key.managed and key.references == "Organization"
    assert any(i.fields == ["organization_id"] for i in project.indexes)
    country = bp.entity("Country")
    assert (
        country is not None
        and not country.tenant_scoped
        and country.field("organization_id") is None
    )


def test_relationship_phrases() -> None:
    bp = compiled(
        "# R\n## Entities\n### Author\n- name: string\n- has many Posts\n"
        "### Post\n- title: string\n"
        "- belongs to Blog\n### Blog\n- name: string\n"
    )
    post = bp.entity("Post")
    assert post is not None
    assert post.field("author_id") is not None and post.field("blog_id") is not None
    assert post.field("blog_id").required  # type: ignore[union-attr]
    author = bp.entity("Author")
    assert author is not None and any(
        r.kind == "has_many" and r.target == "Post" for r in author.relationships
    )


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("# A\n## Entities\n### T\n- a: strng\n", 4, "unknown type"),
        ("# A\n## Entities\n### T\n- a: string\n### T\n", 5, "duplicate entity"),
        ("# A\n## Entities\n### T\n- a: string\n- a: integer\n", 5, "duplicate field"),
        ("# A\n## Entities\n### T\n- p: ref Nope\n", 4, "missing entity"),
        ("# A\n## Entities\n### T\n- p: enum()\n", 4, "enum without values"),
        ("# A\n## Entities\n### T\n- p: enum(a, b), default c\n", 4, "not one of the enum values"),
        ("# A\n## Entities\n### T\n- n: integer, default x\n", 4, "does not fit type"),
        (
            "# A\n## Entities\n### A1\n- b: ref B1, required\n### B1\n- a: ref A1, required\n",
            6,
            "cyclic required",
        ),
        ("## Entities\n### T\n- a: string\n", 1, "no app title"),
        ("# A\n## Stuff\n", 2, "unknown section"),
        ("# A\n## Entities\n### T\n- just words\n", 4, "malformed bullet"),
        (
            "# A\n## Entities\n### T\n- a: string\n## API\n### T\n- path: nope\n",
            7,
            "invalid API path",
        ),
        (
            "# A\n## Entities\n### T\n- a: string\n## API\n### T\n- operations: fly\n",
            7,
            "unknown operation",
        ),
        (
            "# A\n## Entities\n### T\n- a: string\n## API\n### Ghost\n- access: public\n",
            6,
            "missing entity",
        ),
        (
            "# A\n## Entities\n### T\n- a: string\n## Tenancy\n- mode: multi-tenant by Org\n",
            6,
            "missing entity",
        ),
        ("# A\n## Infrastructure\n- region: mars-1\n", 3, "invalid region"),
        ("# A\n## Infrastructure\n- database: mongo\n", 3, "invalid database"),
        ("# A\n## Auth\n- strategy: magic\n", 3, "unknown auth strategy"),
        ("# A\n## Workflows\n- event e -> nowhere\n", 3, "unknown queue"),
        # superscript digits pass str.isdigit() and then crashed int() (found by Schemathesis
        # in the API; the same check lived here)
        (
            "# A\n## Entities\n### T\n- a: string\n## API\n### T\n- page size: 1\u00b9\n",
            7,
            "invalid page size",
        ),
        ("# A\n## Infrastructure\n- log retention: \u00b2 days\n", 3, "log retention"),
        # "- tracing: maybe" was kept as an unknown setting, with tracing off
        ("# A\n## Infrastructure\n- tracing: maybe\n", 3, "invalid value 'maybe' for tracing"),
        # normalised to 'bucket x' / 'roles admin', these raised IndexError (no name after a
        # space) instead of reporting the line
        ("# A\n## Infrastructure\n- bucket-x\n", 3, "malformed infrastructure item"),
        (
            "# A\n## Entities\n### T\n- a: string\n## API\n### T\n- access: roles_admin\n",
            7,
            "unknown access",
        ),
    ],
)
def test_error_classes_have_line_and_hint(text: str, line: int, fragment: str) -> None:
    result = compile_spec(text)
    assert not result.ok and result.blueprint is None
    matching = [e for e in result.errors if fragment in e.message]
    assert matching, [str(e) for e in result.errors]
    assert matching[0].line == line
    assert matching[0].hint


def test_all_errors_are_reported_at_once() -> None:
    result = compile_spec("# A\n## Entities\n### T\n- a: strng\n- b: enum()\n- c: ref Nope\n")
    assert [e.line for e in result.errors] == [4, 5, 6]


def test_deterministic() -> None:
    assert compiled(EXAMPLE).to_json() == compiled(EXAMPLE).to_json()


def test_round_trip() -> None:
    bp = compiled(EXAMPLE)
    assert compiled(render_spec(bp)) == bp


def test_thousand_entities() -> None:
    body = "\n".join(
        f"### E{i}\n- name: string, required\n- prev: ref E{max(i - 1, 0)}\n" for i in range(1000)
    )
    bp = compiled("# Big\n## Entities\n" + body)
    assert len(bp.entities) == 1000


def python_calls(text: str) -> int:
    """Function calls made compiling ``text``: a measure of work that does not depend on the
    machine (speed itself is measured by ``make bench``, never by a test)."""
    profile = cProfile.Profile()
    profile.runcall(compile_spec, text)
    return sum(stat[1] for stat in pstats.Stats(profile).stats.values())  # type: ignore[attr-defined]


@pytest.mark.parametrize("shape", [many_to_many, has_many, wide], ids=lambda f: f.__name__)
def test_compiling_is_linear(shape: Callable[[int], str]) -> None:
    """The work per relationship or field stays the same as the spec grows. Checks that scanned
    a growing list (foreign keys, indexes, relationship ends, duplicate fields) made it grow:
    a 183 KB spec of '- many to many B{i}' lines took 15 s."""
    assert compile_spec(shape(50)).ok
    per_item_small = python_calls(shape(200)) / 200
    per_item_large = python_calls(shape(800)) / 800
    assert per_item_large <= per_item_small * 1.05, (per_item_small, per_item_large)


def test_naming_helpers() -> None:
    assert pluralize("Category") == "Categories" and pluralize("Box") == "Boxes"
    assert pluralize("Person") == "People" and pluralize("order_item") == "order_items"
    assert snake_case("OrderItem") == "order_item"
    assert slugify("My App!") == "my-app" and slugify("!!!") == "app"


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=FUZZ_DERANDOMIZE)
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    result = compile_spec(text)
    assert result.ok or result.errors


LINES = st.sampled_from(
    [
        "# A",
        "## Entities",
        "### T",
        "### U",
        "- a: string",
        "- b: ref T, required",
        "- c: enum(x, y)",
        "- belongs to U",
        "- many to many U",
        "## API",
        "- path: /v1/x",
        "## Tenancy",
        "- mode: multi-tenant by T",
        "- soft delete",
        "- d: integer, default 2",
        "## Workflows",
        "- queue q, dead letter",
        "- event e -> q",
    ]
)


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=FUZZ_DERANDOMIZE)
@given(st.lists(LINES, max_size=30))
def test_never_raises_on_spec_like_text(lines: list[str]) -> None:
    result = compile_spec("\n".join(lines))
    if result.ok:
        assert compiled(render_spec(result.blueprint)) == result.blueprint  # type: ignore[arg-type]


HEADERS = [
    "# A",
    "## Entities",
    "### T",
    "### U",
    "## API",
    "### T",
    "## Auth",
    "## Tenancy",
    "## Workflows",
    "## Infrastructure",
]
KEYS = [
    "strategy",
    "roles",
    "default role",
    "health",
    "path",
    "base path",
    "operations",
    "access",
    "page size",
    "region",
    "database",
    "billing",
    "log retention",
    "mode",
    "a",
    "b",
    "max length",
    "default",
]
VALUES = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789\u00b9\u00b2\u0663\u0966 -.,()", max_size=12),
    st.sampled_from(
        [
            "string",
            "integer, default 1\u00b9",
            "string, max \u0663",
            "ref T",
            "enum(a, b), default \u00b2",
            "public",
            "roles admin",
            "multi-tenant by T",
            "roles_admin",
            "roles-admin, x",
        ]
    ),
)
KEYED_LINES = st.one_of(
    st.sampled_from(HEADERS),
    st.sampled_from(["- bucket files", "- bucket-x", "- bucket_x: 1", "- many to many T"]),
    st.builds(lambda k, v: f"- {k}: {v}", st.sampled_from(KEYS), VALUES),
)


@pytest.mark.fuzz
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=FUZZ_DERANDOMIZE)
@given(st.lists(KEYED_LINES, max_size=25))
def test_never_raises_on_known_keys_with_any_value(lines: list[str]) -> None:
    """Every key the compiler knows, in every section, with hostile values (non-ASCII digits,
    punctuation, empty): errors are reported, never raised."""
    result = compile_spec("\n".join(lines))
    assert result.ok or result.errors


@pytest.mark.parametrize(
    ("item", "on"),
    [("tracing", True), ("tracing: true", True), ("tracing: yes", True), ("tracing: off", False),
     ("backups: true", True), ("point in time recovery: on", True), ("alarms: false", False)],
)  # fmt: skip
def test_an_infrastructure_flag_with_a_value(item: str, on: bool) -> None:
    """ "- backups: true" compiled with backups off (kept as an unknown setting)."""
    bp = compiled(f"# A\n## Infrastructure\n- {item}\n")
    infra = bp.infrastructure
    flag = item.partition(":")[0].replace(" ", "_")
    assert getattr(infra, flag) is on and not infra.settings
