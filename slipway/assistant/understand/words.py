"""Words: plurals (inflect), names, numbers and the lexicon the rules read types from."""

from __future__ import annotations

from functools import lru_cache

import inflect

from slipway.assistant import rx

_ENGINE = inflect.engine()
_KEEP = ("ss", "us", "is")
_UNCOUNTABLE = {
    "data",
    "media",
    "news",
    "series",
    "species",
    "metadata",
    "feedback",
    "information",
    "equipment",
    "staff",
    "software",
    "stock",
    "inventory",
    "physics",
    "mathematics",
    "economics",
    "analytics",
    "statistics",
    "logistics",
    "electronics",
    "ethics",
    "politics",
    "athletics",
    "linguistics",
}
DETERMINERS = {
    "a",
    "an",
    "the",
    "each",
    "every",
    "all",
    "any",
    "our",
    "my",
    "their",
    "its",
    "his",
    "her",
    "your",
    "some",
    "one",
    "exactly",
    "another",
    "single",
    "only",
    "new",
    "existing",
    "this",
    "that",
    "these",
    "those",
}
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "hundred": 100,
    "a": 1,
    "an": 1,
}


@lru_cache(maxsize=4096)
def singular(word: str) -> str:
    """``books`` → ``book``, ``categories`` → ``category``; leaves ``address``, ``status``."""
    low = word.lower()
    if len(low) < 3 or low.endswith(_KEEP) or low in _UNCOUNTABLE:
        return low
    found = _ENGINE.singular_noun(low)
    return found if isinstance(found, str) and found else low


@lru_cache(maxsize=4096)
def plural(word: str) -> str:
    low = word.lower()
    if low in _UNCOUNTABLE:
        return low
    return str(_ENGINE.plural_noun(low))


def is_plural(word: str) -> bool:
    return singular(word) != word.lower()


def strip_determiners(phrase: str) -> str:
    """``the author's`` → ``author``; ``each of the books`` → ``books``."""
    text = rx.sub(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)", "", phrase.strip().lower())
    text = rx.sub(r"^(?:each|every|all|any|one|some) of ", "", text)
    tokens = [t for t in rx.split(r"\s+", text) if t]
    while tokens and tokens[0] in DETERMINERS:
        tokens.pop(0)
    return " ".join(tokens).strip(" .,!?:;'\"")


def snake(phrase: str) -> str:
    """``Publication Date`` → ``publication_date`` (letters and digits only, not digit-first)."""
    text = rx.sub(r"([a-z0-9])([A-Z])", r"\1_\2", phrase.strip())
    text = rx.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    text = rx.sub(r"^[0-9_]+", "", text)
    return text[:64].rstrip("_")


def pascal(phrase: str) -> str:
    """``order lines`` → ``OrderLine`` (the last word made singular)."""
    parts = [p for p in rx.split(r"[^A-Za-z0-9]+", phrase.strip()) if p]
    if not parts:
        return ""
    parts[-1] = singular(parts[-1]) if not parts[-1].isupper() else parts[-1].lower()
    name = "".join(p[:1].upper() + p[1:] for p in parts)
    name = rx.sub(r"^[0-9]+", "", name)
    return name[:64]


_TOKEN = rx.compile(r"[a-z0-9]+|[^a-z0-9\s]")


def tokens(text: str) -> list[str]:
    """The words of a text, and each other mark on its own ("juror emails," → juror emails ,)."""
    return _TOKEN.findall(text.lower())


def phrase_at(words: list[str], phrase: str, *, plural: bool = False) -> int:
    """Where a phrase's words start among ``words`` (-1 when absent), word for word; with
    ``plural`` its last word may end in "s". No regex per phrase: the names are the spec's."""
    said = tokens(phrase.replace("_", " "))
    size = len(said)
    for i in range(len(words) - size + 1):
        head, last = words[i : i + size - 1], words[i + size - 1] if size else ""
        if head == said[:-1] and (last == said[-1] or (plural and last == f"{said[-1]}s")):
            return i
    return -1


def number(text: str) -> int | None:
    """``30`` / ``thirty`` / ``a`` → int; anything else → None."""
    text = text.strip().lower()
    if rx.fullmatch(r"[0-9]{1,7}", text):
        return int(text)
    return NUMBER_WORDS.get(text)


_IRREGULAR = {"reset": "reset", "set": "set", "put": "put", "cut": "cut",
              "come": "came", "go": "went", "run": "ran", "get": "got", "give": "gave",
              "take": "took", "make": "made", "send": "sent", "sign": "signed", "buy": "bought",
              "sell": "sold", "build": "built", "pay": "paid", "find": "found",
              "bring": "brought", "hold": "held", "keep": "kept", "lend": "lent",
              "win": "won", "eat": "ate", "drink": "drank", "sleep": "slept", "leave": "left",
              "meet": "met", "see": "saw", "show": "showed", "swim": "swam", "ride": "rode",
              "drive": "drove", "fly": "flew", "feed": "fed", "teach": "taught", "catch": "caught",
              "lose": "lost", "throw": "threw", "break": "broke", "write": "wrote",
              "spend": "spent", "tell": "told", "wear": "wore"}  # fmt: skip


def past(verb: str) -> str:
    """The past of a verb, said plain or in the present ("buy" → "bought", "checks" → "checked",
    "stop" → "stopped", "carry" → "carried")."""
    base = verb
    if verb.endswith(("ches", "shes", "sses", "xes", "zes")):
        base = verb[:-2]
    elif verb.endswith("s") and not verb.endswith("ss"):
        base = verb[:-1]
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    if base.endswith("e"):
        return base + "d"
    if rx.search(r"[^aeiou]y$", base):
        return base[:-1] + "ied"
    if rx.fullmatch(r"[^aeiou]*[aeiou][bdglmnprt]", base):  # one syllable: "drop" → "dropped"
        return base + base[-1] + "ed"
    return base + "ed"
