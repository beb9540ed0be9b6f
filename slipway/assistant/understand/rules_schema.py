"""Changes to what exists: rename, remove, and field constraints, defaults, types and indexes."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import (
    ChangeType,
    Op,
    RemoveEntity,
    RemoveField,
    SetDefault,
    SetIndexed,
    SetRequired,
)
from slipway.assistant.understand.context import PRONOUN, Context, Unresolved, either
from slipway.assistant.understand.fieldtypes import coerce_default
from slipway.assistant.understand.lexicon import TYPE_WORDS
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.vocab import FieldHit, near_name, slip
from slipway.assistant.understand.words import pascal, snake, strip_determiners

KIND_WORDS = r"\b(?:field|column|attribute|property|entity|model|table|resource)\b"
_WHAT = r"(?:the |all |any |our )?(?P<what>.+?)"
_FROM = r"(?: (?:from|on|in|of|for) (?:the |all |each |every |our )?(?P<ent>[a-z][a-z ]*?))?"
REMOVES = (
    rf"^(?:remove|delete|drop|get rid of|eliminate|take out|scrap|ditch|discard|lose|kill|nuke|"
    rf"trash|bin|axe) {_WHAT}"
    rf"{_FROM}(?: entirely| completely| altogether)?$",
    rf"^(?:we |i )?(?:don't|do not|no longer) (?:need|want|use|handle|sell|offer|stock|carry|"
    rf"lend|track|do|run|keep|manage) (?!to |from |with |at |for |in |on |by ){_WHAT}"
    r"(?: any ?more| any longer| now)?$",
    r"^(?:take|throw|cut|leave|rip) (?P<what>it|them|that|those|this|these) out$",
    r"^(?:we |i )?(?:don't|do not|no longer) (?:need|want|have) to (?:know|track|record|store|"
    r"keep track of|see) (?:whether|if|when|who|how|what|which) (?:the |an? )?"
    r"(?P<ent>[a-z][a-z ]*?) (?:was|were|is|are|got|get|have been|has been) (?P<what>[a-z_]+)"
    r"(?: any ?more| any longer)?$",
    r"^(?:the )?(?P<what>.+?) (?:(?:is|are) (?:no longer|not)|isn't|aren't|(?:must|should|need) "
    r"not be|mustn't be|shouldn't be) (?:needed|necessary|used|wanted|tracked|kept|recorded|"
    r"stored|managed|saved)(?: by (?:us|anyone|anybody|staff))?(?: (?:in )?here| in (?:this|the) "
    r"(?:system|app|spec))?(?: any ?more| any longer)?(?:,? (?:so )?(?:remove|drop|delete) "
    r"(?:it|them))?$",
    r"^(?P<ent>[a-z][a-z ]*?) (?:don't|do not|no longer|doesn't|does not|shouldn't|should not|"
    r"won't|will not|needn't) (?:need to |have to )?(?:need|have|use|reference|point (?:at|to)|"
    r"link to|refer to|belong to|be linked to|be tied to|be attached to) "
    r"(?:an? |the |any )?(?P<what>.+?)(?: any ?more| any longer)?$",
)
_F = r"(?:the |a |an |each |every |all )?(?P<f>.+?)"
DEFAULTS = (
    rf"^(?:make|set|have|let) {_F} default (?:to|at|as) (?P<v>.+)$",
    r"^(?:make|set) (?P<f>it|that|this|that field|this field) default (?P<v>[\w-]+)$",
    rf"^(?:set|change|make) the default (?:value )?(?:of|for) {_F} (?:to|as|=) (?P<v>.+)$",
    rf"^(?:set|change|make) the default {_F} to (?P<v>.+)$",
    rf"^(?:the )?default (?:value )?(?:of|for) {_F} (?:should be|is|must be|will be|=) (?P<v>.+)$",
    rf"^(?:the )?default {_F} (?:should be|is|must be|will be|=) (?P<v>.+)$",
    rf"^{_F} (?:should |must |will )?defaults? to (?P<v>.+)$",
    rf"^default {_F} to (?P<v>.+)$",
    rf"^{_F} (?:is|are|should be|starts? as|starts? at|should start as) (?P<v>[\w.\-]+) by "
    r"default$",
    rf"^(?:make|set|have) (?P<v>[\w.\-]+) (?:as )?the default(?: value)?(?: (?:of|for|on))? {_F}$",
    rf"^(?P<v>[\w.\-]+) (?:should be|is|will be|must be) the default(?: value)?(?: (?:of|for|on))? "
    rf"{_F}$",
    rf"^{_F} (?:default(?: value)?|by default)(?: is| =|:| of| should be| must be| will be)? "
    r"(?P<v>[\w.\-@+:/']+)(?:,? (?:not|instead of|rather than) [\w.\-']+)?$",
    rf"^{_F} (?:should |must |will |can )?(?:start|begin)s? (?:out |off )?(?:as|at|with|being) "
    r"(?P<v>[\w.\-]+)(?:,? (?:not|instead of|rather than) [\w.\-]+)?$",
)
INDEXES = (
    r"^(?:add|create|put|we need|i need) (?:an? )?index(?: (?:on|for|to) "
    r"(?P<f>it|that|this|them))?$",
    r"^index (?P<f>it|that|this|them)$",
    r"^index (?:the |all )?(?P<e>[a-z][a-z ]*?) (?:by|on) (?:their |its |the )?(?P<f>[a-z_ ]+?)$",
    r"^(?:add |create |put )?(?:an? )?index (?:on|for|to) (?:the )?(?P<f>.+?)$",
    r"^index (?:the )?(?P<f>[a-z][a-z_.]*(?: [a-z_]+)?)$",
    r"^(?:i|we|people|users|staff) (?:always |usually |often |mostly )?(?:sort|order|filter|search|"
    r"look up|query) (?:the )?(?P<e>[a-z][a-z ]*?) by (?:their |its |the )?(?P<f>[a-z_]+)(?: "
    r"(?:\u2014|-|,) .*|,? (?:so )?(?:can|could) (?:that|it|this) be indexed)?$",
    r"^(?:we |users |people |you )?(?:want to |need to |should be able to |can |must be able to )?"
    r"(?:search|find|look up|filter|query) (?:for )?(?:the )?(?P<e>[a-z][a-z ]*?) by (?:their "
    r"|its |the )?(?P<f>[a-z_ ]+?)(?: quickly| fast)?$",
    r"^(?:speed up|make faster|optimi[sz]e|accelerate|faster) (?:the )?(?:looking up|look ?ups? "
    r"(?:of|for)|searching(?: for)?|searches (?:of|for)|finding|querying|queries (?:on|of|for)|"
    r"filtering|sorting|listing) (?:the |all )?(?P<e>[a-z][a-z ]*?) by (?:their |its |the )?"
    r"(?P<f>[a-z_ ]+?)$",
)
TYPE = r"(?P<t>" + "|".join(sorted((re.escape(t) for t in TYPE_WORDS), key=len, reverse=True)) + ")"
_THEN_DEFAULT = r"(?:,? (?:with (?:a )?default(?: value)?(?: of)?|defaulting to) (?P<v>[\w.\-]+))?"
_REAL = r"(?:an? )?(?:full |real |proper |actual |true |plain |full-blown )?"
_NOT = (
    r"(?:s)?(?:,? (?:and )?(?:not|instead of|rather than|no longer)(?: as)? "
    r"(?!null|empty|blank|required)(?:an? )?[a-z]+)?"
)
"""A type said against the one it replaces ("real times, not text")."""
TYPES = (
    rf"^(?:change|make|turn|convert|switch) (?:the type of )?{_F} (?:field )?(?:to|into) {_REAL}"
    rf"{TYPE}(?: field| value)?{_NOT}$",
    rf"^{_F} (?:should be|must be|needs to be|has to be|becomes|should become|is|are)"
    rf"(?: (?:stored|kept|saved|held|recorded) as)? {_REAL}"
    rf"{TYPE}(?: field| value| instead)?{_NOT}{_THEN_DEFAULT}$",
    rf"^(?:store|save|keep) {_F} as {_REAL}{TYPE}{_NOT}$",
    rf"^(?:make|turn) {_F} (?:an? )?{TYPE}(?: field| value)?{_NOT}$",
)


def _strip_kind(text: str) -> tuple[str, str | None]:
    """ "the isbn field" → ("isbn", "field"); "the Warehouse entity" → ("Warehouse", "entity")."""
    kind = rx.search(KIND_WORDS + r"$", text)
    hint = None
    text = rx.sub(
        r"^(?:whole|entire) |(?<=\w) (?:thing|stuff|business|bit|part|side|data)$", "", text
    )
    kind = kind or rx.search(KIND_WORDS + r"$", text)
    if kind:
        hint = (
            "field" if kind.group(0) in ("field", "column", "attribute", "property") else "entity"
        )
    return rx.sub(r"\s+", " ", rx.sub(KIND_WORDS + r"$", " ", text)).strip(), hint


def _exact_field(ctx: Context, phrase: str, entity: str | None = None) -> FieldHit:
    """A field for a change that loses or rewrites data: a typo is asked about, not guessed."""
    notes = len(ctx.notes)
    hit = ctx.field(phrase, entity)
    bare = snake(phrase.split(".")[-1])  # "kart.engnie_cc": the field's part
    slipped = len(hit.field) >= 6 and slip(bare, hit.field)  # "comission_rate"
    spoken = PRONOUN.fullmatch(phrase.strip()) is not None  # "… the idle fee? take it out"
    if not hit.exact and (near_name(phrase, hit.field) or slipped or spoken):
        del ctx.notes[notes:]
        ctx.notes.append(f'I took "{phrase}" to mean {hit.entity}.{hit.field}.')
    elif not hit.exact:
        del ctx.notes[notes:]
        raise Unresolved(
            ask(f'I could not find "{phrase}". Did you mean {hit.entity}.{hit.field}?')
        )
    return hit


def remove(clause: str, ctx: Context) -> Reading | None:
    for pattern in REMOVES:
        match = rx.match(pattern, clause)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("ent") and ctx.vocab.entity(groups["ent"], fuzzy=False) is None:
            groups.update(_owner_last(clause[match.start("what") : match.end("ent")], ctx))
        what, hint = _strip_kind(strip_determiners(groups["what"]))
        if not what and ctx.vocab.field_anywhere(strip_determiners(groups["what"])):
            what, hint = strip_determiners(groups["what"]), "field"  # "drop column model"
        if rx.fullmatch(r"(?:it|that|this|them|those|these)(?: \w+)?", groups["what"]):
            what = "it"  # "kill that entity": the one just spoken of
        ent = groups.get("ent")
        if ent and ctx.vocab.entity(ent, fuzzy=False) is None and pattern is REMOVES[-1]:
            continue
        if pattern is REMOVES[-1] and _NOT_ALWAYS.search(clause):
            return _not_always(_remove(what, hint, ent, ctx), ctx)
        return _remove(what, hint, ent, ctx)
    from slipway.assistant.understand.rules_gone import stopped

    return stopped(clause, ctx)  # "we stopped measuring nitrate": what it recorded goes


_NOT_ALWAYS = rx.compile(
    r"^(?!.*\b(?:no longer|won't|will not|any ?more|any longer|now)\b).*\b(?:need|have) an? "
)
"""A link some records go without ("balloons don't need an owner"), not one none need any more."""


def _not_always(reading: Reading, ctx: Context) -> Reading:
    """A required field that some records go without becomes optional; any other is removed."""
    op = reading.ops[-1] if len(reading.ops) == 1 else None
    if isinstance(op, RemoveField) and ctx.is_required(op.entity, op.field):
        ctx.removed = None
        return Reading([SetRequired(entity=op.entity, field=op.field, required=False)])
    return reading


def _owner_last(text: str, ctx: Context) -> dict[str, str]:
    """ "ends on from conferences": the owner is after the last preposition that names one."""
    spots = rx.finditer(r"(?<= )(?:from|on|in|of|for) (?:the |all |each |every |our )?", text)
    for spot in reversed(list(spots)):
        if ctx.vocab.entity(text[spot.end() :], fuzzy=False) is not None:
            return {"what": text[: spot.start()].strip(), "ent": text[spot.end() :]}
    return {}


def _remove(what: str, hint: str | None, ent: str | None, ctx: Context) -> Reading:
    if PRONOUN.fullmatch(what) and ctx.removed is not None:
        return Reading([ctx.removed])  # "we don't need the X any more, drop it"
    reading = _removal(what, hint, ent, ctx)
    ctx.removed = reading.ops[-1] if reading.ops else ctx.removed
    return reading


def _removal(what: str, hint: str | None, ent: str | None, ctx: Context) -> Reading:
    if not what:
        return ask(f"Which one should I remove? The entities are {', '.join(ctx.vocab.names())}.")
    several = [w for w in rx.split(r"\s*,\s*(?:and )?|\s+and\s+", what) if w.strip()]
    if len(several) > 1:  # "remove salary_min and salary_max": each one, or ask
        reading = Reading()
        for one in several:
            reading.extend(_remove(strip_determiners(one), hint, ent, ctx))
            if reading.question:
                return reading
        return reading
    if ent:
        entity = ctx.entity(ent)  # a typo in the owner is said; the field must be right
        field = _exact_field(ctx, what, entity)
        return Reading([RemoveField(entity=entity, field=field.field)])
    if hint != "field":
        hit = ctx.vocab.entity(what)
        if hit is not None and hit.exact:
            return Reading([RemoveEntity(name=hit.name)])
        if hint == "entity" or (hit is not None and not ctx.vocab.field_anywhere(what)):
            offers = [hit.name] if hit else ctx.vocab.near(what)
            return ask(f"There is no {pascal(what)} entity. Did you mean {either(offers)}?")
    field = _exact_field(ctx, what)
    return Reading([RemoveField(entity=field.entity, field=field.field)])


SENTENCE = rx.compile(
    r"\b(?:not|no|never|isn't|aren't|don't|doesn't|won't|can't|cannot|shouldn't|mustn't|"
    r"longer|is|are|be|should|must|can|will)\b"
)
"""Words a field's name never holds: a phrase with one is a sentence ("price isn't")."""


