"""The assistant through the API: replies with the change class, questions that change nothing,
"also on …" and "undo that" across turns (undo is the draft history's), the first chat on an empty
project and ``POST /projects/{id}/blueprints {prompt}`` drafting a spec, usage recorded."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from slipway.spec import compile_spec

pytestmark = pytest.mark.db
LIBRARY = (Path(__file__).parent / "dev" / "base-library.md").read_text()


async def new_project(client: httpx.AsyncClient, spec: str | None = LIBRARY) -> str:
    r = await client.post("/projects", json={"name": "Library"})
    assert r.status_code == 201, r.text
    pid = str(r.json()["data"]["id"])
    if spec is not None:
        r = await client.post(f"/projects/{pid}/spec/apply", json={"content": spec})
        assert r.status_code == 201, r.text
    return pid


async def say(client: httpx.AsyncClient, pid: str, message: str) -> dict[str, object]:
    r = await client.post(f"/projects/{pid}/spec/chat", json={"message": message})
    assert r.status_code == 200, r.text
    return dict(r.json())


def ir(spec: object):  # type: ignore[no-untyped-def]
    result = compile_spec(str(spec))
    assert result.ok, result.errors
    return result.blueprint


async def test_conversation_also_and_undo(user: httpx.AsyncClient) -> None:
    pid = await new_project(user)
    first = await say(user, pid, "add a notes field to books")
    assert first["changed"] and "Book: added notes (string)" in str(first["assistantMessage"])
    assert "Change class: safe" in str(first["assistantMessage"])
    second = await say(user, pid, "also on members")
    assert ir(second["spec"]).entity("Member").field("notes") is not None
    assert ir(second["spec"]).entity("Book").field("notes") is not None
    third = await say(user, pid, "undo that")
    assert third["changed"] and third["spec"] == first["spec"]
    fourth = await say(user, pid, "undo that")
    assert fourth["spec"] == LIBRARY
    got = (await user.get(f"/projects/{pid}/spec")).json()
    assert got["draft"] is None  # back at the applied version
    last = await say(user, pid, "undo that")
    assert not last["changed"] and "nothing to undo" in str(last["assistantMessage"])
    history = (await user.get(f"/projects/{pid}/spec/chat/history", params={"limit": 50})).json()
    assert len(history["messages"]) == 10


async def test_questions_leave_the_draft_alone(user: httpx.AsyncClient) -> None:
    pid = await new_project(user)
    reply = await say(user, pid, "delete the Warehouse entity")
    assert not reply["changed"] and reply["spec"] == LIBRARY
    assert "There is no Warehouse entity. Did you mean" in str(reply["assistantMessage"])
    blocked = await say(user, pid, "Rename Member to Patron")
    assert "Change class: blocked" in str(blocked["assistantMessage"])
    usage = (await user.get("/usage/me")).json()
    assert usage["usage"]["totalCalls"] == 2


async def test_the_change_class_is_against_the_applied_version(user: httpx.AsyncClient) -> None:
    pid = await new_project(user)
    renamed = await say(user, pid, "Rename Member to Patron")
    assert "Change class: blocked" in str(renamed["assistantMessage"])
    added = await say(user, pid, "add a subtitle to books")  # safe on its own, not since applied
    message = str(added["assistantMessage"])
    assert added["changed"] and "Book: added subtitle (string)" in message
    assert "Change class: blocked" in message and "entities.Member: entity deleted" in message
    assert "compares the draft with the applied version" in message
    r = await user.post(f"/projects/{pid}/spec/apply", json={"content": added["spec"]})
    assert r.status_code == 201, r.text
    after = await say(user, pid, "add a page count to books")
    assert "Change class: safe" in str(after["assistantMessage"])
    assert "applied version" not in str(after["assistantMessage"])


async def test_first_chat_on_an_empty_project_drafts_a_spec(user: httpx.AsyncClient) -> None:
    pid = await new_project(user, spec=None)
    reply = await say(
        user, pid, "a library that lends books to members, who can reserve books and pay fines"
    )
    bp = ir(reply["spec"])
    assert {"Book", "Member", "Loan", "Reservation", "Fine"} <= {e.name for e in bp.entities}
    assert bp.entity("Loan").field("book_id").references == "Book"
    assert bp.entity("Fine").field("member_id").references == "Member"
    assert "member" in bp.auth.roles


async def test_blueprint_from_a_prompt(user: httpx.AsyncClient) -> None:
    pid = await new_project(user, spec=None)
    r = await user.post(
        f"/projects/{pid}/blueprints",
        json={"prompt": "a clinic where patients book appointments with doctors"},
    )
    assert r.status_code == 202, r.text
    spec = (await user.get(f"/projects/{pid}/spec")).json()["spec"]
    bp = ir(spec["content"])
    assert {"Patient", "Doctor", "Appointment"} <= {e.name for e in bp.entities}
    appointment = bp.entity("Appointment")
    assert appointment.field("patient_id").references == "Patient"
    assert appointment.field("doctor_id").references == "Doctor"
    assert bp.api.resources and bp.auth.strategy == "jwt"
