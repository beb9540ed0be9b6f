"""Field phrases said the long way round, read before their name and type: "a boolean called
featured", "a unique 3 letter code", "we note the date", "which order it is for", "a link to a
cover image", "cost and msrp as decimals", "a member reserves a book"."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.fieldsplit import Draft
from slipway.assistant.understand.lexicon import TYPE_WORDS
from slipway.assistant.understand.vocab import Vocab
from slipway.assistant.understand.words import singular, snake, strip_determiners

_TYPE_NAMES = (
    r"(?P<t>boolean|bool|flag|checkbox|string|text|integer|int|number|decimal|float|date|datetime|"
    r"timestamp|json)"
)
_CALLED = rx.compile(
    rf"^(?:an? |the |new )?{_TYPE_NAMES}(?: field| column| value| attribute)? (?:called|named) "
    r"(?=[a-z])"
)
_SIZED = rx.compile(r"\b(\d{1,4})[- ](?:letters?|characters?|chars?|digits?)[- ](?=[a-z])")
_NOTED = rx.compile(
    r"^(?:we |they |you |i )?(?:note|record|keep|store|track|save|capture|log|remember|write "
    r"down)s? (?=(?:the|a|an|their|its|when|how|which|whether)\b)"
)
_DECIMALS = rx.compile(
    r"\s+(?:with (?:decimals|decimal places|cents|a decimal point|fractions)|in decimals?|"
    r"(?:that|which) can be fractional|fractional)$"
)
_ADJECTIVES = r"(?:structured |plain |raw |nested |free |simple |free-form )?"
_AS_TYPE = rx.compile(
    rf"\s+(?:as|of type|typed as|stored as) (?:an? )?{_ADJECTIVES}(?P<t>\w+(?:/\w+)?)$"
)
_SHARED_TYPE = rx.compile(
    r"\s+(?:both |all |each )?(?:as|being) (?:plain |whole |)?(?P<t>decimals|numbers|integers|"
    r"strings|texts|dates|datetimes|timestamps|booleans|flags|whole numbers)(?: both| all)?$"
)


_NULLABLE = rx.compile(
    r"^(?P<a>an? |the )?(?P<m>nullable|optional|non-null|non-nullable|not-null|not null|"
    r"not-nullable|unique) (?=[a-z_])"
)


def leading(text: str, attrs: dict[str, object]) -> str:
    """The words around a field's name that say its type or length, taken into ``attrs``."""
    text = rx.sub(r"\s+(?:too|as well|instead|also)$", "", text.strip())
    text = _NOTED.sub("", text)
    said = _NULLABLE.match(text)
    if said:  # "a nullable completed_on date column", "a non-null fk to project"
        if said["m"] not in ("nullable", "optional"):
            attrs.setdefault("unique" if said["m"] == "unique" else "required", True)
        text = f"{said['a'] or ''}{text[said.end() :]}"
    called = _CALLED.match(text)
    if called:
        attrs.setdefault("type", TYPE_WORDS[called.group("t")])
        text = text[called.end() :]
    sized = _SIZED.search(text)
    if sized:
        attrs.setdefault("max_length", int(sized.group(1)))
        text = text[: sized.start()] + text[sized.end() :]
    decimals = _DECIMALS.search(text)
    if decimals:
        attrs.setdefault("type", "number")
        text = text[: decimals.start()]
    typed = _AS_TYPE.search(text)
    word = typed.group("t") if typed else ""
    if typed and (word in TYPE_WORDS or singular(word) in TYPE_WORDS or word.startswith("percent")):
        attrs["type"] = TYPE_WORDS.get(word) or TYPE_WORDS.get(singular(word), "number")
        text = text[: typed.start()]
    return text


def shared_type(drafts: list[Draft]) -> None:
    """ "cost and msrp as decimals": the plural type word at the end is every item's."""
    last = _SHARED_TYPE.search(drafts[-1].text) if len(drafts) > 1 else None
    if last is None:
        return
    word = last.group("t")
    kind = TYPE_WORDS.get(word) or TYPE_WORDS.get(singular(word)) or TYPE_WORDS[word.rstrip("s")]
    drafts[-1].text = drafts[-1].text[: last.start()]
    for draft in drafts:
        draft.attrs.setdefault("type", kind)