def _target(groups: dict[str, str | None], ctx: Context) -> FieldHit:
    raw = rx.sub(r" (?:field|column|attribute|property)$", "", groups.get("f") or "")
    if SENTENCE.search(raw) and not rx.search(r"[._]", raw):
        raise Unresolved(ask(f'I could not read "{raw}" as a field.'))
    named = groups.get("e")
    entity = ctx.entity(named) if named else None
    try:
        return ctx.field(raw, entity)
    except Unresolved:
        stripped = _strip_kind(raw)[0]
        if stripped == raw:
            raise
        return ctx.field(stripped, entity)


def _matches(
    patterns: tuple[str, ...], clause: str, ctx: Context
) -> list[tuple[re.Match[str], FieldHit]]:
    """The first pattern that matches and names a field (the later ones are not read, so their
    notes do not leak into the reply); raises the first question if none does."""
    question = None
    for pattern in patterns:
        match = rx.match(pattern, clause)
        if match is None:
            continue
        try:
            return [(match, _target(match.groupdict(), ctx))]
        except Unresolved as unresolved:
            question = question or unresolved
    if question is not None:
        raise question
    return []


def default(clause: str, ctx: Context) -> Reading | None:
    from slipway.assistant.understand.rules_start import starts_as

    started = starts_as(clause, ctx)  # "new sessions should start as 'enquiry'": its state's
    if started is not None:
        return started
    headcount = _headcount(clause, ctx)
    if headcount is not None:
        return headcount
    for pattern in DEFAULTS:
        match = rx.match(pattern, clause)
        if match is None:
            continue
        groups = match.groupdict()
        owner = rx.match(r"^(?P<v>.+?) (?:for|on|of|in) (?:the |all |each |every |new )?(?P<e>.+)$",
                         groups["v"])  # fmt: skip
        if owner and ctx.vocab.entity(owner.group("e"), fuzzy=False) is not None:
            groups.update(owner.groupdict())  # "certified should default to false for inspectors"
        hit = _target(groups, ctx)
        kind = ctx.vocab.entities[hit.entity].fields.get(hit.field, "string")
        values = _enum_values(ctx, hit)
        raw = strip_determiners(groups["v"]) or groups["v"]
        value = coerce_default(raw, "enum" if values else kind, values, hit.field)
        said = rx.sub(r"(?:, not|,? rather than|,? instead of) (?:an? |the )?[\w -]+$", "", raw)
        if value is None and said != raw:  # "herb, not vegetable": herb
            raw, value = said, coerce_default(said, "enum" if values else kind, values, hit.field)
        if value is None:
            allowed = f" one of {', '.join(values)}" if values else f" a {kind} value"
            return ask(
                f'"{raw}" is not a valid default for {hit.entity}.{hit.field}: give{allowed}.'
            )
        return Reading([SetDefault(entity=hit.entity, field=hit.field, default=value)])
    return None


