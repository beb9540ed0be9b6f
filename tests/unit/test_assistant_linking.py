"""Links between entities the spec has, said in the words people use ("each stay is in a
kennel", "assign every dog a vet", "a vet looks after many dogs", "each stay takes place in one
kennel"), on the kennel spec with kennels and vets added, in phrasings written for these tests.
A reading whose subject is an entity of the spec comes before one that makes a new entity of
the subject's words (a "StayTake" or a "VetLook" entity was made before)."""

from __future__ import annotations

import pytest

from slipway.ir import Blueprint
from tests.unit.assistant_support import KENNEL, added, say

KENNELS = KENNEL.replace(
    "## Auth",
    "### Kennel\n- code: string, required, unique\n\n### Vet\n- name: string, required\n\n## Auth",
)
ENTITIES = {"Owner", "Dog", "Stay", "Kennel", "Vet"}


def links(bp: Blueprint, entity: str) -> set[tuple[str, str]]:
    found = next(e for e in bp.entities if e.name == entity)
    return {(r.kind, r.target) for r in found.relationships}


@pytest.mark.parametrize(
    ("message", "entity", "target"),
    [
        ("Each stay takes place in one kennel", "Stay", "Kennel"),
        ("Each stay is in a kennel", "Stay", "Kennel"),
        ("Each stay should reference a kennel", "Stay", "Kennel"),
        ("Tie every stay to the kennel it uses", "Stay", "Kennel"),
        ("A vet looks after many dogs", "Dog", "Vet"),
        ("Assign every dog a vet", "Dog", "Vet"),
        ("Record which vet each dog goes to", "Dog", "Vet"),
        ("Each dog's vet should be recorded", "Dog", "Vet"),
        ("Each dog is looked after by exactly one vet", "Dog", "Vet"),
    ],
)
def test_a_link_said_in_words_belongs_to_the_entity_it_names(
    message: str, entity: str, target: str
) -> None:
    changed, bp, reply = say(message, KENNELS)
    assert changed, reply
    assert ("belongs_to", target) in links(bp, entity), reply
    assert {e.name for e in bp.entities} == ENTITIES


def test_one_of_each_is_two_links() -> None:
    changed, bp, reply = say("A stay is for one dog and one kennel", KENNELS)
    assert changed, reply
    assert {("belongs_to", "Dog"), ("belongs_to", "Kennel")} <= links(bp, "Stay")
    assert not [f for f in added(KENNELS, bp, "Stay") if f.type == "enum"]


def test_many_to_many_said_in_brackets() -> None:
    changed, bp, reply = say("Connect dogs and vets (many-to-many)", KENNELS)
    assert changed, reply
    assert ("many_to_many", "Vet") in links(bp, "Dog") | {
        (k, "Vet") for k, t in links(bp, "Vet") if t == "Dog"
    }


@pytest.mark.parametrize(
    "message",
    [
        "Each dog is in a good mood",  # no entity after "in"
        "Each stay is for a weekend",
        "I want to be able to see all stays in a kennel",  # a list, no link or field
    ],
)
def test_a_fact_about_something_that_is_no_entity_makes_no_entity(message: str) -> None:
    _, bp, _ = say(message, KENNELS)
    assert {e.name for e in bp.entities} == ENTITIES


def test_another_entity_s_field_asked_for_on_this_one() -> None:
    changed, bp, reply = say("Please add the vet's email address to stays", KENNELS)
    assert changed, reply
    assert [f.name for f in added(KENNELS, bp, "Stay")] == ["vet_email"]
    assert not added(KENNELS, bp, "Vet")
