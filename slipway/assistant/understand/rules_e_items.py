"""The fields of a new entity said in the words of the business: "for a customer and a
species", "how many were sold", "how many percent discount", "until when it is valid", "when to
reorder (a minimum number)", "if they liked it or not", "a code that is unique", and the link
said beside them ("which supplier each bouquet comes from")."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from slipway.assistant import rx
from slipway.assistant.operations import AddRelationship, Op
from slipway.assistant.understand.context import Context, looks_like_noun
from slipway.assistant.understand.words import snake

_SPLIT = rx.compile(r",\s*(?:and\s+)?(?:also\s+)?|\s+(?:and|plus)\s+(?:also\s+)?(?!not\b)")
_UNITS = r"(?:percent|per ?cent|minutes|hours|days|weeks|months|years|euros|dollars|kg|grams)"
_WHO = r"(?:they|it|he|she|we|you|people|the [a-z]+)"


def _lead(item: str) -> str:
    """ "each one have a code", "with their name", "also the date": the words that only lead."""
    item = rx.sub(r"^(?:also |and |plus )+", "", item)
    item = rx.sub(
        r"^(?:each one|every one|each of them|each|every one of them|they|it)"
        r"(?: (?:has|have|had|gets?|needs?|should have|must have|is|are|comes with))?(?= |$)",
        "",
        item,
    ).strip()
    return rx.sub(r"^(?:with|having|holding|including|has|have|carries|records) ", "", item)


def _how_many(item: str) -> str | None:
    """ "how many percent discount", "how many were sold", "how many people come", "how many
    we got in stock": a number named by what is counted."""
    unit = rx.fullmatch(rf"how (?:many|much) (?P<u>{_UNITS}) (?:of )?(?P<x>[a-z]+(?: [a-z]+)?)",
                        item)  # fmt: skip
    if unit:
        return f"{unit['x']} {unit['u'].replace(' ', '')} (number)"
    done = rx.fullmatch(
        r"how (?P<q>many|much) (?:(?P<x>[a-z]+) )?(?:were|are|was|is|got|get|have been|has been|"
        r"will be) (?P<v>[a-z]+(?:ed|en|ld|t))",
        item,
    )
    if done:
        kind, what = ("integer", "quantity") if done["q"] == "many" else ("number", "amount")
        return f"{done['x'] or what} {done['v']} ({kind})"
    held = rx.fullmatch(
        rf"how (?:many|much) (?:(?P<u>{_UNITS}|litres|liters|bottles|boxes|packs|units|bags|rolls"
        r"|metres|meters|tins|cans) )?(?:(?:we|they|you|i)(?:'ve)? )?(?:have|got|have got|keep|"
        r"hold|own|"
        r"has)(?: got)?(?: (?P<p>in stock|on hand|left|in storage|available|in the warehouse))?",
        item,
    )
    if held and held["u"]:  # "how many litres we have in stock": a measure, maybe a fraction
        return f"{held['u']} {held['p'] or 'in stock'} (number)"
    if held:  # "how many i've got": how many are in stock
        return f"quantity {held['p'] or 'in stock'} (integer)"
    there = rx.fullmatch(r"how many (?P<x>[a-z]+) (?:there are|are there|there will be)", item)
    if there:  # "how many places there are": the places
        return f"{there['x']} (integer)"
    counted = rx.fullmatch(r"how many (?P<x>[a-z]+) (?:[a-z]+ ){0,3}[a-z]+", item)
    if counted and looks_like_noun(counted["x"]) and counted["x"] not in ("times", "of"):
        return f"{counted['x']} count (integer)"
    return None