_PEOPLE = rx.compile(
    r"^(?:the |all |our |new )?(?P<e>[a-z]+) (?:should |will )?(?:default|defaults) to "
    r"(?P<n>\d+) (?:people|persons|members|places|seats|guests|players|riders|workers|staff)$"
)
_HEADCOUNT = ("size", "capacity", "people", "headcount", "members", "places", "seats")


def _headcount(clause: str, ctx: Context) -> Reading | None:
    """ "crews default to 3 people": the entity's one field counting them (size, capacity …)."""
    said = _PEOPLE.match(clause)
    hit = ctx.vocab.entity(said["e"], fuzzy=False) if said else None
    if said is None or hit is None:
        return None
    counts = [f for f in ctx.spec_fields(hit.name).values() if f.type == "integer"]
    named = [f for f in counts if f.name.split("_")[-1] in _HEADCOUNT]
    if len(named) != 1:
        return None  # "stays default to 2 guests" on a stay whose one number is its nights
    return Reading([SetDefault(entity=hit.name, field=named[0].name, default=int(said["n"]))])


def _enum_values(ctx: Context, hit: FieldHit) -> list[str]:
    if ctx.bp is None:
        return []
    entity = ctx.bp.entity(hit.entity)
    f = entity.field(hit.field) if entity else None
    return list(f.enum_values) if f is not None and f.type == "enum" else []


