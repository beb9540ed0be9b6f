"""The items of a screen's description, read one by one: what each says is stored ("the wood
(oak / chestnut / acacia)", "a little warning icon if there's a medical note", "an amber badge
'DBS expires in 3 months'"), or that it is there already, worked out, or only how it looks."""

from __future__ import annotations

from dataclasses import dataclass, field

from slipway.assistant import rx
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.words import is_plural, singular, snake, strip_determiners

WIDGETS = (
    r"(?:line|badge|icon|ribbon|pill|chip|banner|swatch|box|thumbnail|button|field|area|picker|"
    r"dropdown|drop-down|selector|checkbox|toggle|label|tag|stamp|sticker|text|caption|bar)"
)
_STYLE = rx.compile(
    r"\b(?:in (?:red|green|amber|orange|grey|gray|yellow|blue|bold|italics?|big letters|capitals|"
    r"large (?:font|type))|big|small|little|tiny|large|huge|bold|bright|faded|subtle)\b"
)
_COLOURS = r"(?:red|green|amber|orange|grey|gray|yellow|blue|black|white|pink|purple)"
_LAYOUT = rx.compile(
    r"\b(?:right |just |directly |straight )?(?:(?:under|below|above|beside|underneath|next to|"
    r"on top of|across|over) (?:it|that|this|them|the [a-z]+)|(?:at|on|in) the (?:top|bottom|"
    r"side|right|left|corner|middle|header|footer|end|front|back|screen|page|card))\b"
)
_WHEN = rx.compile(r"^(?P<m>.+?) (?:if|when|once|whenever|as soon as|after|while) (?P<c>.+)$")
_DERIVED = rx.compile(
    r"\b(?:average|avg|total|sum|mean|number of|count of|list of|upcoming|latest|previous|next|"
    r"worked out|calculated|computed|derived|based on)\b"
)


@dataclass
class Said:
    """What one item says: ``have`` (there already), ``derived``, ``link`` (to entity
    ``name``) or ``new`` (a field ``name``, of ``type`` when the words say it)."""

    kind: str
    name: str = ""
    type: str | None = None
    values: list[str] = field(default_factory=list)


def item_texts(items: str) -> tuple[list[str], str | None]:
    """The items of a list ("photo, name, coat colour (bay, chestnut), and which stall"), cut
    at commas and "and" outside brackets; the example given at the end ("e.g. room b")."""
    example = None
    cut = rx.search(r",?\s*\bfor (?:example|instance)\b(?![^()]*\))", items)
    if cut is not None:
        items, example = items[: cut.start()], items[cut.end() :]
    items = rx.sub(r"\bbefore and after (\w+)", r"before \1, after \1", items)
    out: list[str] = []
    depth, piece = 0, ""
    for char in items:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            out.append(piece)
            piece = ""
        else:
            piece += char
    out.append(piece)
    texts: list[str] = []
    for text in (clean(rx.sub(r"^\s*(?:and|plus|also|with)\s+", "", p)) for p in out):
        if rx.fullmatch(r"\d+(?:\.\d+)?", text) and texts is not None:
            texts.append(text)  # "30, 45 or 60 min": joined with what follows
            continue
        if texts and rx.fullmatch(r"\d+(?:\.\d+)?", texts[-1]):
            text = f"{texts.pop()}, {text}"
        halves = rx.split(r" (?:and|&|plus) (?![^()]*\))", text)
        led = len(halves) == 2 and rx.match(r"(?:how|when|who|which|what|whether|if|the|an?|its|"
                                            r"their)\b", halves[1])  # fmt: skip
        short = len(halves) == 2 and 0 < len(halves[0].split()) <= 5
        short = short and (0 < len(halves[1].split()) <= 5 or bool(led))
        texts += halves if short and len(halves) == 2 else [text]
    return [t for t in texts if t], example


