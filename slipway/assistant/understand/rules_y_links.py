"""Many-to-many links said from both sides in prose: "a driver can be qualified for several
routes and every route has a bunch of qualified drivers", "In one recital are many dancers, and
one dancer performs in more recitals", "One show can have more hosts, and one host moderates
also more shows"; and the words that ask for that link ("please link them", "connect guides and
tours that way", "this connection many to many").

Each side must be said: one of A with many Bs, and one of B with many As. One side alone ("a
book can have several tags") may be a plain one-to-many and is left to the other rules."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import AddRelationship
from slipway.assistant.understand.context import Context, looks_like_noun
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import is_plural, pascal, singular, snake

MANY = (
    r"(?:many|several|more|multiple|lots of|loads of|a lot of|plenty of|a bunch of|a handful of|"
    r"a few|various|any number of|a number of|numerous|different|two or more|more than one)"
)
ONE = r"(?:one|a|an|each|every|any|a single|the same|one single)"
_ADJ = (
    r"(?:(?:different|other|qualified|specific|separate|various|of (?:the |our )?|[a-z]+-[a-z]+)"
    r"\s+)*"
)
SIDE = rx.compile(
    rf"\b{ONE} (?P<a>[a-z][a-z]+(?: [a-z]+)?)\b(?P<mid>.{{1,60}}?)\b{MANY} {_ADJ}"
    r"(?P<b>[a-z]+s)\b"
)
"""One side of the link: one A … many Bs, within one part of a sentence."""
TIMES = rx.compile(rf"\b{ONE} (?P<a>[a-z][a-z]+)\b.{{1,40}}?\b{MANY} times\b")
"""The other side said without naming the first ("each extra gets booked lots of times")."""
PARTS = rx.compile(r",? and (?=(?:i guess |then |also )?(?:one|a|an|each|every|in one)\b)|[,;.?!]")


def _entity(said: str, ctx: Context) -> str | None:
    """An entity the spec has, said in both words or the first ("one dancer performs")."""
    for phrase in (said, said.split()[0]):
        hit = ctx.vocab.entity(phrase, fuzzy=False)
        if hit is not None:
            return hit.name
    return None


def sides(text: str, ctx: Context) -> list[tuple[str, str]]:
    """(A, B) for every "one A … many Bs" said in the text, names as the spec has them (or as
    said, capitalised, for a noun the spec does not have yet)."""
    out: list[tuple[str, str]] = []
    for part in PARTS.split(text):
        for match in SIDE.finditer(part):
            a = _entity(match["a"], ctx) or _new(match["a"].split()[0], plural=False)
            b = _entity(match["b"], ctx) or _new(match["b"], plural=True)
            if a and b and a != b:
                out.append((a, b))
    return out


def _new(word: str, *, plural: bool) -> str | None:
    if not looks_like_noun(word) or is_plural(word) != plural:
        return None
    return "?" + pascal(singular(word))


def _many_times(text: str, ctx: Context) -> set[str]:
    """The entities said to be taken "lots of times" ("each extra gets booked lots of times")."""
    return {
        name
        for part in PARTS.split(text)
        for match in TIMES.finditer(part)
        if (name := _entity(match["a"], ctx) or _new(match["a"], plural=False))
    }


def pair(ctx: Context) -> tuple[str, str] | None:
    """The two entities the whole message links both ways, in the order it names them."""
    said = sides(ctx.text, ctx)
    again = _many_times(ctx.text, ctx)
    for a, b in said:
        if (b, a) in said or b in again:
            first = sorted((a, b), key=lambda name: _first(name, ctx.text))
            return first[0], first[1]
    return None


def _first(name: str, text: str) -> int:
    said = rx.search(rf"\b{snake(name.strip('?')).replace('_', ' ?')}", text)
    return said.start() if said else len(text)


TOLD = rx.compile(
    r"^(?:the |our |all )?(?P<a>[a-z]+) (?:[a-z]+ ){1,4}(?:in|on|at|for|with|to|into|from|by) "
    r"(?:the |our |their |specific |certain |particular |different |several |many )*"
    r"(?P<b>[a-z]+)$"
)
"""What the link is, said before its sides ("the dancers perform in the recitals")."""


def both_sides(clause: str, ctx: Context) -> Reading | None:
    """A clause saying one side (or both) of a many-to-many link the message says both ways,
    or saying what that link is; every part of it about that link, or it is read in parts.
    Both entities are the spec's (see :func:`both_sides_new`)."""
    found = pair(ctx)
    if found is not None and any(name.startswith("?") for name in found):
        return None
    return _both(clause, found, ctx)


def both_sides_new(clause: str, ctx: Context) -> Reading | None:
    """The same with an entity the spec does not have yet ("one show can have more hosts, and
    one host moderates also more shows"): tried after every other rule."""
    return _both(clause, pair(ctx), ctx)


def _both(clause: str, found: tuple[str, str] | None, ctx: Context) -> Reading | None:
    parts = [p.strip() for p in PARTS.split(clause) if p and p.strip()]
    if found is None or not parts or not all(_about(p, found, ctx) for p in parts):
        return None
    return _link(found, ctx)


def _about(part: str, found: tuple[str, str], ctx: Context) -> bool:
    told = TOLD.match(part)
    named = {_entity(told["a"], ctx), _entity(told["b"], ctx)} if told else set()
    return (
        named == set(found)
        or any({a, b} == set(found) for a, b in sides(part, ctx))
        or bool(_many_times(part, ctx) & set(found))
        or bool(LINK_THEM.match(rx.sub(r"^(?:please|so|and) ", "", part)))
    )


def _link(found: tuple[str, str], ctx: Context) -> Reading:
    names = []
    for name in found:
        if name.startswith("?"):
            name = name[1:]
            if name not in ctx.vocab.entities:
                ctx.new_entity(name)
        names.append(name)
    return Reading([AddRelationship(entity=names[0], kind="many_to_many", target=names[1])])


LINK_THEM = rx.compile(
    r"^(?:so |and )?(?:please |can you |could you )?(?:link|connect|join|relate|associate) "
    r"(?:them|those|these|the two|both|(?:the )?[a-z]+ (?:and|with|to) (?:the )?[a-z]+)"
    r"(?: (?:up|together|that way|like that|both ways|accordingly))*$"
)
MANY_TO_MANY = rx.compile(
    r"^(?:and )?(?:make )?(?:this|that|the|this|their) (?:connection|link|relation(?:ship)?)"
    r"(?: (?:should be|is|must be|as|be))? many[- ]to[- ]many$"
)


def link_them(clause: str, ctx: Context) -> Reading | None:
    """ "please link them", "connect guides and tours that way": the both-ways link said."""
    if not (LINK_THEM.match(clause) or MANY_TO_MANY.match(clause)):
        return None
    found = pair(ctx)
    return _link(found, ctx) if found is not None else None