def _when(item: str) -> str | None:
    """ "until when it is valid", "when it expires", "when to reorder (a minimum number)"."""
    until = rx.fullmatch(
        rf"(?:until|till|up to|up until) when {_WHO} (?:is|are|stays?|remains?|will be) "
        r"(?P<a>[a-z]+)",
        item,
    )
    if until:
        return f"{until['a']} until (date)"
    done = rx.fullmatch(
        rf"when {_WHO} (?:was|were|is|are|got|gets|has been) (?P<v>[a-z]+(?:ed|en))", item
    )
    if done:  # "when it was extended"
        return f"{done['v']} at (datetime)"
    dated = rx.fullmatch(rf"(?:the )?(?:date|day) (?:when |that |on which )?{_WHO} (?P<v>[a-z]+)",
                         item)  # fmt: skip
    if dated and rx.fullmatch(r"[a-z]+(?:es|ts|ns|ds|rs|ls|ks|ps|ves)", dated["v"]):
        return f"{dated['v']} on (date)"  # "the date it expires"
    happens = rx.fullmatch(rf"when {_WHO} (?P<v>[a-z]+)", item)
    if happens and happens["v"] not in ("is", "are", "was", "were", "has", "have", "do", "does"):
        verb = happens["v"]
        return f"{verb if rx.search(r'(?:s|ed)$', verb) else verb + 's'} on (date)"
    ends = rx.fullmatch(
        rf"(?:an? |the )?(?P<k>date|day|time|moment) (?:after which|past which|beyond which|from "
        rf"which on) {_WHO} (?:can't|cannot|can not|can no longer|is no longer|are no longer|won't|"
        r"will no longer|may not|may no longer|must not|mustn't|isn't|aren't) (?:be )?[a-z]+"
        r"(?: [a-z]+)??(?: any ?more| any longer)?",
        item,
    )
    if ends:  # "a date after which it can't be spent any more": when it expires
        return "expires on (date)" if ends["k"] in ("date", "day") else "expires at (datetime)"
    todo = rx.fullmatch(r"when to (?P<v>[a-z]+(?: [a-z]+)?)(?: \((?P<t>[^()]*)\))?", item)
    if todo is None:
        return None
    if todo["t"] and rx.search(r"\b(?:number|count|amount|quantity|level|minimum|min)\b",
                               todo["t"]):  # fmt: skip
        return f"{todo['v']} threshold (integer)"
    return f"{todo['v']} on (date)" if todo["t"] is None else None


_MOSTLY = (
    r"(?:\s*(?:\u2014|\u2013|-|,|;|\()\s*(?P<most>(?:most|usually|typically|normally|mostly)"
    r"(?: of them| ones)? (?:won't|will not|aren't|are not|isn't|is not|not|will|are|is)"
    r"(?: be)?)\)?)?"
)


def _flag(item: str) -> str | None:
    """ "a yes/no for whether it's a wholesale order — most won't be": a boolean named by the
    state, false by default when most are not."""
    said = rx.fullmatch(
        r"(?:an? |the )?(?:yes/no|yes or no|boolean|bool|flag|checkbox|tick box|true/false)"
        r"(?: field| value)? (?:for|on|saying|about|to say|to show|showing|marking|telling) "
        rf"(?:whether|if) {_WHO} (?:is|are|was|were|counts as)(?: an?| the)? "
        rf"(?P<x>[a-z]+(?: [a-z]+){{0,2}}){_MOSTLY}",
        item,
    )
    if said is None:
        return None
    most = said["most"] or ""
    default = ""
    if most:
        default = ", default false" if rx.search(r"n't|\bnot\b", most) else ", default true"
    return f"{said['x']} (boolean{default})"


def _whether(item: str) -> str | None:
    """ "if they liked it or not", "whether it was paid": a yes/no named by the state."""
    said = rx.fullmatch(
        rf"(?:if|whether) {_WHO} (?:did |were |was |are |is |has been |have been |had been |has |"
        r"have |got |get )?"
        r"(?P<v>[a-z]+(?:ed|en|t|id))(?: (?:it|them|this|that))?(?: or not)?",
        item,
    )
    return f"{said['v']} (boolean)" if said else None


