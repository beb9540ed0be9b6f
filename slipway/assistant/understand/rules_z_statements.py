"""What a criterion or story says of the entities, in its own words: "a WishlistItem links a
Customer and a Product", "a PlacementTest belongs to a Student, has a score …", "an order has a
gift wrap flag …", "classes to show a room name (text)", "repair tickets to be assigned to a
Volunteer", "given an anonymous user, when they call the products API, then list and get
work"."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import AddRelationship, Op, SetApi, SetEnumValues
from slipway.assistant.understand.context import Context, looks_like_noun
from slipway.assistant.understand.fieldphrase import read_items
from slipway.assistant.understand.rules_add import add_to
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import snake

_OPS = r"(?:create|update|delete|list|get|read|edit|remove)"


def public(text: str, ctx: Context) -> Reading | None:
    """ "given an anonymous user, when they call the products API, then list and get work"."""
    said = rx.fullmatch(
        r"given (?:an? |any )?(?:anonymous|unauthenticated|logged[ -]out|public|signed[ -]out) "
        r"(?:user|visitor|caller|client|person)s?,? when (?:they|he|she) (?:call|use|hit|access|"
        r"query|open) (?:the )?(?P<e>[a-z]+) (?:api|endpoint|endpoints|resource),? then "
        rf"(?P<ops>{_OPS}(?:(?:,| and| or|, and) {_OPS})*) (?:work|works|are allowed|succeed|"
        r"are available|are possible)",
        text,
    )
    hit = ctx.vocab.entity(said["e"], fuzzy=False) if said else None
    if said is None or hit is None:
        return None
    ops = rx.findall(_OPS, said["ops"])
    named = {"read": "get", "edit": "update", "remove": "delete"}
    kept = [o for o in ("list", "get", "create", "update", "delete")
            if o in {named.get(x, x) for x in ops}]  # fmt: skip
    return Reading([SetApi(entity=hit.name, access="public", operations=kept)])


def not_available(text: str, ctx: Context) -> Reading | None:
    """ "create, update and delete are not available", said after the operations that work."""
    said = rx.fullmatch(
        rf"{_OPS}(?:(?:,| and| or|, and) {_OPS})* (?:are|is) (?:not available|unavailable|not "
        r"allowed|blocked|disabled|forbidden|rejected|refused)",
        text,
    )
    if said is None and rx.fullmatch(rf"{_OPS}(?:(?:,| and) {_OPS})*", text):
        after = re.escape(text) + rf",? and {_OPS} (?:are|is) not\b"
        said = rx.search(after, ctx.text)  # "create, update" cut from "… and delete are not …"
    return Reading() if said and rx.search(r"\bapi\b.*\bthen\b", ctx.text) else None


def shows(text: str, ctx: Context) -> Reading | None:
    """ "(I want) classes to show a room name (text) and a minimum age (whole number)"."""
    said = rx.fullmatch(
        r"(?:the |all |each |every )?(?P<e>[a-z]+(?: (?!to\b)[a-z]+)?) (?:to )?(?:show|display|"
        r"include|carry) (?P<i>(?:an? |the |their |its ).+)",
        text,
    )
    hit = ctx.vocab.entity(said["e"], fuzzy=False) if said else None
    if said is None or hit is None:
        return None
    items = read_items(said["i"], ctx.vocab, hit.name)
    if not items or any(i.spec is None or i.spec.type == "ref" for i in items):
        return None
    return add_to(hit.name, said["i"], ctx, strong=False)


def belongs_and_has(text: str, ctx: Context) -> Reading | None:
    """ "(Acceptance criteria:) a PlacementTest belongs to a Student, has a score, …"."""
    said = rx.fullmatch(
        r"(?:an? |the |each |every )?(?P<x>[a-z]+) belongs to (?:an? |the |one )?(?P<y>[a-z]+),? "
        r"(?:and )?(?:has|have|with|holds|records) (?P<i>.+)",
        text,
    )
    target = ctx.vocab.entity(said["y"], fuzzy=False) if said else None
    if said is None or target is None or not looks_like_noun(said["x"]):
        return None
    known = ctx.vocab.entity(said["x"], fuzzy=False)
    name = known.name if known is not None else ctx.new_entity(said["x"])
    reading = add_to(name, _same_values(said["i"], ctx), ctx, strong=False)
    if f"ref:{target.name}" not in ctx.vocab.entities[name].fields.values():
        reading.ops.append(AddRelationship(entity=name, kind="belongs_to", target=target.name))
        ctx.vocab.add_field(name, f"{snake(target.name)}_id", f"ref:{target.name}")
    return reading


def has(text: str, ctx: Context) -> Reading | None:
    """ "(Acceptance criteria:) an order has a gift wrap flag and an optional gift message"."""
    said = rx.fullmatch(
        r"(?:an? |the |each |every )?(?P<x>[a-z]+(?: [a-z]+)?) (?:has|have|gets|needs|stores|"
        r"records|holds|keeps) (?P<i>(?:an? |the |its |their |one |some ).+)",
        text,
    )
    if said is None:
        return None
    known = ctx.vocab.entity(said["x"], fuzzy=False)
    if known is None and not looks_like_noun(said["x"]):
        return None
    name = known.name if known is not None else ctx.new_entity(said["x"])
    items = rx.sub(
        r" of (?P<n>(?:at most|up to|no more than|max(?:imum)?) \d+ (?:characters|chars|letters))",
        r" (\g<n>)",
        said["i"],
    )
    return add_to(name, _same_values(items, ctx), ctx, strong=False)


def _same_values(text: str, ctx: Context) -> str:
    """ "a level using the same levels as courses (a1 to c2)": that field's values."""

    def values(m: re.Match[str]) -> str:
        hit = ctx.vocab.entity(m["e"], fuzzy=False)
        if hit is None:
            return m[0]
        for e in ctx.bp.entities if ctx.bp else []:
            for f in e.fields if e.name == hit.name else []:
                if f.enum_values and snake(m["w"]).rstrip("s") in f.name:
                    return f"{m['x']} ({', '.join(f.enum_values)})"
        return m[0]

    return rx.sub(
        r"(?P<x>[a-z][a-z ]*?) (?:using|with|from|taking) the same (?:[a-z]+ )?(?P<w>[a-z]+) as "
        r"(?:the )?(?P<e>[a-z]+)(?: \([^()]*\))?",
        values,
        text,
    )