_NOT_ITEM = rx.compile(
    r"^(?:add|remove|delete|drop|rename|make|set|change|move|put|give|turn|enable|disable|"
    r"index|encrypt|allow|let|use|link|create) (?:an? |the |it |them |this |that |[a-z_]+ "
    r"(?:to|from|required|optional|unique|field|column))|\b(?:bug|bugs|broken|wrong|slow|ugly|crash(?:es)?|"
    r"faster|nicer|bigger|smaller)\b|^(?!how|when|which|what|who|where|whether|if)[a-z ]+ "
    r"(?:should|must|needs? to|has to|have to|can't|cannot|isn't|aren't|doesn't|is not) "
)
"""An item that asks for a change or says what is wrong: no list of what the screen shows."""


def asks_more(items: list[str]) -> bool:
    """Items that are requests or complaints ("add a sku field", "the price is wrong")."""
    return any(_NOT_ITEM.search(clean(i)) or rx.search(r"\b(?:is|are) (?:wrong|broken)\b", i)
               or rx.fullmatch(_NOT_DATA, clean(i)) for i in items)  # fmt: skip


_NOT_DATA = (
    r"(?:only )?(?:public|private|read[ -]only|hidden|visible|admins? only|staff only|logged[ -]in"
    r"(?: users)?(?: only)?|internal|done|ok|okay|fine|ready|later|todo|wip|finished|next|"
    r"required|optional|mandatory|public(?: and| or) read[ -]only)"
)
"""What is said of a screen's access or progress ("products view: public, read only"), no
data it shows."""


def clean(text: str) -> str:
    """Where it sits and how it looks away ("reg plate big at the top" → reg plate)."""
    text = rx.sub(r"^(?:there(?:'s| is| are)|we show|it shows|you see) ", "", text.strip())
    for _ in range(2):
        text = _LAYOUT.sub(" ", text)
    text = _STYLE.sub(" ", text)
    text = rx.sub(
        r"\s(?:underneath|beneath|below|above|on top|at the top|at the bottom)$", "", text
    )
    return rx.sub(r"\s+", " ", text).strip(" ,")


_LOOKS = {"warning", "alert", "info", "information", "attention", "sold", "out", "new", "hot",
          "sale", "star", "tick", "check", "heart", "arrow", "exclamation", "question", "mark",
          "error", "success", "danger", "caution", "highlight", "full", "late", "overdue",
          "red", "green", "amber", "orange", "grey", "gray", "yellow", "blue", "black", "white",
          "pink", "purple", "coloured", "colored", "flashing"}  # fmt: skip
"""Words of a decoration itself ("a 'SOLD OUT' ribbon", "a warning icon"), never data."""


def widget_only(text: str) -> bool:
    """ "a sold out ribbon", "a little warning icon": only how it looks."""
    found = rx.fullmatch(rf"(?P<w>(?:[a-z]+ ){{0,3}}){WIDGETS}", strip_determiners(text))
    return found is not None and set(found["w"].split()) <= _LOOKS


def derived(text: str, entity: str, ctx: Context) -> bool:
    """Worked out from what is stored: "age" beside a birth date, "3 of 8 seats left",
    "the average member score", "the list of its upcoming screenings"."""
    if _DERIVED.search(text):
        return True
    fields = ctx.vocab.entities[entity].fields
    born = any(rx.search(r"birth|born|dob", f) for f in fields)
    return bool(rx.fullmatch(r"(?:their |its )?age(?: \(.*\))?", text)) and born


