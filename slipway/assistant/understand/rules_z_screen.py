"""A designer's description of a screen ("horse card: photo, name, coat colour (bay, grey),
which stall it's in"; "the book page has a 'shelved at' line under the title"): the entity the
screen shows gets the fields it does not have yet. Items that name one of its fields, or an
entity it is linked to, are there already; values worked out from others ("age", "3 of 8 seats
left", "the average score") add nothing; where things sit and how they look ("big at the top",
"in red", "a little icon") are not data. A screen that only shows what exists changes nothing."""

from __future__ import annotations

import re
from typing import cast

from slipway.assistant import rx
from slipway.assistant.operations import (
    AddBucket,
    AddField,
    AddRelationship,
    FieldKind,
    FieldSpec,
    Op,
    SetEnumValues,
)
from slipway.assistant.understand.context import Context, Unresolved, looks_like_noun
from slipway.assistant.understand.fieldphrase import read_items
from slipway.assistant.understand.lexicon import FILE_WORDS
from slipway.assistant.understand.rules_z_screenwords import Said, asks_more, item_texts, said_form
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.words import plural, singular, snake

SCREEN = (
    r"(?:card|screen|page|profile|view|sheet|tile|panel|form|popup|pop-up|modal|dialog|widget|"
    r"overview|details?|detail page|details page)"
)
_HEAD = rx.compile(
    rf"^(?:on |in )?(?:the |a |an |our )?(?P<new>new )?(?P<s>(?!(?:each|every|all|any|some)\b)"
    rf"[a-z][a-z ]*?) (?P<w>{SCREEN}(?: (?:screen|page|view|card|form))?)"
    r"(?P<sep>: | (?:(?:should|must|will|needs to|has to|can|could|would) )?(?:has|have|show|"
    r"shows|display|displays|lists?|contains?|includes?|with|there is|there are|there's):? |,? "
    r"there(?:'s| is| are) | (?:we|we'll|we will|you|users|people) (?:show|see|display|list) )"
    r"(?P<items>.+)$"
)
_IT_SHOWS = rx.compile(
    r"^(?:it|this|that|the (?:page|screen|card|view|form)) (?:will |should |would )?(?:shows?|"
    r"has|have|displays?|lists?|contains?|includes?):? (?P<items>.+)$"
)
"""The items said in a sentence of their own ("… the tour page. It shows the title, …")."""
_MENTION = rx.compile(
    rf"\b(?:the|a|an|our|new) (?P<s>[a-z]+(?: [a-z]+)?) (?P<w>{SCREEN})\b(?!.*\b(?:the|a|an|our|"
    rf"new) [a-z]+(?: [a-z]+)? {SCREEN}\b)"
)
_BOARD = rx.compile(
    r"^(?:the |our |a )?(?:dashboard|home ?page|home screen|start screen|landing page|stats "
    r"(?:page|screen))(?: (?:screen|page))?(?:: | (?:shows?|has|lists?|displays?):? )(?P<items>.+)$"
)
_SEEN_ON = rx.compile(
    r"^(?:to )?(?:see|show|display|have|get) (?P<items>.+?) (?:on|in) (?:the|each|every|a|an|our) "
    rf"(?P<s>[a-z]+(?: [a-z]+)?) (?P<w>{SCREEN})$"
)
"""A story's wish to see things on a screen ("see the shelf location on the book page")."""


