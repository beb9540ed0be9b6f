"""Scoring of assistant cases (the development set's README): did the spec change, does it
compile, and does every check hold in the compiled IR?"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slipway.assistant.base import AssistantReply, ChatTurn
from slipway.spec import compile_spec


@dataclass
class CaseResult:
    index: int
    base: str
    message: str
    ok: bool
    reason: str
    seconds: float
    reply: str


def load_cases(folder: Path, name: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    cases = json.loads((folder / name).read_text())
    bases = {p.name: p.read_text() for p in sorted(folder.glob("base-*.md"))}
    return cases, bases


def _get(data: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(data, list) and part.isdigit():
            data = data[int(part)] if int(part) < len(data) else None
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _field_check(entity: dict[str, Any], check: dict[str, Any]) -> str | None:
    names = check["field"] if isinstance(check["field"], list) else [check["field"]]
    found = next((f for f in entity["fields"] if f["name"] in names), None)
    if check.get("absent"):
        return None if found is None else f"{entity['name']}.{found['name']} still exists"
    if found is None:
        return f"{entity['name']} has none of the fields {names}"
    for key in ("type",):
        if key in check:
            want = check[key] if isinstance(check[key], list) else [check[key]]
            if found[key] not in want:
                return f"{entity['name']}.{found['name']} is {found[key]}, not {want}"
    for key in ("required", "unique", "default", "maxLength", "encrypted"):
        if key in check and found.get(key) != check[key]:
            return f"{entity['name']}.{found['name']}.{key} is {found.get(key)!r}"
    if "enumValues" in check and not set(check["enumValues"]) <= set(found["enumValues"]):
        return f"{entity['name']}.{found['name']} values are {found['enumValues']}"
    return None


def _entity_check(ir: dict[str, Any], check: dict[str, Any]) -> str | None:
    entity = next((e for e in ir["entities"] if e["name"] == check["entity"]), None)
    if "field" in check:
        return _field_check(entity, check) if entity else f"no entity {check['entity']}"
    if check.get("absent"):
        return None if entity is None else f"{check['entity']} still exists"
    if entity is None:
        return f"no entity {check['entity']}"
    for key, want in check.items():
        if key not in ("entity", "absent") and entity.get(key) != want:
            return f"{check['entity']}.{key} is {entity.get(key)!r}"
    return None


def _other_check(ir: dict[str, Any], check: dict[str, Any]) -> str | None:
    if "relationship" in check:
        r = check["relationship"]
        entity = next((e for e in ir["entities"] if e["name"] == r["entity"]), None)
        rels = entity["relationships"] if entity else []
        hit = any(x["kind"] == r["kind"] and x["target"] == r["target"] for x in rels)
        return None if hit else f"no {r['kind']} {r['entity']} → {r['target']}"
    if "index" in check:
        i = check["index"]
        entity = next((e for e in ir["entities"] if e["name"] == i["entity"]), None)
        indexes = entity["indexes"] if entity else []
        hit = any(set(i["fields"]) <= set(x["fields"]) for x in indexes)
        return None if hit else f"no index on {i['entity']} {i['fields']}"
    if "api" in check:
        a = check["api"]
        res = next((r for r in ir["api"]["resources"] if r["entity"] == a["entity"]), None)
        if res is None:
            return f"no API resource for {a['entity']}"
        if "public" in a and res["public"] != a["public"]:
            return f"{a['entity']} API public is {res['public']}"
        if "operations" in a and set(res["operations"]) != set(a["operations"]):
            return f"{a['entity']} API operations are {res['operations']}"
        return None
    return _path_check(ir, check)


def _path_check(ir: dict[str, Any], check: dict[str, Any]) -> str | None:
    value = _get(ir, check["path"])
    if "equals" in check:
        want = check["equals"] if isinstance(check["equals"], list) else [check["equals"]]
        if value not in want:
            return f"{check['path']} is {value!r}"
    if "contains" in check and not (
        isinstance(value, list) and all(v in value for v in check["contains"])
    ):
        return f"{check['path']} is {value!r}"
    if "minLength" in check and not (
        isinstance(value, list | str | dict) and len(value) >= check["minLength"]
    ):
        return f"{check['path']} is {value!r}"
    return None


def judge(case: dict[str, Any], before: str, after: str) -> str | None:
    """None when the case is handled, else why not."""
    if case.get("unchanged"):
        return None if after == before else "the spec changed but should not have"
    if after == before:
        return "the spec did not change"
    compiled = compile_spec(after)
    if not compiled.ok or compiled.blueprint is None:
        return f"the spec does not compile: {compiled.errors[0]}"
    ir = compiled.blueprint.to_json()
    for check in case.get("checks", []):
        problem = _entity_check(ir, check) if "entity" in check else _other_check(ir, check)
        if problem:
            return problem
    return None


Respond = Callable[[str, str, list[ChatTurn]], AssistantReply]


def _replay(spec: str, messages: list[str], respond: Respond) -> tuple[list[str], list[ChatTurn]]:
    """The drafts and conversation after the case's earlier turns (``before``), as the chat API
    keeps them: each reply's spec becomes the draft, and an undo restores the previous one."""
    history: list[ChatTurn] = []
    drafts = [spec]
    for message in messages:
        reply = respond(drafts[-1], message, list(history))
        _keep(drafts, reply)
        history += [ChatTurn("user", message), ChatTurn("assistant", reply.message)]
    return drafts, history


def _keep(drafts: list[str], reply: AssistantReply) -> None:
    if reply.undo and len(drafts) > 1:
        drafts.pop()
    elif reply.changed:
        drafts.append(reply.spec)


def run_cases(
    cases: list[dict[str, Any]], bases: dict[str, str], respond: Respond
) -> list[CaseResult]:
    """Each case answered end to end; ``before`` lists earlier messages of the same
    conversation, replayed first (only the last message is timed and judged)."""
    results = []
    for i, case in enumerate(cases):
        drafts, history = _replay(bases[case["base"]], case.get("before", []), respond)
        before = drafts[-1]
        start = time.perf_counter()
        reply = respond(before, case["msg"], history)
        seconds = time.perf_counter() - start
        _keep(drafts, reply)  # the spec the user is left with ("undo that" restores the last)
        problem = judge(case, before, drafts[-1])
        results.append(
            CaseResult(
                i, case["base"], case["msg"], problem is None, problem or "", seconds, reply.message
            )
        )
    return results
