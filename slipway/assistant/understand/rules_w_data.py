"""Requests about the records, not the spec: "a customer's order vanished from the list
yesterday, can you put it back?" asks for data to be restored, which no spec edit does; the
answer says so and changes nothing (never a field named "it back")."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading, ask

_RESTORE = rx.compile(
    r"^(?:(?:can|could|would|will) (?:you|we|someone) (?:please )?|please )?(?:(?:put|bring|get|"
    r"add) (?:it|them|that|this|those|these|him|her)(?: all)? back|(?:restore|recover|undelete|"
    r"retrieve|reinstate) (?:it|them|that|this|those|these|his|her|their|our|the (?:lost|missing|"
    r"deleted))\b.*)(?: please)?$"
)
_LOST = rx.compile(
    r"\b(?:disappeared|vanished|went missing|gone missing|(?:is|are) missing|(?:got|was|were|"
    r"has been|have been) (?:accidentally |somehow )?(?:deleted|lost|wiped|erased)|accidentally "
    r"(?:deleted|removed|wiped)|(?:deleted|removed) by (?:mistake|accident)|lost (?:his|her|their|"
    r"our|a|an|the|some))\b"
)
_SPEC = rx.compile(r"\b(?:fields?|columns?|entity|entities|tables?|schedules?|queues?|roles?)\b")


def restore_data(clause: str, ctx: Context) -> Reading | None:
    """ "… disappeared from the leaderboard. Can you put it back?": records lost, not the spec."""
    text = ctx.text or clause
    if not _RESTORE.match(clause) or not _LOST.search(text) or _SPEC.search(text):
        return None
    return ask(
        "I edit the spec (what is stored and who may use it), not the records in it, so I "
        "cannot bring back a lost record; it has to be restored from the data (a backup, or "
        "point in time recovery on the database). If you meant something removed from the "
        "spec, name it, for example 'add the notes field back to orders'."
    )