def assigned(text: str, ctx: Context) -> Reading | None:
    """ "(I want) repair tickets to be assigned to a Volunteer": each points to one."""
    said = rx.fullmatch(
        r"(?:the |all |each |every |new )?(?P<x>[a-z]+(?: (?!to\b)[a-z]+)?) (?:to )?(?:be |are |is "
        r"|gets? |should be |must be |can be )?(?:assigned|allocated) to (?:an? |one |the )?"
        r"(?P<y>[a-z]+)",
        text,
    )
    if said is None:
        return None
    owner, target = (ctx.vocab.entity(said[k], fuzzy=False) for k in ("x", "y"))
    if owner is None or target is None or owner.name == target.name:
        return None
    if f"ref:{target.name}" in ctx.vocab.entities[owner.name].fields.values():
        return Reading(notes=[f"{owner.name} already points to {target.name}."])
    ctx.vocab.add_field(owner.name, f"{snake(target.name)}_id", f"ref:{target.name}")
    return Reading([AddRelationship(entity=owner.name, kind="belongs_to", target=target.name)])


def links(text: str, ctx: Context) -> Reading | None:
    """ "a WishlistItem links a Customer and a Product": an entity of two links."""
    said = rx.fullmatch(
        r"(?:an? |the |each |every )?(?P<x>[a-z]+) (?:links|connects|joins|ties together|ties|"
        r"pairs) (?:an? |the |one )?(?P<y>[a-z]+) (?:and|with|to) (?:an? |the |one )?(?P<z>[a-z]+)",
        text,
    )
    if said is None or not looks_like_noun(said["x"]):
        return None
    ends = [ctx.vocab.entity(said[k], fuzzy=False) for k in ("y", "z")]
    if any(e is None for e in ends):
        return None
    targets = [e.name for e in ends if e is not None]
    known = ctx.vocab.entity(said["x"], fuzzy=False)
    name = known.name if known is not None else ctx.new_entity(said["x"])
    ops: list[Op] = []
    for target in targets:
        if f"ref:{target}" not in ctx.vocab.entities[name].fields.values():
            ops.append(
                AddRelationship(entity=name, kind="belongs_to", target=target, required=True)
            )
            ctx.vocab.add_field(name, f"{snake(target)}_id", f"ref:{target}")
    return Reading(ops)


def recorded(entity: str, then: str, ctx: Context) -> Reading | None:
    """ "… then the cancellation time is recorded": a field to keep it in; "… then its status
    becomes cancelled": a value the status takes."""
    kept = rx.fullmatch(
        r"(?:we (?:record|store|keep|log|save|note) (?:the |its |their )?(?P<a>[a-z][a-z ]*?)|"
        r"(?:the |its |their )?(?P<b>[a-z][a-z ]*?) (?:is|are|gets|get) (?:recorded|stored|saved|"
        r"kept|logged|noted|filled in))",
        then,
    )
    if kept is not None:
        said = kept["a"] or kept["b"]
        if ctx.vocab.field_on(entity, said) is not None:
            return Reading(notes=[f"{entity} already keeps its {said}."])
        items = read_items(said, ctx.vocab, entity)
        if len(items) != 1 or items[0].spec is None or items[0].spec.type == "ref":
            return None
        return add_to(entity, said, ctx, strong=False)
    becomes = rx.fullmatch(
        r"(?:its|the|their) (?P<f>status|state|stage) (?:becomes|is set to|changes to|moves to|"
        r"goes to|turns to|is) (?P<v>[a-z][a-z_]*)",
        then,
    )
    hit = ctx.vocab.field_on(entity, becomes["f"], fuzzy=False) if becomes else None
    if becomes is None or hit is None:
        return None
    if ctx.vocab.entities[entity].fields[hit.field] != "enum":
        return None
    return Reading(
        [SetEnumValues(entity=entity, field=hit.field, values=[becomes["v"]], mode="add")]
    )
