"""Issue 12 item 1: hostile text in every slot of the spec grammar that takes free text (title,
description, string/json defaults, enum values, schedules, queue/event/bucket names, API paths,
roles, free infrastructure settings) cannot change what Slipway generates. Every generated file
of every artifact still parses (Python, JSON, SQL literals, Markdown without raw HTML, links or
broken code spans/fences), user values come back out as the same data, and running the CDK app
as ``cdk synth`` does creates no canary file."""

from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slipway.artifacts.cdk import build_cdk_project, static_files
from slipway.artifacts.design_doc import build_design_doc
from slipway.artifacts.openapi import build_openapi
from slipway.ir import Blueprint
from slipway.spec.compiler import compile_spec
from slipway.synth import synthesize
from tests.integration.cdk_support import load_module, synth, write_project
from tests.unit.test_design_doc_markdown import check_markdown

ISSUE_TITLE = 'Pwn"""; __import__("os").system("id"); """'
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
SNIPPETS = [
    '"""',
    "'''",
    '"',
    "'",
    "\\",
    "\\'",
    "`",
    "```",
    "~~~",
    '__import__("os").system("id")',
    '__import__("pathlib").Path("CANARY").touch()',
    '"); open("CANARY", "w"); ("',
    "</script>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "${}",
    "${Token[AWS.AccountId.4]}",
    "{{}}",
    "{{7*7}}",
    "{0}",
    "%s",
    "$(id)",
    "-->",
    "<!--",
    "%%{init: {}}%%",
    "[x](javascript:alert(1))",
    "![x](http://x/y.png)",
    "| a |",
    "&amp;",
    "*b* _i_",
    "\t",
]
one_line = st.lists(
    st.sampled_from(SNIPPETS)
    | st.text(st.characters(blacklist_characters=LINE_BREAKS + "\x00"), max_size=6),
    min_size=1,
    max_size=5,
).map("".join)


def _line(text: str, fallback: str) -> str:
    text = text.strip()
    return text if text else fallback


def _description_line(text: str) -> str:
    text = text.strip()
    if not text or text[0] in "#-*+`<~":
        return "d " + text  # a structural line of the spec language, not description
    return text


name = st.from_regex(r"[a-z][a-z0-9_.\-]{0,12}", fullmatch=True)
enum_value = st.from_regex(r"[A-Za-z0-9_.\-][A-Za-z0-9_.\- ]{0,10}[A-Za-z0-9_.\-]", fullmatch=True)
path_segment = st.from_regex(r"[A-Za-z0-9_\-.{}]{1,12}", fullmatch=True)


role = st.from_regex(r"[a-z][a-z0-9_\-]{0,8}", fullmatch=True)


@st.composite
def _entities(draw: st.DrawFn) -> list[str]:
    default = _line(draw(one_line).replace(",", ";"), "d").strip("'\"") or "d"
    json_default = _line(draw(one_line).replace(",", ";"), "j").strip("'\"") or "j"
    values = [
        v.strip() for v in draw(st.lists(enum_value, min_size=1, max_size=3, unique_by=str.strip))
    ]
    return [
        "## Entities",
        "### Customer",
        "- email: string, required, unique, encrypted",
        f"- note: string, default {default}",
        f"- data: json, default {json_default}",
        f"- level: enum({', '.join(values)}), default {values[0]}",
        "- soft delete",
        "- audit log",
        "### Order",
        "- total: number",
        "- customer: ref Customer",
        "### Org",
        "- name: string",
    ]


@st.composite
def _access(draw: st.DrawFn) -> list[str]:
    roles = draw(st.lists(role, min_size=1, max_size=3, unique=True))
    return [
        "## Auth",
        f"- strategy: {draw(st.sampled_from(['jwt', 'cognito', 'api_key', 'none']))}",
        f"- roles: {', '.join(roles)}",
        f"- default role: {roles[0]}",
        "## Tenancy",
        draw(st.sampled_from(["- mode: multi-tenant by Org", "- mode: single"])),
        "## API",
        "- health: true",
        "### Customer",
        f"- path: /a/{draw(path_segment)}",
        f"- access: roles {roles[-1]}",
        "### Order",
        f"- path: /b/{draw(path_segment)}",
        f"- access: {draw(st.sampled_from(['public', 'authenticated']))}",
    ]