def _kind(item: str) -> str | None:
    """ "whether it's steel or aluminium": which of the two it is, a choice (its type)."""
    said = rx.fullmatch(
        rf"(?:whether|if) {_WHO} (?:is|are|was|were|'s) (?:an? )?(?P<a>[a-z]+) or (?:an? )?"
        r"(?P<b>(?!not\b)[a-z]+)",
        item,
    )
    return f"type ({said['a']} or {said['b']})" if said else None


def _subject(item: str) -> str | None:
    """ "what it's about", "what the complaint is about": its description, in words."""
    said = rx.fullmatch(
        rf"what {_WHO} (?:is|are|was|were) (?:all )?(?:about|for|regarding)|what happened", item
    )
    return "description (text)" if said else None


def _about(item: str, ctx: Context) -> str | None:
    """ "for a customer", "a code that is unique": the entity it is for; the field and its
    rule."""
    about = rx.fullmatch(
        r"(?:is |are )?(?:for|about|of|from|to|by|at) (?:an? |the |one |some )?(?P<x>[a-z ]+)",
        item,
    )
    if about and ctx.vocab.entity(about["x"], fuzzy=False) is not None:
        return about["x"]
    ruled = rx.fullmatch(
        r"(?P<x>[a-z][a-z ]*?) (?:that|which) (?:is|are|must be|should be|has to be|needs to be) "
        r"(?P<m>unique|required|optional|mandatory)",
        item,
    )
    return f"{ruled['x']} ({ruled['m']})" if ruled else None


def _itself(item: str, entity: str) -> str | None:
    """ "the code itself (unique)", "the fee the customer paid for it", "the date of
    inspection" (on Inspection): the thing named first, without the words said about it."""
    mine = rx.fullmatch(
        r"(?:its|their|his|her) own (?P<x>[a-z]+(?: [a-z]+)?)(?: \((?:never|not|no) (?:be )?"
        r"(?:reused|repeated|shared|duplicated|used twice)\))?",
        item,
    )
    if mine and looks_like_noun(mine["x"]):  # "its own code (never reused)": one of a kind
        return f"{mine['x']} (unique)"
    never = rx.fullmatch(
        r"(?:the |an? )?(?P<x>[a-z]+(?: [a-z]+)?)(?: \(| (?:that|which) (?:is|are|can be|will be) )"
        r"(?:never|not) (?:be )?(?:reused|repeated|shared|duplicated|used twice)\)?",
        item,
    )
    if never and looks_like_noun(never["x"]):
        return f"{never['x']} (unique)"
    scored = rx.fullmatch(r"(?:an? |the )?(?P<x>[a-z]+(?: [a-z]+)?) (?:out of|on a scale of|"
                          r"from (?:0|1) to|between (?:0|1) and) (?P<n>\d+)", item)  # fmt: skip
    if scored and looks_like_noun(scored["x"]):  # "a score out of 10"
        return f"{scored['x']} (integer)"
    own = rx.fullmatch(r"(?:the )?(?P<x>[a-z]+(?: [a-z]+)?) (?:itself|themselves)(?P<r> \(.*\))?",
                       item)  # fmt: skip
    if own:
        return f"{own['x']}{own['r'] or ''}"
    paid = rx.fullmatch(
        r"(?:the |an? )?(?P<x>[a-z]+(?: [a-z]+)?) (?:that |which )?(?:the [a-z]+|they|he|she|we|"
        r"you|i) (?:has |have |had )?(?P<v>[a-z]+(?:ed|id|ld|ght|nt|ot))(?: back| in| out| up)?"
        r"(?: (?:for|on|with|to|in) (?:it|them|this|that))?",
        item,
    )
    asks = {"date", "day", "time", "whether", "if", "when", "which", "who", "what", "how", "where"}
    if paid and looks_like_noun(paid["x"]) and not asks & set(paid["x"].split()):
        return paid["x"]
    dated = rx.fullmatch(r"(?:the )?(?P<k>date|day|time) of (?:the |its |their )?(?P<x>[a-z]+)",
                         item)  # fmt: skip
    if dated and snake(dated["x"]) == snake(entity).split("_")[-1]:
        return f"{dated['k']} ({'datetime' if dated['k'] == 'time' else 'date'})"
    return None