def screen(clause: str, ctx: Context) -> Reading | None:
    kept = ctx.read_with
    if kept and clause.strip(" ,.)(") and clause.strip(" ,.)(") in kept:
        return Reading()  # a piece of the screen's sentence, read with its start
    if kept and rx.fullmatch(r"[\s),.(]*", clause):
        return Reading()
    seen = _SEEN_ON.match(clause)
    if seen is not None and _HEAD.match(clause) is None:  # "see the cover on the book page"
        return screen(f"{seen['s']} {seen['w']}: {seen['items']}", ctx)
    head = _HEAD.match(clause)
    if head is None:
        return _said_before(clause, ctx) or _board(clause, ctx) or _not_yet(clause, ctx)
    if ctx.vocab.entity(head["w"], fuzzy=False) or ctx.vocab.entity(
        f"{head['s']} {head['w']}", fuzzy=False
    ):
        return None  # "a panel has a model": the Panel entity, no screen
    said = head["sep"].strip(" ,")
    named = ctx.vocab.entity(head["s"], fuzzy=False) or any(
        ctx.vocab.entity(w, fuzzy=False) for w in head["s"].split()
    )
    if said != ":" and not said.startswith("there") and not named:
        return None  # "the admin page has ...": a screen of no entity, said in passing
    items, tail = _whole(clause, head["items"], ctx)
    try:
        read = _screen(clause, head, items, ctx)
    except _Unknown as unknown:  # no other rule should make the screen an entity of its own
        read = unknown.reading
    if read is not None and tail:
        ctx.read_with = tail
    return read


class _Unknown(Unresolved):
    """The screen shows no entity of the spec: asked, never read another way."""


def _screen(clause: str, head: re.Match[str], items: str, ctx: Context) -> Reading | None:
    items = rx.sub(r"^(?:show|shows|display|displays|list|lists|with|has)\s+", "", items)
    if rx.fullmatch(r"(?:done|ok|okay|fine|ready|later|todo|wip|finished|next|looks good|"
                    r"approved|lgtm)", items.strip(" .!")):  # fmt: skip
        return Reading(notes=[f"Nothing in the spec changes for the {head['s']} {head['w']}."])
    if asks_more(item_texts(items)[0]):
        return None  # "product form: add a sku field": requests, read by the other rules
    name = rx.sub(r"^(?:on |in )?(?:the |a |an |our )?(?:new )?", "", clause[: head.start("sep")])
    entity, created = _entity(head["s"], name, bool(head["new"]), items, ctx)
    return _read(entity, name, items, created, ctx)


_STEPS = r"\s*(?:\u2192|->|=>|>|,? then)\s*"


def steps(clause: str, ctx: Context) -> Reading | None:
    """ "commission status pill on the board goes Quoted → Accepted → Ready": the values a
    field passes through, shown on a screen; new ones added, the first the default."""
    said = rx.fullmatch(
        r"(?:the |each |every |a )?(?P<e>[a-z]+(?: [a-z]+)?)(?:'s)? (?P<f>status|state|stage|"
        r"phase|step)(?: (?:pill|badge|label|chip|tag|column|lane|bar|indicator))?(?: (?:on|in) "
        r"the [a-z]+(?: [a-z]+)?)? (?:goes|moves|runs|flows|progresses|steps)(?: from)?:? "
        r"(?P<v>.+)",
        clause,
    )
    if said is None or len(rx.split(_STEPS, said["v"])) < 3:
        return None
    hit = ctx.vocab.entity(said["e"], fuzzy=False)
    values = [snake(v) for v in rx.split(_STEPS, said["v"]) if v.strip()]
    if hit is None or not all(values):
        return None
    found = ctx.vocab.field_on(hit.name, said["f"], fuzzy=False)
    if found is None:
        spec = FieldSpec(name=said["f"], type="enum", enum_values=values, default=values[0])
        ctx.vocab.add_field(hit.name, spec.name, "enum")
        return Reading([AddField(entity=hit.name, field=spec)])
    if ctx.vocab.entities[hit.name].fields[found.field] != "enum":
        return None
    return Reading([SetEnumValues(entity=hit.name, field=found.field, values=values, mode="add")])


def _said_before(clause: str, ctx: Context) -> Reading | None:
    """ "We're designing the tour page. It shows the title, …": the screen named before."""
    shown = _IT_SHOWS.match(clause)
    start = ctx.text.find(clause[:20]) if shown else -1
    before = _MENTION.search(ctx.text[:start]) if start > 0 else None
    if shown is None or before is None:
        return None
    return screen(f"{before['s']} {before['w']}: {shown['items']}", ctx)