def index(clause: str, ctx: Context) -> Reading | None:
    text = rx.sub(r"\s+(?:so|in order|to make|to speed|for faster|to allow)\b.*$", "", clause)
    text = rx.sub(r"\s+(?:a lot|all (?:the )?day|all the time|often|constantly|frequently|daily)$",
                  "", text)  # fmt: skip
    for pattern in INDEXES:
        match = rx.match(pattern, text)
        if match:
            groups = match.groupdict()
            groups["f"] = groups.get("f") or "it"
            groups["f"] = rx.sub(  # "by when they were placed": the placed_at field
                r"^when (?:it|they|he|she) (?:was|were|is|are|got|get) (\w+)$",
                r"\1 at",
                groups["f"],
            )
            hit = _target(groups, ctx)
            return Reading([SetIndexed(entity=hit.entity, field=hit.field)])
    return None


DECIMALS = rx.compile(
    rf"^{_F} (?:can |should |must |will |may |needs to |has to )?(?:have|has|take|takes|hold|holds|"
    r"need|needs|allow|allows|accept|accepts|use|uses|get|gets) (?:decimals?|fractions|decimal "
    r"places|cents)$"
)


def decimals(clause: str, ctx: Context) -> Reading | None:
    """ "the temperature can have decimals": a number, not a whole one (said of an entity, the
    field the message spoke of on it)."""
    match = DECIMALS.match(clause)
    if match is None:
        return None
    owner = ctx.vocab.entity(match.group("f"), fuzzy=False)
    if owner is None:
        hit = _target(match.groupdict(), ctx)
    elif ctx.subject is not None and ctx.subject.entity == owner.name:
        hit = ctx.subject
    else:
        return None
    return Reading([ChangeType(entity=hit.entity, field=hit.field, type="number")])


def retype(clause: str, ctx: Context) -> Reading | None:
    for pattern in TYPES:
        match = rx.match(pattern, clause)
        if match is None:
            continue
        named = rx.split(r",? and |, ", match.group("f"))  # "opens_at and closes_at …"
        try:
            hits = [_target({**match.groupdict(), "f": f}, ctx) for f in named]
        except Unresolved:
            return None
        hit, kind = hits[-1], TYPE_WORDS[match.group("t")]
        ops: list[Op] = [ChangeType(entity=h.entity, field=h.field, type=kind) for h in hits]
        value = coerce_default(match.groupdict().get("v") or "", kind, [])
        if match.groupdict().get("v") and value is not None:
            ops.append(SetDefault(entity=hit.entity, field=hit.field, default=value))
        return Reading(ops)
    return None