def said_form(text: str, entity: str, ctx: Context) -> Said | None:
    """What one item says of the entity, or None when it is only how the screen looks."""
    text = clean(text)
    text = rx.sub(r"\b(?:optional|required)\s+", "", text)
    seats = rx.fullmatch(r"\d+ of \d+ (?P<x>[a-z]+) (?:left|remaining|available|free|taken|"
                         r"booked|sold)", text)  # fmt: skip
    if seats is not None:
        return _counted(seats["x"], entity, ctx)
    if derived(text, entity, ctx):
        return Said("derived")
    when = _WHEN.match(text)
    main = when["m"] if when else text
    if widget_only(main):
        return _condition(when["c"], entity, ctx) if when else Said("look")
    if when and rx.search(rf"\b{WIDGETS}\b", main):  # "a 'LOW STOCK' badge when stock is low"
        shown = _condition(when["c"], entity, ctx)
        if shown is not None:
            return shown
    main = rx.sub(rf"^(?:an? |the )?(?:{_COLOURS} )?{WIDGETS} (?=[a-z])", "", main)
    main = rx.sub(rf"(?<=[a-z]) {WIDGETS}$", "", main)
    shaped = _shaped(main, entity, ctx)
    if shaped is not None:
        return shaped
    return _noun(main, entity, ctx)


def _counted(what: str, entity: str, ctx: Context) -> Said:
    """ "3 of 8 seats left": worked out, once the entity stores how many there are."""
    fields = ctx.vocab.entities[entity].fields
    if any(rx.search(rf"{singular(what)}|capacity|max", f) for f in fields):
        return Said("derived")
    return Said("new", "capacity", "integer")


def _condition(cond: str, entity: str, ctx: Context) -> Said | None:
    """The data a look depends on: "if there's a medical note", "once we've hit capacity"."""
    there = rx.fullmatch(r"there(?:'s| is| are) (?:an? |some |any )?(?P<x>[a-z]+(?: [a-z]+)?)",
                         cond)  # fmt: skip
    hit = rx.fullmatch(
        r"(?:we(?:'ve| have)?|it(?: has|'s)?|they(?:'ve| have)?) (?:hit|reached|reaches|hits|"
        r"reach|at|is at|are at) (?:the |its |full )?(?P<x>[a-z]+)",
        cond,
    )
    level = rx.fullmatch(
        r"(?:the |its |their )?(?P<x>[a-z]+(?: [a-z]+)?) (?:is|are|goes|falls|drops|gets) "
        r"(?:under|over|below|above|less than|more than|fewer than|at least|at most|lower than|"
        r"higher than|equal to)\b.*",
        cond,
    )
    found = there or hit or level
    if found is None:
        return None
    return _noun(found["x"], entity, ctx)


def _shaped(text: str, entity: str, ctx: Context) -> Said | None:
    """Items whose shape says what they hold."""
    since = rx.fullmatch(r"(?P<x>[a-z]+(?: [a-z]+)?) since\b.*", text)
    if since:  # "member since march 2019"
        return _new_or_have(f"{since['x']} since", "date", entity, ctx)
    ends = rx.fullmatch(
        r"(?P<x>[a-z]+(?: [a-z]+)?) (?P<v>expires|expire|ends|lapses|runs out|is due|renews) "
        r"(?:in|on|after)\b.*",
        text,
    )
    if ends:  # "dbs expires in 3 months"
        return _new_or_have(f"{ends['x']} {ends['v'].replace(' ', '_')} on", "date", entity, ctx)
    many = rx.fullmatch(
        r"how (?:many|much) (?P<x>[a-z]+) (?:are|is|there are) (?:in|inside|on) (?:it|them)"
        r"(?: right now| now| at the moment| currently)?",
        text,
    )
    if many:  # "how many litres are in it right now"
        return _new_or_have(f"current {many['x']}", "number", entity, ctx)
    count = rx.fullmatch(
        r"how many (?P<x>[a-z]+) (?:(?:are|is|there are) )?(?P<s>available|left|free|in stock|"
        r"on hand|remaining|owned|there are)",
        text,
    )
    held = rx.fullmatch(
        r"how (?:many|much) (?:(?P<x>[a-z]+) )?(?:we|they|you|i) (?:have|hold|keep|got|have got)"
        r"(?: got)? (?:in stock|on hand|left|in (?:the )?(?:store ?room|warehouse|shop))",
        text,
    )
    if held:  # "how many we have in stock"
        return _new_or_have("stock", "integer", entity, ctx)
    if count:  # "how many copies are available"
        linked = ctx.vocab.entity(count["x"], fuzzy=False)
        if linked is not None and _related(linked.name, entity, ctx):
            return Said("derived")  # counted from the records linked to it
        return _new_or_have(f"{count['x']} {count['s']}", "integer", entity, ctx)
    done = rx.fullmatch(
        r"when (?:it|they) (?:was|were|got|has been|have been) (?P<v>[a-z]+(?:ed|en))", text
    )
    if done:  # "when it was borrowed"
        return _new_or_have(f"{done['v']} at", "datetime", entity, ctx)
    due = rx.fullmatch(
        r"when (?:it|they) (?:must|should|has to|have to|needs? to|is due to|are due to) "
        r"(?:come back|be (?:returned|back|paid|done|finished|delivered|collected))|"
        r"when (?:it is|it's|they are) due(?: back)?",
        text,
    )
    if due:  # "when it must come back"
        return _new_or_have("due on", "date", entity, ctx)
    return _picked(text, entity, ctx)