def _board(clause: str, ctx: Context) -> Reading | None:
    """ "Dashboard: tours this month, total revenue": figures worked out, nothing stored."""
    board = _BOARD.match(clause)
    if board is None or ctx.vocab.entity("dashboard", fuzzy=False) is not None:
        return None
    texts = item_texts(board["items"])[0]
    if texts and all(
        rx.search(
            r"\b(?:number of|how many|total|average|count|sum|upcoming|"
            r"this (?:week|month|year)|today|per)\b",
            t,
        )
        for t in texts
    ):
        return Reading(notes=["The dashboard shows figures worked out from what is stored; "
                              "nothing to add."])  # fmt: skip
    return ask("Which entity should hold what the dashboard shows? Name it, for example "
               "'tours have a max group size'.")  # fmt: skip


def _not_yet(clause: str, ctx: Context) -> Reading | None:
    """ "we don't have that anywhere yet", said after a screen's description: nothing more."""
    if rx.fullmatch(
        rf"(?:we are|we're|i am|i'm|we have been|i have been) (?:designing|building|making|working "
        rf"on|sketching|mocking up|redoing|redesigning) (?:the|a|an|our|new) [a-z ]+ {SCREEN}",
        clause,
    ) and any(_IT_SHOWS.match(x.strip()) for x in rx.split(r"[.!?;]\s", ctx.text)):
        return Reading()  # "We're designing the tour page." before what it shows
    if not rx.fullmatch(
        r"(?:we|you|it|the spec) (?:don't|do not|doesn't|does not) (?:have|store|keep|hold) "
        r"(?:that|this|it|those|these|them)(?: anywhere| stored| in the spec| at all)?(?: yet)?",
        clause,
    ):
        return None
    said = rx.split(r"[.!?;]\s", ctx.text)
    return Reading() if any(_HEAD.match(s.strip()) for s in said) else None


def _whole(clause: str, items: str, ctx: Context) -> tuple[str, str]:
    """The screen's items, read on to the end of its sentence in the message when the clause
    was cut before it (inside brackets, or before an item that names an entity); and the part
    read on."""
    start = ctx.text.find(clause[:25])
    if start < 0:
        return items, ""
    rest = ctx.text[start + len(clause) :]
    close = rest.find(")") if items.count("(") > items.count(")") else -1
    end = rx.search(r"[.!?;](?:\s|$)", rest[close + 1 :])
    tail = rest[: close + 1 + end.start()] if end else rest
    return (items + tail, tail) if tail.strip(" ,.;") else (items, "")


def _entity(subject: str, name: str, new: bool, items: str, ctx: Context) -> tuple[str, bool]:
    """The entity the screen shows: named by its words, else new ("new 'Booking' screen"),
    else the one linked to what the items name ("job sheet: customer, the sweep's name")."""
    hit = ctx.vocab.entity(subject, fuzzy=False)
    if hit is not None:
        return hit.name, False
    named = [h.name for w in subject.split() if (h := ctx.vocab.entity(w, fuzzy=False))]
    if len(set(named)) == 1:
        return named[0], False
    if new and looks_like_noun(subject):
        return ctx.new_entity(subject), True
    linked = _linked_to(items, ctx)
    if linked is not None:
        ctx.notes.append(f"I took the {name} to show {linked}.")
        return linked, False
    raise _Unknown(ask(f"Which entity does the {name} show? The entities are "
                       f"{', '.join(ctx.vocab.names())}."))  # fmt: skip


def _linked_to(items: str, ctx: Context) -> str | None:
    named = set(ctx.vocab.find_entities(items))
    scores = {e: len(named & _refs(e, ctx)) for e in ctx.vocab.entities if e not in named}
    best = max(scores.values(), default=0)
    top = [e for e, n in scores.items() if n == best]
    return top[0] if best >= 2 and len(top) == 1 else None


