"""A choice said with a verb, its field named from the wording, never a ``type`` with the verb
in its values: "guests pay by card, cash or voucher" (``payment_method``), "kits come in sizes
s, m or l" (``size``), "rugs are woven from wool or jute" (``material``), "crates leave from one
of our depots: north or south" (``depot``), "seats are either on the upper or the lower deck"
(``deck``), "tours are booked online or by phone" (``booked_via``). When no name can be told
from the words, it asks."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import AddField, FieldSpec
from slipway.assistant.understand.context import Context, Unresolved
from slipway.assistant.understand.fieldtypes import value_word
from slipway.assistant.understand.rules_enum import PROSE, SIZES, _choices
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.words import singular, snake

FAMILIES = (
    ("payment_method", {"card", "cards", "cash", "cheque", "check", "paypal", "voucher", "coins",
                        "coin", "bank_transfer", "transfer", "invoice", "direct_debit", "credit",
                        "debit", "apple_pay", "google_pay", "contactless", "both"}),
    ("frequency", {"daily", "weekly", "fortnightly", "monthly", "quarterly", "yearly", "annually",
                   "hourly", "biweekly", "termly"}),
    ("material", {"wool", "linen", "silk", "cotton", "leather", "wood", "metal", "plastic", "glass",
                  "paper", "steel", "denim", "polyester", "nylon", "oak", "pine", "stone"}),
    ("size", SIZES),
)  # fmt: skip
_DECLARES = {"have", "has", "had", "need", "needs", "want", "wants", "require", "requires",
             "able", "sign", "log", "include", "includes", "contain", "contains", "store",
             "track", "record", "keep", "a", "an", "which", "that", "who", "where", "many",
             "several", "also", "add", "should", "must", "list", "set", "whether"}  # fmt: skip
"""Words of a field or a list of fields being declared, not of a choice said with a verb."""
_NOT_VALUES = r"\b(?:one|two|three|per|each|every|some|many|more|less|than|not|no|only)\b"
_COPULA = {"is", "are", "be", "can", "could", "may", "might", "will", "should", "must", "either",
           "get", "gets", "got", "one", "of", "our", "their", "its", "the", "a", "an", "in", "as",
           "by", "with", "for", "from", "on", "at", "into", "via", "through", "only", "always",
           "usually", "all", "any", "was", "were"}  # fmt: skip
_LEAD = rx.compile(
    r"^(?:either )?(?:(?:at|in|on|by|via|through|from|with) )?(?:the |an? |our )|^(?:by|via|"
    r"through|over) "
)


def verb_enum(clause: str, ctx: Context) -> Reading | None:
    prose = next((m for p in PROSE if (m := p.match(clause))), None)
    said = prose.group("f") if prose is not None else ""
    if said and len(said.split()) <= 3 and ctx.vocab.entity(said, fuzzy=False) is None:
        return None  # "beer style is one of …": a field's values, read by the next rule
    if "(" in clause or not rx.search(r" or | and |/|\beither\b", clause):
        return None  # "the matches part feels kinda off, fix it": no choice is listed
    read = _split(clause.replace(":", ""), ctx)
    if read is None:
        return None
    entity, mid, said = read
    if set(mid) & _DECLARES or rx.search(r"\bdefault", clause):
        return None  # "orders have a status: …", "… need a first and a last name": fields
    content = [w for w in mid if w not in _COPULA]
    other = ctx.vocab.find_entities(" ".join(mid))
    trailing = _trailing_noun(said)
    if len(other) > 1 or not (content or trailing):
        return None  # "orders are paid or shipped": the copula's own choice, read elsewhere
    if other:  # "guests pay for rooms by card or cash": the rooms are paid for
        entity = other[0]
        content = [w for w in content if ctx.vocab.entity(w, fuzzy=False) is None]
    values = [value_word(_LEAD.sub("", v.strip())) for v in said if v.strip()]
    if len(values) < 2 or any(len(v.split("_")) > 3 for v in values):
        return None
    plain = " or ".join(v.replace("_", " ") for v in values)
    if _choices(plain) is None or ctx.vocab.find_entities(plain) or rx.search(_NOT_VALUES, plain):
        return None  # "one barrel per lot", "kill that entity": not values of a choice
    name = _name(values, content, trailing)
    if name is None or name in ctx.vocab.entities[entity].fields:
        what = ", ".join(values)
        # a question only when no later rule reads the clause
        raise Unresolved(ask(f"What should I call the field of {entity} that is {what}?"))
    ctx.vocab.add_field(entity, name, "enum")
    spec = FieldSpec(name=name, type="enum", enum_values=values)
    return Reading([AddField(entity=entity, field=spec)])


def _split(text: str, ctx: Context) -> tuple[str, list[str], list[str]] | None:
    """(entity, the words between it and the values, the values as said)."""
    cut = rx.search(r",| or | and ", text)
    if cut is None:
        return None
    head = rx.sub(r"^(?:an? |the |each |every |all |our )", "", text[: cut.start()]).split()
    tail = [v for v in rx.split(r"\s*,\s*(?:or |and )?|\s+or\s+|\s+and\s+", text[cut.start() :])]
    for size in (3, 2, 1):
        hit = ctx.vocab.entity(" ".join(head[:size]), fuzzy=False)
        if hit is not None and len(head) > size + 1:
            return hit.name, head[size:-1], [head[-1], *[v for v in tail if v.strip()]]
    return None


def _trailing_noun(said: list[str]) -> str | None:
    """ "the upstairs or the downstairs level": the noun after the last value names them."""
    last = said[-1].strip().split()
    first = said[0].strip().split()
    if len(last) >= 2 and len(first) <= len(last) - 1 and not {last[-1], last[-2]} & _COPULA:
        said[-1] = " ".join(last[:-1])
        return last[-1]
    return None


def _name(values: list[str], content: list[str], trailing: str | None) -> str | None:
    for name, family in FAMILIES:
        if sum(v.lower() in family for v in values) * 2 > len(values):
            return name
    if trailing is not None:
        return snake(trailing)
    nouns = [w for w in content if w.endswith("s") and singular(w) != w]
    if nouns:  # "ship from one of our warehouses": a warehouse
        return snake(singular(nouns[-1]))
    verb = content[0] if content else ""
    if verb in ("made", "woven", "built", "knitted", "sewn", "cast", "carved"):
        return "material"
    if verb in _SORTED:  # "treatments are grouped as massage, scrub or wrap": their category
        return "category"
    if (verb.endswith("ed") or verb in _PARTICIPLES) and len(content) == 1:
        return f"{verb}_via"  # "are sold online or on board": sold_via
    return None


_SORTED = {"grouped", "classed", "classified", "categorised", "categorized", "sorted", "filed",
           "split", "divided", "bucketed", "organised", "organized", "catalogued"}  # fmt: skip
_PARTICIPLES = {"sold", "bought", "paid", "sent", "held", "taken", "given", "kept", "shown",
                "run", "done", "got", "brought", "found", "told", "put", "set"}  # fmt: skip
