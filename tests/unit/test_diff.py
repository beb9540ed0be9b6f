"""Change classification table (design §4): every rule has a case."""

from __future__ import annotations

import pytest

from slipway.diff import classify
from slipway.ir import Blueprint
from slipway.spec import compile_spec

BASE = """# App

## Entities

### Project
- name: string, required
- note: string
- status: enum(active, archived), default active
- code: string, max 20

### Task
- title: string, required
- project: ref Project, required

## Auth
- strategy: jwt
- roles: admin, member

## Workflows
- queue jobs
- schedule nightly: rate(1 day)

## Infrastructure
- region: us-east-1
- database: dynamodb
- bucket files
"""


def bp(text: str) -> Blueprint:
    result = compile_spec(text)
    assert result.ok and result.blueprint is not None, [str(e) for e in result.errors]
    return result.blueprint


def change(edit: str, new: str) -> tuple[str, set[tuple[str, str]]]:
    assert edit in BASE, edit
    result = classify(bp(BASE), bp(BASE.replace(edit, new)))
    return result.overall, {(c.classification, c.reason) for c in result.changes}


CASES = [
    # safe
    ("### Task\n", "### Label\n- text: string\n\n### Task\n", "safe", "new entity"),
    ("- note: string\n", "- note: string\n- extra: string\n", "safe", "new nullable field"),
    (
        "- note: string\n",
        "- note: string\n- level: integer, required, default 1\n",
        "safe",
        "new required field with a default",
    ),
    ("- name: string, required\n", "- name: string\n", "safe", "required field made optional"),
    (
        "enum(active, archived)",
        "enum(active, archived, paused)",
        "safe",
        "enum values added: paused",
    ),
    ("- code: string, max 20", "- code: string, max 40", "safe", "maximum length raised"),
    ("default active", "default archived", "safe", "default changed"),
    ("- roles: admin, member", "- roles: admin, member, guest", "safe", "roles added: guest"),
    ("- queue jobs", "- queue jobs\n- queue more", "safe", "new queue"),
    ("- bucket files", "- bucket files\n- tracing", "safe", "tracing changed"),
    ("- schedule nightly: rate(1 day)\n", "", "safe", "job removed"),
    # unsafe
    ("- note: string\n", "- note: integer\n", "unsafe", "type changed from string to integer"),
    ("- note: string\n", "- note: string, required\n", "unsafe", "nullable field made required"),
    (
        "- note: string\n",
        "- note: string, indexed\n",
        "unsafe",
        "index added (built on existing data)",
    ),
    (
        "- note: string\n",
        "- note: string, unique\n",
        "unsafe",
        "unique constraint added (existing duplicates fail)",
    ),
    ("- note: string\n", "", "unsafe", "optional field removed (its data is lost)"),
    (
        "- strategy: jwt",
        "- strategy: cognito",
        "unsafe",
        "auth strategy changed (clients must sign in differently)",
    ),
    ("- roles: admin, member", "- roles: admin", "unsafe", "roles removed: member"),
    (
        "enum(active, archived), default active",
        "enum(active), default active",
        "unsafe",
        "enum values removed: archived",
    ),
    (
        "- code: string, max 20",
        "- code: string, max 10",
        "unsafe",
        "maximum length lowered (longer values fail)",
    ),
    (
        "- note: string\n",
        "- note: string\n- level: integer, required\n",
        "unsafe",
        "new required field without a default (existing rows and clients lack it)",
    ),
    (
        "- note: string\n",
        "- note: string, encrypted\n",
        "unsafe",
        "encryption enabled (data is rewritten)",
    ),
    (
        "## Workflows\n",
        "## API\n### Task\n- access: public\n\n## Workflows\n",
        "unsafe",
        "endpoint made public",
    ),
    ("- queue jobs\n", "", "unsafe", "queue removed (messages in flight are lost)"),
    ("- bucket files\n", "", "unsafe", "bucket removed (its objects are lost)"),
    # blocked
    (
        "### Task\n- title: string, required\n- project: ref Project, required\n",
        "",
        "blocked",
        "entity deleted (its table and data go away)",
    ),
    (
        "- name: string, required\n",
        "",
        "blocked",
        "required field removed (clients send and read it)",
    ),
    ("- name: string, required\n", "- name: string, primary\n", "blocked", "primary key removed"),
    (
        "## Workflows\n",
        "## API\n### Task\n- operations: list, get\n\n## Workflows\n",
        "blocked",
        "operations removed (API break): create, update, delete",
    ),
    (
        "## Workflows\n",
        "## API\n### Task\n- path: /v2/tasks\n\n## Workflows\n",
        "blocked",
        "base path changed (API break)",
    ),
    (
        "## Workflows\n",
        "## API\n### Task\n- operations: none\n\n## Workflows\n",
        "blocked",
        "endpoint removed (API break)",
    ),
    (
        "- database: dynamodb",
        "- database: postgres",
        "blocked",
        "database engine changed (data does not move by itself)",
    ),
    (
        "- region: us-east-1",
        "- region: eu-west-1",
        "blocked",
        "region changed (every resource would be recreated)",
    ),
    (
        "## Auth\n",
        "## Tenancy\n- mode: multi-tenant by Project\n\n## Auth\n",
        "blocked",
        "tenancy changed (every tenant key and row would be rewritten)",
    ),
]


@pytest.mark.parametrize(
    ("edit", "new", "overall", "reason"), CASES, ids=[c[3][:40] for c in CASES]
)
def test_rule(edit: str, new: str, overall: str, reason: str) -> None:
    result_overall, changes = change(edit, new)
    assert any(r == reason for _, r in changes), changes
    assert (overall, reason) in changes
    assert result_overall == max((c for c, _ in changes), key=["safe", "unsafe", "blocked"].index)
    if overall == "blocked":
        assert result_overall == "blocked"


def test_no_changes_is_none() -> None:
    result = classify(bp(BASE), bp(BASE))
    assert result.overall == "none" and result.changes == []
    assert result.to_dict()["summary"] == "No changes."


def test_first_revision_is_all_safe_additions() -> None:
    result = classify(None, bp(BASE))
    assert result.overall == "safe"
    assert {c.action for c in result.changes} == {"added"}


def test_overall_is_the_worst_and_output_is_sorted() -> None:
    after = BASE.replace("- note: string\n", "- note: integer\n").replace(
        "### Task\n", "### Label\n- x: string\n\n### Task\n"
    )
    result = classify(bp(BASE), bp(after))
    assert result.overall == "unsafe"
    assert result.counts["unsafe"] >= 1 and result.counts["safe"] >= 1
    paths = [(c.path, c.action, c.reason) for c in result.changes]
    assert paths == sorted(paths)
    body = result.to_dict()
    assert set(body) == {"overall", "changes", "counts", "summary"}
    assert "acknowledgment" in body["summary"]