@st.composite
def _operations(draw: st.DrawFn, eventbridge: bool) -> list[str]:
    cron = draw(one_line).replace("(", "[").replace(")", "]").strip() or "x"
    schedules = ["rate(1 day)", "cron(0 8 * * ? *)"] + ([] if eventbridge else [f"cron({cron})"])
    queue, event, job = draw(name), draw(name), draw(name)
    setting = draw(st.from_regex(r"[a-z0-9 ]{0,8}", fullmatch=True)).rstrip()
    return [
        "## Workflows",
        f"- schedule {job}: {draw(st.sampled_from(schedules))}",
        f"- queue {queue}, fifo, dead letter",
        f"- event {event} -> {queue}",
        "## Infrastructure",
        "- region: eu-west-1",
        f"- database: {draw(st.sampled_from(['dynamodb', 'postgres']))}",
        f"- bucket {draw(st.from_regex(r'[a-z0-9][a-z0-9-]{1,12}', fullmatch=True))}",
        f"- x{setting}: {draw(one_line)}",
    ]


@st.composite
def hostile_specs(draw: st.DrawFn, eventbridge: bool = False) -> str:
    """A spec with hostile text in every free-text slot (``eventbridge``: only schedules that
    EventBridge accepts, so that the app synthesizes rather than refusing the schedule)."""
    title = _line(draw(one_line), "T")
    description = [_description_line(draw(one_line)) for _ in range(draw(st.integers(0, 3)))]
    lines = [f"# {title}", "", *description, ""]
    lines += draw(_entities()) + draw(_access()) + draw(_operations(eventbridge))
    return "\n".join(lines) + "\n"


def compiled(spec: str) -> Blueprint:
    result = compile_spec(spec)
    assert result.blueprint is not None, [str(e) for e in result.errors]
    return result.blueprint


_SQL_LITERALS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")


def check_sql(text: str) -> None:
    """Outside its quoted identifiers and literals, the schema is only SQL words and signs."""
    for line in text.splitlines():
        if line.startswith("--"):
            continue
        bare = _SQL_LITERALS.sub("", line)
        assert re.fullmatch(r"[A-Za-z0-9_ (),;.:*=\-]*", bare), line


def check_files(files: dict[str, str]) -> None:
    for path, text in files.items():
        if path.endswith(".py"):
            ast.parse(text)
        elif path.endswith(".json"):
            json.loads(text)
        elif path.endswith((".yaml", ".yml")):
            yaml.safe_load(text)
        elif path.endswith(".toml"):
            tomllib.loads(text)
        elif path.endswith(".sql"):
            check_sql(text)


def check_artifacts(bp: Blueprint) -> None:
    files = build_cdk_project(bp, stack_prefix="slipway-hostile-12345678")
    check_files(files)
    fixed = static_files()
    assert {p: files[p] for p in fixed} == fixed  # the Python is the same for every blueprint
    assert {p for p in files if p.endswith(".py")} == set(fixed)
    data = json.loads(files["blueprint.json"])
    assert data["project"]["name"] == bp.project.name  # the title is data, unchanged
    assert [j["name"] for j in data["jobs"]] == [j.name for j in bp.workflows.jobs]
    for rules in json.loads(files["handlers/resources.json"])["resources"].values():
        entity = bp.entity(rules["entity"])
        assert entity is not None
        defaults = {f.name: f.default for f in entity.fields if f.default is not None}
        assert defaults == {n: s["default"] for n, s in rules["fields"].items() if "default" in s}
    check_markdown(files["README.md"], title=f"{bp.project.name} — AWS CDK project")
    check_markdown(build_design_doc(bp, **hostile_context(bp)), title=f"{bp.project.name} — design")
    json.loads(json.dumps(build_openapi(bp)))
    for stack in synthesize(bp, project_id="00000000-0000-4000-8000-0000000000aa"):
        json.loads(stack.body)


def hostile_context(bp: Blueprint) -> dict[str, Any]:
    """Validation, stacks and history entries carrying the blueprint's own hostile text."""
    text = bp.project.name
    return {
        "revision": 2,
        "stacks": [{"key": text, "name": text, "dependsOn": [text], "resourceTypes": [text]}],
        "validation": {
            "score": text,
            "pillars": {text: {"score": 1}},
            "topIssues": [{"ruleId": text, "message": text}, text],
        },
        "cost": {"starter": {"totalMonthlyUsd": text}},
        "history": [{"number": text, "specVersion": 1, "changeClass": text, "createdAt": text}],
    }


