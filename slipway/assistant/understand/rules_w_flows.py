"""Workflow requests that point back at the rest of the message: "… generated in the background
— put that work on its own queue" (the queue asked for already, nothing more), "remove it but
keep the feeding rota" (what goes, never what is kept)."""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant import rx
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.rules_w_removal import Item, by_words
from slipway.assistant.understand.text import Reading

Rule = Callable[[str, Context], Reading | None]

THAT_WORK = (
    r"^(?:and |so )?(?:put|move|run|send|do|handle|give) (?:that|this|it|those|these|the)(?: "
    r"work| job| jobs| task| tasks| part)? (?:on|in|into|through|via|to) (?:its|their|a|an|the) "
    r"(?:own |separate |dedicated |new )?queue$"
)


def that_work(clause: str, ctx: Context, queue: Rule) -> Reading | None:
    """ "… generated in the background — put that work on its own queue": the queue the rest
    of the message asks for; nothing more."""
    for part in rx.split(r"\s+[—-]+\s+|[.;]\s+", ctx.text or ""):
        reading = queue(part.strip(), ctx) if part.strip() and clause not in part else None
        if reading is not None and reading.ops:
            return Reading(notes=["That work has a queue of its own."])
    return None


def but_keep(gone: str, kept: str, ctx: Context, remove: Rule, items: list[Item]) -> Reading | None:
    """ "remove it but keep the feeding rota": what goes, never what is kept; "it" is what the
    message removed already."""
    if rx.fullmatch(r"(?:remove|drop|delete) (?:it|them|that)", gone):
        if ctx.removed is None:
            return None
        return Reading(notes=[_kept_note(kept, ctx, items)])
    reading = remove(gone, ctx)
    if reading is not None:
        reading.notes.append(_kept_note(kept, ctx, items))
    return reading


def _kept_note(kept: str, ctx: Context, items: list[Item]) -> str:
    item = by_words(rx.sub(r"^,? ?\w+ (?:please )?\w+ ", "", kept), ctx, items)
    return f"The {item[0]} {item[1]} stays." if item else "The rest stays as it is."