def pair_refs(drafts: list[Draft], vocab: Vocab) -> list[Draft]:
    """ "a member reserves a book": the two things it links, each a reference."""
    out: list[Draft] = []
    for draft in drafts:
        match = rx.fullmatch(
            r"(?:an? |the |each |every |one )?(?P<a>[a-z][a-z ]*?) (?:[a-z]+s) (?:an? |the |one "
            r"|some |their )?(?P<b>[a-z][a-z ]*?)(?: with (?P<c>.+))?",
            draft.text,
        )
        if match and all(vocab.entity(match.group(k), fuzzy=False) for k in ("a", "b")):
            out += [Draft(match.group("a")), Draft(match.group("b"))]
            if match.group("c"):  # "… a book with a star rating": that field too
                out.append(Draft(match.group("c"), attrs=dict(draft.attrs)))
        else:
            out.append(draft)
    return out


def named_ref(text: str, vocab: Vocab) -> tuple[str, str, str] | None:
    """ "which order it is for", "which child": a reference to that entity."""
    match = rx.match(
        r"^(?:which|what|the) (?P<e>[a-z][a-z ]*?)(?: (?:it|they|this|he|she)(?: is| are|'s| was| "
        r"were)? (?:for|about|from|on|in|of|attached to|linked to|belongs to|belong to|"
        r"concerns))?$",
        text,
    )
    if match is None or (text.startswith("the ") and " " not in match.group("e").strip()):
        return None
    hit = vocab.entity(match.group("e"), fuzzy=False)
    return (snake(match.group("e")), "ref", hit.name) if hit else None


def link(text: str, vocab: Vocab) -> str | None:
    """ "a link to a cover image": the address of a thing, not the thing (``cover_image_url``)."""
    match = rx.match(
        r"^(?:link|url|web link|hyperlink|web address) (?:to|for|of) (?:an? |the |their |its )?"
        r"(?P<x>[a-z][a-z ]*)$",
        text,
    )
    if match is None or vocab.entity(match.group("x"), fuzzy=False) is not None:
        return None
    return f"{snake(cut(match.group('x')))}_url"  # "… page on our website": the page's


def cut(text: str) -> str:
    """ "a score from the reviewers": the name ends where a phrase about something else starts."""
    match = rx.search(
        r"\s+(?:from|by|to|for|of|with|at|about|given by|set by) (?:the|a|an|their|its|his|her|"
        r"our|your|each|every|all) \S.*$|\s+(?:on|in) (?:our|their|its|his|her|your) \S.*$|"
        r"\s+(?:when|whenever|once|before|after|as soon as) (?:they|it|he|she|we|you|people|"
        r"customers|someone) [a-z]+.*$|"
        r"(?:(?<=position)|(?<=number)|(?<=place)|(?<=rank)|(?<=spot))\s+in the "
        r"(?:queue|ring|line|list|running order|order|league|sequence|rota|table)$",
        text,
    )
    if match is None or not strip_determiners(text[: match.start()]):
        return _purpose(text)
    return text[: match.start()]


_FOR = rx.compile(r"^(?P<h>[a-z]+(?: [a-z]+)?) for (?P<p>[a-z']+(?: [a-z']+){1,4})$")
_HOLDERS = {"field", "column", "box", "space", "flag", "slot", "place", "tickbox", "checkbox"}
AUDIENCES = {"website", "site", "web", "app", "newsletter", "brochure", "catalogue", "catalog",
             "programme", "program", "insurers", "insurance", "council", "accountant", "press",
             "public", "socials", "leaflet", "noticeboard", "listings"}  # fmt: skip
"""Who or what a field is for ("a bio for the website"): no owner, no part of its name."""


def _purpose(text: str) -> str:
    """ "a postcode for peoples sat navs": what the thing is for, said in several words, is no
    part of its name (one word is: "reason for leaving")."""
    said = _FOR.match(text)
    if said is None or said["h"].split()[-1] in _HOLDERS:
        return text
    return said["h"]


def of_entity(text: str, attrs: dict[str, object], vocab: Vocab) -> tuple[str, str, str] | None:
    """ "a mentor (another author)": a reference named by its role, to the bracketed entity."""
    said = str(attrs.get("of", ""))
    hit = vocab.entity(said, fuzzy=False) if said and "type" not in attrs else None
    name = snake(text)
    return (name, "ref", hit.name) if hit and name else None