def _refs(entity: str, ctx: Context) -> set[str]:
    kinds = ctx.vocab.entities[entity].fields.values()
    return {k.removeprefix("ref:") for k in kinds if k.startswith("ref:")}


def related(a: str, b: str, ctx: Context) -> bool:
    return b in _refs(a, ctx) or a in _refs(b, ctx)


def _read(entity: str, subject: str, items: str, created: bool, ctx: Context) -> Reading:
    ops: list[Op] = []
    files: list[str] = []
    left: list[str] = []
    texts, example = item_texts(items)
    for text in texts:
        said = said_form(text, entity, ctx)
        if said is None or said.kind == "left":
            left.append(text)
            continue
        if said.kind in ("have", "derived", "look"):
            continue
        if said.kind == "link":
            if said.name not in _refs(entity, ctx):
                ops.append(AddRelationship(entity=entity, kind="belongs_to", target=said.name))
                ctx.vocab.add_field(entity, f"{snake(said.name)}_id", f"ref:{said.name}")
            continue
        spec = _spec(said, example, entity, ctx)
        if spec is None:
            left.append(text)
            continue
        if ctx.vocab.field_on(entity, spec.name, fuzzy=False) is not None:
            continue  # "the date it was stored" is stored_on
        ctx.vocab.add_field(entity, spec.name, spec.type)
        ops.append(AddField(entity=entity, field=spec))
        if spec.type == "string" and singular(spec.name.split("_")[-1]) in FILE_WORDS:
            files.append(spec.name)
    if files:
        word = plural(singular(files[0].split("_")[-1]))
        bucket = f"{snake(entity).replace('_', '-')}-{word}"[:40]
        ops.append(AddBucket(name=bucket))
        named = ", ".join(f"{entity}.{f}" for f in files)
        ctx.notes.append(f"The bucket {bucket} holds the files of {named}.")
    notes = [f'I left out "{t}": I could not tell what of it is stored.' for t in left]
    alone = len(rx.split(r"[.!?;]\s", ctx.text.strip(" .!?"))) == 1
    if not ops and not created and alone:
        notes.append(f"The {subject} shows only what {entity} already has.")
    return Reading(ops, notes)


_DATED = rx.compile(
    r"\b(?:\d{1,2}[/.-]\d{1,2}|\d{4}|\d{1,2}:\d{2}|am|pm|jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|"
    r"november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
_NOT = {"it", "that", "this", "them", "thing", "stuff", "something", "everything", "info"}


def _spec(said: Said, example: str | None, entity: str, ctx: Context) -> FieldSpec | None:
    if said.type is not None:
        return FieldSpec(name=snake(said.name), type=cast(FieldKind, said.type))
    found = read_items(said.name, ctx.vocab, entity)
    if len(found) != 1 or found[0].spec is None:
        return None
    spec = found[0].spec
    if spec.type == "ref":
        return spec
    if not rx.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+){0,3}", spec.name) or spec.name in _NOT:
        return None
    if example is not None and spec.type in ("date", "datetime") and not _DATED.search(example):
        spec = spec.model_copy(update={"type": "string"})  # "shelved at, e.g. room b"
    if found[0].file:  # "before and after photos": one photo each
        spec = spec.model_copy(update={"name": rx.sub(r"s$", "", spec.name)})
    if spec.type == "string" and rx.search(r"(?:^|_)(?:slot|time)$", spec.name):
        spec = spec.model_copy(update={"type": "datetime"})  # "a time slot"
    if said.values:
        open_list = said.values[-1] == "..."
        values = [v for v in said.values if v != "..."]
        if open_list or len(values) < 2:
            spec = FieldSpec(name=spec.name)
        else:
            spec = FieldSpec(name=spec.name, type="enum", enum_values=values)
    return spec