def _picked(text: str, entity: str, ctx: Context) -> Said | None:
    """Who does it, which one it is, how long it lasts, what was paid."""
    who = rx.fullmatch(r"who(?:'s| is| are) (?P<v>[a-z]+)ing (?:it|this|them)", text)
    if who:  # "who's teaching it"
        return _agent(who["v"], entity, ctx)
    which = rx.fullmatch(
        r"(?:which|what) (?P<x>[a-z]+)(?: (?:it|they) (?:is|are|belongs? to|sits? in|lives? in)"
        r"(?: in| on| at)?| is (?:inside|in it|on it|used))?|(?:the [a-z]+ )?(?:picks?|chooses?|"
        r"selects?) (?P<one>one of (?:their|the|our|its) |an? |the |their )?(?P<y>[a-z]+)",
        text,
    )
    if which and which["y"] and not which["one"] and is_plural(which["y"]):
        return Said("left")  # "pick products": many of them, no single link
    if which:  # "which stall it's in", "the customer picks one of their vehicles"
        return _link(which["x"] or which["y"], entity, ctx)
    lasts = rx.fullmatch(r"\d+(?:, \d+)*,? (?:or|and) \d+ (?:min|mins|minutes|hours?)", text)
    if lasts:  # "30, 45 or 60 min": how long it lasts
        fields = ctx.vocab.entities[entity].fields
        known = any(rx.search(r"minute|duration|length|hours", f) for f in fields)
        return Said("have") if known else Said("new", "duration minutes", "integer")
    paid = rx.fullmatch(r"what (?:they|we|he|she|it|you) (?P<v>[a-z]+)", text)
    if paid:  # "what they paid": a field of the entity that says it
        fields = ctx.vocab.entities[entity].fields
        return Said("have") if any(paid["v"] in f for f in fields) else None
    return None


def _new_or_have(name: str, kind: str, entity: str, ctx: Context) -> Said:
    if ctx.vocab.field_on(entity, name) is not None:
        return Said("have")
    return Said("new", name, kind)


def _agent(verb: str, entity: str, ctx: Context) -> Said:
    """ "who's teaching it": a teacher (the entity, when there is one)."""
    stem = verb[:-1] if rx.search(r"([bdgmnprt])\1$", verb) else verb
    names = [stem, f"{stem}er", f"{stem}or", f"{stem}r"]
    for name in names:
        hit = ctx.vocab.entity(name, fuzzy=False)
        if hit is not None:
            return _link(hit.name, entity, ctx)
    noun = names[2] if stem.endswith("ct") else names[3] if stem.endswith("e") else names[1]
    return _new_or_have(noun, "string", entity, ctx)


