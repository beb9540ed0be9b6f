"""Fields said in other shapes: when something happens ("record the date a sensor was
installed", "memberships expire on a date"), how many ("how many seats a vehicle has"), and a
yes/no question ("is the pet neutered? we need that as a yes/no")."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.context import Context, Unresolved
from slipway.assistant.understand.rules_e_said import said_items
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.words import snake

_BE = r"(?:is|was|gets|got|are|were|has been|have been|becomes|became)"


def _add_to(entity: str, text: str, ctx: Context) -> Reading:
    from slipway.assistant.understand.rules_add import add_to

    return add_to(entity, text, ctx, strong=False)


def _when(clause: str, ctx: Context) -> Reading | None:
    match = rx.match(
        r"^(?:track|record|store|log|note|remember|keep track of|capture|save|know|add|include)"
        r" (?:(?:the )?(?P<k>date|day|time|moment)(?: when| that| on which| at which)? |when )"
        rf"(?:an? |the |each )?(?P<e>[a-z][a-z ]*?) {_BE} (?P<v>[a-z]+)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e")) is None:
        return None
    entity = ctx.entity(match.group("e"))
    verb = match.group("v")
    if match.group("k") in ("date", "day"):
        return _add_to(entity, f"{verb} on (date)", ctx)
    text = f"{verb} at (datetime)" if rx.search(r"(?:ed|en|wn|t)$", verb) else f"{verb} date"
    return _add_to(entity, text, ctx)


def _happens_on(clause: str, ctx: Context) -> Reading | None:
    """ "memberships expire on a date", "a shift starts at a time": the verb's date or time."""
    match = rx.match(
        r"^(?:each |every |all |an? |the )?(?P<e>[a-z][a-z ]*?) (?:will |can |should |must |may )?"
        r"(?P<v>[a-z]+) (?:on|at|by) (?:a|some|one|a given|a certain|a specific|an exact) "
        r"(?P<k>date|day|time|moment|datetime)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e")) is None:
        return None
    verb = match.group("v") if match.group("v").endswith("s") else match.group("v") + "s"
    kind = "on (date)" if match.group("k") in ("date", "day") else "at (datetime)"
    return _add_to(ctx.entity(match.group("e")), f"{verb} {kind}", ctx)


_HOLDS = r"(?:has|have|holds?|contains?|gets?|includes?|seats|carries|fits|takes|(?:is|are) for)"
_SPANS = r"(?:minutes|hours|days|seconds|weeks|months)"


_SEE = (
    r"(?:(?:track|record|store|know|keep|capture|save|see|view|count|show|find out|keep track of|"
    r"log|note) )"
)
"""The verbs a count is wanted with ("see how many copies of each book we own")."""
_LATELY = (
    r"(?: (?:this|per|each|a|every|last|in a) (?:day|week|month|year|season)| so far| in total)?"
)
_WE = (
    r"(?: (?:we|they|you|i|there|it|he|she) (?:own|have|has|hold|keep|stock|are|is|get|sell|owns))?"
)


def _how_many_of(clause: str, ctx: Context) -> Reading | None:
    """ "how many copies of each book we own"; "how many refills are allowed" (said of the
    entity spoken of last)."""
    match = rx.match(
        rf"^{_SEE}?how (?P<q>many|much) "
        r"(?P<x>[a-z]+(?: [a-z]+)?) (?:of|for|per|on|in) (?:each |every |an? |the )?"
        rf"(?P<e>[a-z][a-z ]*?){_WE}{_LATELY}$",
        clause,
    )
    kind = "integer" if match and match.group("q") == "many" else "number"
    if match and ctx.vocab.entity(match.group("e"), fuzzy=False) is not None:
        return _add_to(ctx.entity(match.group("e")), f"{match.group('x')} ({kind})", ctx)
    match = rx.match(
        rf"^{_SEE}?how many (?P<x>[a-z]+) (?:are|is) "
        r"(?P<p>allowed|permitted|left|remaining|possible|used|available|needed|included)$",
        clause,
    )
    if match is None or ctx.focus is None:
        return None
    return _add_to(ctx.focus, f"{match.group('x')} {match.group('p')} (integer)", ctx)


