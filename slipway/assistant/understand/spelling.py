"""Misspelt words ("emial", "adress", "quantitiy", "prise") corrected before a message is read.

A word is corrected only when the English dictionary (``pyspellchecker``'s word frequencies) does
not know it, the spec does not name it, and exactly one common field word is one edit (OSA: a
letter added, dropped, changed or two swapped) away. A word one edit from a name the spec has is
left to the vocabulary, which says what it took it to mean, or asks before a change that loses
data ("remove the Bikee entity"). A real word ("dress",
"optical") is never changed, and an unknown word near nothing we know ("sku", "iban") is kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spellchecker import SpellChecker

from slipway.assistant import rx

FIELD_WORDS = frozenset(
    [
        "address",
        "amount",
        "arrival",
        "attachment",
        "attendance",
        "available",
        "balance",
        "barcode",
        "birthday",
        "booking",
        "breed",
        "budget",
        "capacity",
        "category",
        "certificate",
        "checkout",
        "city",
        "colour",
        "color",
        "comment",
        "comments",
        "company",
        "completed",
        "confirmed",
        "contact",
        "cost",
        "country",
        "coupon",
        "created",
        "currency",
        "customer",
        "deadline",
        "delivered",
        "delivery",
        "department",
        "deposit",
        "description",
        "destination",
        "discount",
        "distance",
        "donation",
        "duration",
        "email",
        "employee",
        "ending",
        "expiry",
        "expires",
        "feedback",
        "firstname",
        "frequency",
        "gender",
        "genre",
        "height",
        "identifier",
        "instructions",
        "insurance",
        "inventory",
        "invoice",
        "language",
        "lastname",
        "latitude",
        "length",
        "licence",
        "license",
        "location",
        "longitude",
        "manager",
        "membership",
        "message",
        "mileage",
        "mobile",
        "nickname",
        "notes",
        "number",
        "occupation",
        "operator",
        "password",
        "payment",
        "percentage",
        "phone",
        "photo",
        "picture",
        "position",
        "postcode",
        "preferences",
        "preferred",
        "price",
        "priority",
        "profile",
        "quantity",
        "rating",
        "reason",
        "receipt",
        "reference",
        "refund",
        "region",
        "remarks",
        "reservation",
        "review",
        "salary",
        "schedule",
        "score",
        "shipping",
        "shipped",
        "signature",
        "size",
        "skills",
        "status",
        "stock",
        "street",
        "subject",
        "subscription",
        "summary",
        "supplier",
        "surname",
        "telephone",
        "thumbnail",
        "title",
        "total",
        "tracking",
        "username",
        "vehicle",
        "version",
        "weight",
        "website",
        "width",
    ]
)
"""Words people name fields with, the corrections a misspelt word may take beside the spec's."""
COMMON = frozenset(
    {"every", "each", "should", "would", "could", "their", "there", "because", "which", "without",
     "with", "please", "needs", "need", "maybe", "field", "fields", "entity", "table", "column",
     "unique", "required", "optional", "default"}
)  # fmt: skip
"""Words of requests themselves ("evry loan needs …"), corrected like field words."""
_WORD = rx.compile(r"(?<![\w.])[a-z]{4,}(?![\w.])")


@lru_cache(maxsize=1)
def _english() -> SpellChecker:
    return SpellChecker(distance=1)


def fix_spelling(text: str, names: set[str]) -> str:
    """``text`` (normalised) with each misspelt word replaced by the one field word one edit
    away; ``names`` are the words of the spec's entity and field names."""
    english = _english()
    known = sorted(names | FIELD_WORDS | COMMON | {f"{w}s" for w in names | FIELD_WORDS})

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in known or word in english:
            return word
        near = process.extract(word, known, scorer=OSA.distance, score_cutoff=1, limit=3)
        if any(n[0] in names or n[0].rstrip("s") in names for n in near):
            return word  # a slip of the spec's own names is the vocabulary's to take or ask
        if len(word) < 5:  # a short word is one edit from many: only a request word ("evry")
            near = [n for n in near if n[0] in COMMON]
        near = [n for n in near if not _affixed(word, n[0])]
        choices = {n[0] for n in near}
        return choices.pop() if len(choices) == 1 else word

    return _WORD.sub(fix, text)


def _affixed(word: str, other: str) -> bool:
    """One is the other with a letter before or after it ("ebook", "books"): a word of its own."""
    return (
        word.startswith(other)
        or word.endswith(other)
        or other.startswith(word)
        or other.endswith(word)
    )


def fix_name(name: str) -> str:
    """A new field's snake_case name with each misspelt word corrected to the one common field
    word one edit away ("emial_opt_in" → ``email_opt_in``)."""
    english = _english()

    def one(word: str) -> str:
        if len(word) < 5 or word in FIELD_WORDS or word in english:
            return word
        near = process.extract(word, FIELD_WORDS, scorer=OSA.distance, score_cutoff=1, limit=3)
        choices = {n[0] for n in near if not _affixed(word, n[0])}
        return choices.pop() if len(choices) == 1 else word

    return "_".join(one(w) for w in name.split("_"))