def _link(word: str, entity: str, ctx: Context) -> Said:
    hit = ctx.vocab.entity(word, fuzzy=False)
    if hit is None:
        return _new_or_have(singular(word), "string", entity, ctx)
    return Said("have") if hit.name == entity else Said("link", hit.name)


_RELATIVE = rx.compile(
    r"(?<=[a-z]) (?:that|which|who|we|they|you|i|he|she|(?:the|their|our|a) [a-z]+ "
    r"(?=[a-z]+(?:s|ed)\b))\b.*$"
)


def _noun(text: str, entity: str, ctx: Context) -> Said | None:
    """A plain item: a field it has, a linked entity, a field of one, or a new field."""
    values: list[str] = []
    group = rx.search(r"\s*\((?P<v>[^()]*(?:/|,|\bor\b)[^()]*)\)$", text)
    if group is not None:
        text = text[: group.start()]
        values = [v.strip() for v in rx.split(r"\s*(?:/|,|\bor\b)\s*", group["v"]) if v.strip()]
        values = ["..." if v.endswith(".") or v in ("etc", "and so on") else v for v in values]
    text = _RELATIVE.sub("", text)
    text = rx.sub(r"^(?:their|its|his|her|the|an?|our)\s+", "", text).strip()
    if not text:
        return None
    owner = rx.match(r"^(?:the )?(?P<o>[a-z]+(?: [a-z]+)?)'s? (?P<r>.+)$", text)
    if owner is not None and "'" in text:
        hit = ctx.vocab.entity(owner["o"], fuzzy=False)
        if hit is not None and hit.name != entity:
            return Said("have") if _related(hit.name, entity, ctx) else Said("link", hit.name)
        text = owner["r"]
    text = _SAME.get(text, text)
    own = snake(entity).split("_")[-1]
    if (
        _time_word(rx.sub(rf"^{own} ", "", text), entity, ctx)
        or ctx.vocab.field_on(entity, text) is not None
    ):
        return Said("have")
    first = text.split()[0]
    for lead in (text, first, " ".join(text.split()[:2])):
        hit = ctx.vocab.entity(lead, fuzzy=False)
        if hit is not None and hit.name != entity:
            return Said("have") if _related(hit.name, entity, ctx) else Said("link", hit.name)
    if _on_linked(text, entity, ctx):
        return Said("have")
    return Said("new", text, None, values)


_SAME = {"reg plate": "registration", "number plate": "registration",
         "licence plate": "registration", "license plate": "registration", "reg": "registration",
         "reg number": "registration",
         "plate": "registration"}  # fmt: skip
"""Everyday words for a field's usual name ("reg plate" is the registration)."""


def _related(a: str, b: str, ctx: Context) -> bool:
    refs = {k for k in ctx.vocab.entities[a].fields.values() if k == f"ref:{b}"}
    back = {k for k in ctx.vocab.entities[b].fields.values() if k == f"ref:{a}"}
    return bool(refs or back)


def _time_word(text: str, entity: str, ctx: Context) -> bool:
    """ "the date", "date and time", "when": any date the entity has."""
    if not rx.fullmatch(r"(?:date|time|day|datetime|date ?& ?time|date and time|when|start time|"
                        r"starts?)", text):  # fmt: skip
        return False
    return any(k in ("date", "datetime") for k in ctx.vocab.entities[entity].fields.values())


def _on_linked(text: str, entity: str, ctx: Context) -> bool:
    """ "address" on a job sheet whose job belongs to a property with an address."""
    refs = [k.removeprefix("ref:") for k in ctx.vocab.entities[entity].fields.values()
            if k.startswith("ref:")]  # fmt: skip
    return any(ctx.vocab.field_on(r, text, fuzzy=False) for r in refs if r in ctx.vocab.entities)


__all__ = ["Said", "clean", "derived", "item_texts", "said_form", "snake", "widget_only"]