def _how_many_in(clause: str, ctx: Context) -> Reading | None:
    """ "how many patients were involved in an incident": a count of what took part in it."""
    match = rx.match(
        rf"^{_SEE}?how many (?P<x>[a-z]+) (?:were|are|was|is|got|get|will be) "
        r"(?P<v>[a-z]+(?:ed|en|t)) (?:in|on|at|for|during|with|by) (?:each |every |an? |the )?"
        r"(?P<e>[a-z][a-z ]*?)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return None
    return _add_to(ctx.entity(match.group("e")), f"{match['x']} {match['v']} (integer)", ctx)


def _how_many(clause: str, ctx: Context) -> Reading | None:
    """ "how many minutes each appointment lasts", "how many seats a vehicle has", "how many
    guests a booking is for"."""
    clause = rx.sub(rf"{_LATELY}$", "", clause)
    match = rx.match(
        rf"^{_SEE}?how (?P<q>many|much) "
        r"(?P<x>[a-z]+(?: (?!each |every |an? |the )[a-z]+)?) (?:each |every |an? |the )?"
        rf"(?P<e>[a-z][a-z ]*?) (?:(?:has|have|had|is|are|was|were|will) (?!for$))?(?P<v>{_HOLDS}|"
        r"[a-z]+)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return None
    x, verb = match.group("x"), match.group("v")
    if rx.fullmatch(_HOLDS, verb):
        name = x
    elif rx.fullmatch(_SPANS, x) and rx.fullmatch(r"lasts?|takes?|runs?|goes|go|needs?", verb):
        name = f"duration {x}"
    else:
        name = f"{x} {verb}"
    kind = "integer" if match.group("q") == "many" else "number"
    return _add_to(ctx.entity(match.group("e")), f"{name} ({kind})", ctx)


def _each(clause: str, ctx: Context) -> Reading | None:
    """ "the language each book is written in": a field of each of them."""
    match = rx.match(
        r"^(?:the |a |an )?(?P<n>[a-z]+(?: [a-z]+)?) (?:each|every) (?P<e>[a-z]+(?: [a-z]+)??) "
        r"(?:is|was|has|had|gets|got|uses|used|comes|came|belongs|costs|weighs|[a-z]+s|[a-z]+ed)"
        r"\b.*$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return None
    if match.group("n") in ("date", "day", "time", "moment", "number", "amount"):
        return None  # "the date each order shipped": read by the rules for when
    if ctx.vocab.entity(match.group("n"), fuzzy=False) is not None:
        return None
    return _add_to(ctx.entity(match.group("e")), match.group("n"), ctx)


_UNIT_WORDS = r"(?:minutes|hours|days|weeks|months|years|seconds|euros|dollars|percent|kg|km)"


def _said_default(clause: str, ctx: Context) -> Reading | None:
    """ "loan length is 14 days by default, stored as a whole number": a new field of the entity
    named first, with that default."""
    match = rx.match(
        r"^(?:the |each |every |an? )?(?P<e>[a-z]+) (?P<n>[a-z]+(?: [a-z]+)?) (?:is|are|should be|"
        rf"will be) (?P<v>-?\d+(?:\.\d+)?)(?: (?P<u>{_UNIT_WORDS}))? by default(?:,? (?:and )?"
        r"(?:stored |kept |saved )?as (?:an? )?(?P<t>[a-z ]+))?$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return None
    entity = ctx.entity(match.group("e"))
    if ctx.vocab.field_on(entity, match.group("n"), fuzzy=False) is not None:
        return None  # an existing field: the default rules read it
    unit = f" in {match.group('u')}" if match.group("u") else ""
    kind = f"{match.group('t')}, " if match.group("t") else ""
    return _add_to(entity, f"{match.group('n')}{unit} ({kind}default {match.group('v')})", ctx)


def _capacity(clause: str, ctx: Context) -> Reading | None:
    """ "classrooms hold at most 20 kids": how many fit, as a whole number (that many unless
    said)."""
    match = rx.match(
        r"^(?:each |every |all |an? |the )?(?P<e>[a-z][a-z ]*?) (?:can |may |will )?(?:only )?"
        r"(?:holds?|seats?|fits?|takes?|accommodates?|sleeps?) (?:at most|up to|a maximum of|max|"
        r"no more than|maximum) (?P<n>\d+) [a-z]+(?: by default)?$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return None
    return _add_to(ctx.entity(match.group("e")), f"capacity (integer, default {match['n']})", ctx)


def _lasts(clause: str, ctx: Context) -> Reading | None:
    """ "appointments last a number of minutes": a whole-number duration in that unit."""
    match = rx.match(
        r"^(?:each |every |all |an? |the )?(?P<e>[a-z][a-z ]*?) (?:can |will |usually |may )?"
        r"(?:lasts?|takes?|runs?(?: for)?) (?:a number of|some|several|a few|many|x|n|so many|"
        rf"a (?:certain|given|set|fixed) number of|(?P<n>\d+)) (?P<u>{_SPANS})(?: by default)?$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return None
    given = f", default {match.group('n')}" if match.group("n") else ""
    said = f"duration {match.group('u')} (integer{given})"
    return _add_to(ctx.entity(match.group("e")), said, ctx)


YES_NO_CUE = rx.compile(r"\b(?:yes/no|yes or no|boolean|bool|flag|checkbox|true/false|tick box)\b")


_ASKED = (
    r"^(?:(?P<be>is|are|was|were|has|have)|(?P<do>does|do)) (?:the |a |an |this |each |every )?"
    r"(?P<e>[a-z]+{0}) (?:already |still |currently |ever )?(?P<art>an? )?(?P<a>[a-z]{{3,}}"
    r"(?: (?!(?:or|and|but|so|because|we|i)\b)[a-z]+){{0,3}})(?:,? (?:yes or no|yes/no|y/n|"
    r"true/false))?(?: or not)?"
    r"(?:,? (?:default|by default|defaults? to) (?P<d>yes|no|true|false))?$"
)
_ASKED_STATE = tuple(rx.compile(_ASKED.format(e)) for e in ("", " [a-z]+"))
"""A yes/no question about a record, its entity named in one word or two."""
_CUE_AFTER = rx.compile(
    r"\s*[-\u2013\u2014,]?\s+(?:we |i )?(?:need|want|add|make it|as|just) (?:an? )?(?:yes/no|"
    r"boolean|flag|"
    r"checkbox|tick box)(?: field)?(?: (?:on|for) (?:each|every|the) [a-z]+)?$"
)
_DROPPED = {"the", "a", "an", "other", "their", "its", "any"}
_FROM = {"from", "by", "to", "into", "onto", "at", "in", "on", "with", "for", "through", "via"}


def _yes_no(clause: str, ctx: Context) -> Reading | None:
    """ "is the pet neutered?", "is the dog friendly with other dogs?", "does the dog need
    medication?", "has the owner signed the waiver?" with "as a yes/no" in the message: a
    boolean field; without a cue, a question back (the user may be asking, not requesting)."""
    clause = _CUE_AFTER.sub("", clause)  # "… or not — need a yes/no on each room"
    found = (m for m in (p.match(clause) for p in _ASKED_STATE) if m and ctx.vocab.entity(m["e"]))
    match = next(found, None)
    if match is None:
        return None
    words = [w for w in match.group("a").split() if w not in _DROPPED]
    if match.group("do") and words[0] == "have":  # "do rooms have a kitchen": has_kitchen
        words[0] = "has"
    elif match.group("do"):  # "does the dog need medication": needs_medication
        words[0] = words[0] if words[0].endswith("s") else f"{words[0]}s"
    if match.group("art") and match.group("be"):  # "is the dog a puppy": is_puppy
        words.insert(0, "is")
    elif rx.search(r"(?:ed|en)$", words[0]) and words[1:2] and words[1] in _FROM:
        words = words[:1]  # "is a show syndicated from another station": syndicated
    entity, state = ctx.entity(match.group("e")), snake(" ".join(words))
    if ctx.vocab.field_on(entity, state, fuzzy=False) is not None:
        return Reading(notes=[f"{entity} already has {state}."])
    cued = YES_NO_CUE.search(ctx.text) or match.group("d")
    if not cued:
        raise Unresolved(ask(f"Should {entity} get a yes/no field {state}?"))
    said = len(words) > 1 and match.group("be") and not rx.search(r"(?:ed|en)$|^is$", words[0])
    if said and words[0] not in ("friendly", "allowed", "able", "good", "safe", "ready"):
        return None  # "is the room big enough for ten": a remark, not a yes/no state
    given = f", default {match.group('d')}" if match.group("d") else ""
    return _add_to(entity, f"{state} (boolean{given})", ctx)


def _can_be(clause: str, ctx: Context) -> Reading | None:
    """ "spots can be reserved for disabled drivers (yes/no)": a boolean named by the state."""
    match = rx.match(
        r"^(?:each |every |all |an? |the |some )?(?P<e>[a-z][a-z ]*?) (?:can|could|may|might|is|"
        r"are) (?:be |get |also be )?(?P<s>(?:[a-z]+-)?[a-z]+(?:ed|en)(?: [a-z]+){0,4})$",
        rx.sub(r"\s*\([^()]*\)", "", clause),
    )
    if match is None or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return None
    if " by " in match.group("s"):
        return None  # "orders are placed by customers" says who, not a yes/no state
    if rx.search(r"\b(?:times|again|more than once|twice|repeatedly)\b", match.group("s")):
        return None  # "can be refilled a few times" counts, it is no yes/no
    entity, state = ctx.entity(match.group("e")), " ".join(match.group("s").split()[:3])
    said = match.group("s")
    marked = rx.fullmatch(
        r"(?:marked|flagged|tagged|labell?ed|set) as (?P<s>[a-z]+(?: [a-z]+){0,3})", said
    )
    state = marked.group("s") if marked else state
    if len(state.split()) > 1 and not marked and not YES_NO_CUE.search(ctx.text):
        raise Unresolved(ask(f"Should {entity} get a yes/no field {snake(state)}?"))
    return _add_to(entity, f"{snake(state)} (boolean)", ctx)


def _marked(clause: str, ctx: Context) -> Reading | None:
    """ "mark some members as banned": a yes/no field named by the mark."""
    match = rx.match(
        r"^(?:mark|flag|tag|label|set) (?:some |the |certain |any |a few |an? )?(?P<e>[a-z][a-z "
        r"]*?) "
        r"as (?:being )?(?P<s>[a-z]+(?: [a-z]+){0,3}?)(?:,? default (?P<d>true|false|yes|no))?$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return None
    given = f", default {match['d']}" if match["d"] else ""
    return _add_to(ctx.entity(match.group("e")), f"{snake(match.group('s'))} (boolean{given})", ctx)


def _restated(clause: str, ctx: Context) -> Reading | None:
    """ "we need that as a yes/no": the type of what the message just asked for."""
    if rx.match(r"^(?:that|it|this|them)(?: should be| as| is| being)? (?:an? )?\S+(?: field)?$",
                clause) and YES_NO_CUE.search(clause):  # fmt: skip
        return Reading()
    if rx.fullmatch(r"(?:just |only |simply )?(?:an? )?(?:simple )?(?:yes or no|yes/no|true or "
                    r"false)(?: (?:is fine|will do|is enough|please))?", clause):  # fmt: skip
        return Reading()  # "… mark a repair as a safety check? just yes or no"
    return None


def _given_when(clause: str, ctx: Context) -> Reading | None:
    """ "visitors need to leave a phone and an email when booking a viewing": what is given
    when one is made is a field of it."""
    match = rx.match(
        r"^(?:the |our )?[a-z]+(?: [a-z]+)? (?:need to|needs to|must|should|have to|has to|will|"
        r"can) (?:leave|give|provide|enter|supply|fill in|share|submit|type in|tell us) (?P<i>.+?) "
        r"when (?:they |he |she |you |we )?(?:[a-z]+) (?:for |up for |in )?(?:an? |the |their )?"
        r"(?P<e>[a-z][a-z ]*?)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return None
    return _add_to(ctx.entity(match.group("e")), match.group("i"), ctx)


_RECORD = r"(?:track|record|store|know|keep track of|note|capture|save|log|remember)"


def _whether(clause: str, ctx: Context) -> Reading | None:
    """ "track whether each singer paid the yearly fee": a yes/no field named by the rest."""
    match = rx.match(rf"^{_RECORD} (?:whether|if) (?:each |every |the |a |an )?(?P<s>.+)$", clause)
    words = match.group("s").split() if match else []
    for size in (3, 2, 1):
        hit = ctx.vocab.entity(" ".join(words[:size]), fuzzy=False) if len(words) > size else None
        if hit is None:
            continue
        rest = [
            w for w in words[size:] if w not in ("a", "an", "the", "their", "its", "his", "her")
        ]
        lead = {"is": "is", "are": "is", "was": "is", "were": "is", "has": "has", "have": "has"}
        head = [lead[rest[0]]] if rest[0] in lead else []
        body = rest[1:] if rest[0] in (*lead, "did", "does", "do") else rest
        name = snake(" ".join(head + body[:4]))
        return _add_to(ctx.entity(hit.name), f"{name} (boolean)", ctx) if name else None
    return None


def labelled(clause: str, ctx: Context) -> Reading | None:
    """ "record the weather on missions: wind speed and the temperature": the fields after the
    colon, on that entity (the words before them only name the group)."""
    match = rx.match(
        rf"^(?:{_RECORD}|add|include|we need|i need) (?:the |a |an |some )?[a-z][a-z ]*? (?:on|for|"
        r"of|to|in) (?:the |each |every |all |our )?(?P<e>[a-z][a-z ]*?): (?P<i>.+)$",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("e"), fuzzy=False) is None:
        return None
    if not rx.search(r"\b(?:the|a|an|their|its)\b|\b(?:in|per) \w+\b", match.group("i")):
        return None  # "add a pontoon to berths: north, south or east" lists values
    return _add_to(ctx.entity(match.group("e")), match.group("i"), ctx)


def _either(clause: str, ctx: Context) -> Reading | None:
    """ "crew members have a name and a level, either basic or expert": the values said after
    a comma belong to the field before them."""
    from slipway.assistant.understand.rules_add import add_field

    match = rx.search(r",? (?:either|one of) (?P<v>[a-z_]+(?:, [a-z_]+)*,? or [a-z_]+)$", clause)
    if match is None or "(" in clause:
        return None
    return add_field(f"{clause[: match.start()]} ({match['v']})", ctx)


RULES = (
    said_items,
    _either,
    _when,
    _happens_on,
    _how_many_of,
    _how_many_in,
    _how_many,
    _each,
    _said_default,
    _capacity,
    _lasts,
    _yes_no,
    _marked,
    _can_be,
    _restated,
    _given_when,
    _whether,
)