_READERS: tuple[Callable[[str], str | None], ...] = (
    _how_many,
    _when,
    _kind,
    _whether,
    _flag,
    _subject,
)


def _ascii(item: str) -> str:
    """ "the café's vat number": the name in plain letters ("cafe's")."""
    item = rx.sub(r"([^\x00-\x7f]) s\b", r"\1's", item)
    return unicodedata.normalize("NFKD", item).encode("ascii", "ignore").decode()


def _linked(item: str, entity: str, ctx: Context) -> Op | None:
    """ "which supplier each bouquet usually comes from": that one belongs to the new entity."""
    said = rx.fullmatch(
        r"which (?P<b>[a-z]+(?: [a-z]+)??) (?:each|every|an?|the) (?P<a>[a-z]+(?: [a-z]+)??) "
        r"(?:usually |normally |typically |always |mostly )?[a-z]+(?: [a-z]+){0,3}",
        item,
    )
    if said is None:
        return _belongs(item, entity, ctx) or _it_linked(item, entity, ctx)
    target = ctx.vocab.entity(said["b"], fuzzy=False)
    owner = ctx.vocab.entity(said["a"], fuzzy=False)
    if target is None or owner is None or entity not in (target.name, owner.name):
        return None
    return AddRelationship(entity=owner.name, kind="belongs_to", target=target.name)


def _belongs(item: str, entity: str, ctx: Context) -> Op | None:
    """ "(it) belongs to an owner", "is for one booking": the new one belongs to that one."""
    said = rx.fullmatch(
        r"(?:belongs? to|is (?:for|tied to|linked to|attached to)|points (?:to|at)|is owned by|"
        r"(?:is )?(?:raised|issued|made|written) (?:for|to|by)) (?:an? |the |one |a single )?"
        r"(?P<b>[a-z]+(?: [a-z]+)?)",
        item,
    )
    target = ctx.vocab.entity(said["b"], fuzzy=False) if said else None
    if target is None or target.name == entity:
        return None
    return AddRelationship(entity=entity, kind="belongs_to", target=target.name)


def _it_linked(item: str, entity: str, ctx: Context) -> Op | None:
    """ "which visit it happened on", "what trip they belong to": the new one belongs to it."""
    said = rx.fullmatch(
        r"(?:which|what) (?P<b>[a-z]+(?: [a-z]+)?) (?:it|they|this|that|each one|the [a-z]+) "
        r"(?:happened|happens|took place|takes place|was|were|is|are|belongs?|was made|was done|"
        r"was sold|came|comes|goes|went)(?: (?:on|at|in|for|during|with|to|from|under|part of))?",
        item,
    )
    target = ctx.vocab.entity(said["b"]) if said else None
    if target is None or target.name == entity:
        return None
    return AddRelationship(entity=entity, kind="belongs_to", target=target.name)


def plain(text: str, entity: str, ctx: Context) -> tuple[str, list[Op]]:
    """The fields said in prose, as plain field phrases; the links said among them apart. The
    text is returned as it was when none of its parts is said in prose."""
    items = [_lead(i.strip()) for i in _SPLIT.split(text.strip()) if i.strip()]
    out: list[str] = []
    links: list[Op] = []
    changed = False
    for item in items:
        either = rx.fullmatch(r"(?:either|one of|which is either) (?P<v>[a-z_ ]+ or [a-z_]+)", item)
        if either and out:  # "a level, either basic or expert": the values of the one before
            out[-1] = f"{out[-1]} ({either['v']})"
            changed = True
            continue
        link = _linked(item, entity, ctx)
        if link is not None:
            links.append(link)
            changed = True
            continue
        said = next((r(item) for r in _READERS if r(item) is not None), None)
        said = said if said is not None or item.isascii() else _ascii(item)
        said = said if said is not None else _about(item, ctx) or _itself(item, entity)
        changed = changed or said is not None
        out.append(said if said is not None else item)
    if not changed:
        return text, []
    return ", ".join(i for i in out if i), links
