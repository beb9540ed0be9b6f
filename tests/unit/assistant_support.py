"""What the assistant's rule tests share: one message answered on a spec, and a field looked up
in the compiled result."""

from __future__ import annotations

from slipway.assistant import OfflineAssistant
from slipway.assistant.base import ChatTurn
from slipway.ir import Blueprint, FieldDef
from slipway.spec import compile_spec

KENNEL = """# Happy Paws Kennels

Boarding for dogs while their owners travel.

## Entities

### Owner
- name: string, required
- email: string, required, unique
- phone: string

### Dog
- owner: ref Owner, required
- name: string, required
- breed: string

### Stay
- dog: ref Dog, required
- arrives_on: date, required
- leaves_on: date, required
- nightly_rate: number, required

## Auth
- strategy: jwt
- roles: admin, staff
"""
"""A spec of the assistant's rule tests (a dog kennel), written for them."""


def say(message: str, spec: str) -> tuple[bool, Blueprint, str]:
    """Whether the spec changed, the compiled result (it always compiles) and the reply."""
    reply = OfflineAssistant().respond(spec, message)
    compiled = compile_spec(reply.spec)
    assert compiled.ok and compiled.blueprint is not None
    return reply.changed, compiled.blueprint, reply.message


def field(bp: Blueprint, entity: str, name: str) -> FieldDef | None:
    found = next(e for e in bp.entities if e.name == entity)
    return next((f for f in found.fields if f.name == name), None)


def added(before: str, bp: Blueprint, entity: str) -> list[FieldDef]:
    """The fields ``entity`` has in ``bp`` and had not in the spec ``before``."""
    old = compile_spec(before).blueprint
    assert old is not None
    had = {f.name for e in old.entities if e.name == entity for f in e.fields}
    return [f for e in bp.entities if e.name == entity for f in e.fields if f.name not in had]


def expect(
    message: str, entity: str, expected: list[tuple[object, ...]], spec: str = KENNEL
) -> None:
    """The message changes the spec and adds exactly ``expected`` to ``entity``: (name, type)
    or (name, type, default) each."""
    changed, bp, reply = say(message, spec)
    assert changed, reply
    width = len(expected[0]) if expected else 2
    got = [(f.name, f.type, f.default)[:width] for f in added(spec, bp, entity)]
    assert got == expected, reply


def chat(messages: list[str], spec: str = KENNEL) -> tuple[bool, str, str]:
    """Each message answered in turn, as the chat keeps them: (the last changed, spec, reply)."""
    assistant, history = OfflineAssistant(), []
    reply = None
    for message in messages:
        reply = assistant.respond(spec, message, list(history))
        spec = reply.spec if reply.changed else spec
        history += [ChatTurn("user", message), ChatTurn("assistant", reply.message)]
    assert reply is not None
    return reply.changed, spec, reply.message