@settings(
    max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(hostile_specs())
def test_hostile_specs_generate_parsable_artifacts(spec: str) -> None:
    check_artifacts(compiled(spec))


def test_issue_title_is_data_not_code() -> None:
    """Regression: this title compiled into app.py as code (``__import__(...)`` ran at synth)."""
    bp = compiled(f"# {ISSUE_TITLE}\n\n## Entities\n\n### Note\n- text: string\n")
    assert bp.project.name == ISSUE_TITLE
    files = build_cdk_project(bp, stack_prefix="slipway-pwn-12345678")
    for path, text in files.items():
        if path.endswith(".py"):
            calls = {
                node.func.id
                for node in ast.walk(ast.parse(text))
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            }
            assert "__import__" not in calls, path
            assert ISSUE_TITLE not in text, path
    assert json.loads(files["blueprint.json"])["project"]["name"] == ISSUE_TITLE
    check_artifacts(bp)


def canary_spec(canary: Path) -> str:
    """Every free-text slot tries to create ``canary`` if it were ever run as code."""
    touch = f'__import__("pathlib").Path({str(canary)!r}).touch()'
    return "\n".join(
        [
            f'# Pwn"""; {touch}; """',
            "",
            f"'''; {touch}; ''' \\\" {touch} `{touch}` ${{{touch}}} {{{{{touch}}}}}",
            "",
            "## Entities",
            "### Note",
            f'- text: string, default """; {touch}; """',
            f"- data: json, default '; {touch}; '",
            "- soft delete",
            "- audit log",
            "## Workflows",
            "- schedule digest: cron(0 8 * * ? *)",
            "- queue jobs, dead letter",
            "## Infrastructure",
            f'- note: "; {touch}; "',
        ]
    )


@pytest.mark.slow
@pytest.mark.parametrize("strategy", ["jwt", "api_key"])
def test_running_the_app_runs_no_user_text(strategy: str, tmp_path: Path) -> None:
    pytest.importorskip("aws_cdk", reason="aws-cdk-lib is a dev dependency")
    canary = tmp_path / "CANARY"
    spec = canary_spec(canary).replace(
        "## Workflows", f"## Auth\n- strategy: {strategy}\n## Workflows"
    )
    bp = compiled(spec)
    write_project(bp, tmp_path / "cdk")
    result = synth(tmp_path / "cdk")
    assert result.returncode == 0, result.stderr[-3000:]
    assert not canary.exists()
    assert list((tmp_path / "cdk" / "cdk.out").glob("*.template.json"))


def test_app_refuses_a_schedule_eventbridge_would_not_run(tmp_path: Path) -> None:
    pytest.importorskip("aws_cdk", reason="aws-cdk-lib is a dev dependency")
    spec = canary_spec(tmp_path / "CANARY").replace(
        "cron(0 8 * * ? *)", 'cron(0 8 * * ? *" ${Token[AWS.AccountId.4]} ")'
    )
    write_project(compiled(spec), tmp_path / "cdk")
    result = synth(tmp_path / "cdk")
    assert result.returncode != 0 and "blueprint.json: schedule of job" in result.stderr
    assert not (tmp_path / "CANARY").exists() and not (tmp_path / "cdk" / "cdk.out").exists()


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("routes", 0, "path"), "/v1/${Token[AWS.AccountId.4]}"),
        (("entities", 0, "id"), "Task; import os"),
        (("auth", "roles", 0, "name"), 'admin"'),
        (("stackPrefix",), "x/../y"),
        (("jobs", 0, "schedule"), "cron(${Token[X.1]})"),
    ],
)
def test_stacks_refuse_a_hand_edited_blueprint_json(
    where: tuple[Any, ...], value: str, tmp_path: Path
) -> None:
    bp = compiled(canary_spec(tmp_path / "CANARY"))
    write_project(bp, tmp_path)
    data = json.loads((tmp_path / "blueprint.json").read_text())
    target = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    (tmp_path / "blueprint.json").write_text(json.dumps(data))
    config = load_module(tmp_path / "stacks" / "config.py", f"config_{abs(hash(where))}")
    with pytest.raises(ValueError, match="is not allowed"):
        config.load()


@pytest.mark.slow
@settings(max_examples=3, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(spec=hostile_specs(eventbridge=True))
def test_hostile_apps_synthesize(spec: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """``python3 app.py`` on hostile blueprints synthesizes; nothing in them runs."""
    root = tmp_path_factory.mktemp("hostile")
    write_project(compiled(spec), root)
    result = synth(root)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not list(root.rglob("CANARY*")) and not list(Path.cwd().glob("CANARY*"))
