"""General rules for descriptions beyond the noun table.

- The app's name is the description's subject: the first "a/an/our/the <words>" phrase
  ("a climbing gym that ..." → Climbing Gym).
- Relationships come from the words between nouns: "dogs and their owners" (Dog → Owner),
  "classes taught by instructors" (Class → Instructor), "walks for dogs", "routes of a wall",
  "gyms with many walls", "each class has an instructor", "a dog belongs to an owner".
- A noun the table does not know gets fields by its kind (a person, a booking, an event, a thing
  sold, a payment, a place, an item) and by the cues written next to it ("routes with a grade").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from slipway.assistant import rx
from slipway.assistant.describe_kb import (
    APP_WORDS,
    IRREGULAR_VERBS,
    NOUNS,
    PEOPLE,
    TRANSACTIONS,
    VERBS,
)
from slipway.assistant.describe_words import (
    BOOKING_FIELDS,
    BOOKINGS,
    COLLECTIONS,
    CUES,
    EVENT_FIELDS,
    EVENTS,
    FILLER,
    FUNCTION_WORDS,
    GENERIC,
    GROUP_EVENTS,
    ITEM_FIELDS,
    MONEY,
    MONEY_FIELDS,
    MORE_PEOPLE,
    NOT_NOUNS,
    NOT_PEOPLE,
    PERSON_FIELDS,
    PERSON_SUFFIXES,
    PLACE_FIELDS,
    PLACES,
    SOLD,
    SOLD_FIELDS,
    SYNONYMS,
)
from slipway.assistant.understand.words import singular

ARTICLES = ("a", "an", "our", "my", "the")
BOUNDARY = rx.compile(
    r"\b(?:that|which|who|whose|where|when|with|for|to|lets|allows|helps|in|at|on|of|so|and|"
    r"while|but)\b|[,.;:!?()]"
)
DET = r"(?:(?:the|a|an|one|each|every|their|its|his|her|our|exactly one|its own) )?"
PARTICIPLE = r"[a-z]+(?:ed|en|ght|wn|un|ld|de)"
LINKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (rx.compile(r"\b([a-z]+) (?:and|with) (?:their|its|his|her) ([a-z]+)"), "their"),
    (rx.compile(rf"\b([a-z]+) {PARTICIPLE} by {DET}([a-z]+)"), "up"),
    (rx.compile(rf"\b([a-z]+) belongs? to {DET}([a-z]+)"), "up"),
    (rx.compile(rf"\b([a-z]+) of {DET}([a-z]+)"), "up"),
    (rx.compile(rf"\b([a-z]+) for {DET}([a-z]+)"), "up"),
    (rx.compile(rf"\b([a-z]+) on {DET}([a-z]+)"), "up"),
    (
        rx.compile(
            r"\b(?:each|every|a|an) ([a-z]+) (?:has|have|needs|gets|is assigned to|"
            r"is owned by|is linked to) (?:a|an|one|its own|exactly one) ([a-z]+)"
        ),
        "up",
    ),
    (
        rx.compile(
            r"\b([a-z]+) (?:with|has|have|having|contains?|includes?|can have|keeps?) "
            r"(?:many|several|multiple|lots of|some|a list of|their|its) ([a-z]+)"
        ),
        "down",
    ),
    (rx.compile(r"\b(?:each|every) ([a-z]+) (?:has|have|contains|includes) ([a-z]+)"), "down"),
)
BY_PHRASE = rx.compile(rf"\b{PARTICIPLE} by\b.*")
CUE_HEAD = rx.compile(
    r"(?=\b([a-z]+) (?:with|has|have|having|needs?|includes?|records?|tracks?|logs?)\b"
    r"([^.;:!?]*))"
)
CUE_VERB = rx.compile(r"(?:with|has|have|having|needs?|includes?)$")
SELL = rx.compile(r"\b(?:sells?|sold|selling)\s+(?:[a-z]+\s+)?([a-z]+)")
STOP_TAIL = {"who", "which", "that", "where", "while", "but", "so", "when", "whose", "by", "to"}


def verb_of(word: str) -> str | None:
    """The table verb a word is a form of (``lends`` → ``lend``), or None."""
    if word in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[word]
    for suffix, repl in (
        ("", ""),
        ("s", ""),
        ("es", ""),
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("d", ""),
        ("ies", "y"),
    ):
        if word.endswith(suffix) and word[: len(word) - len(suffix)] + repl in VERBS:
            return word[: len(word) - len(suffix)] + repl
    return None


def is_person(word: str) -> bool:
    if word in PEOPLE or word in MORE_PEOPLE:
        return True
    if word in NOT_PEOPLE or word in NOUNS or word in TRANSACTIONS or word in EVENTS:
        return False
    return len(word) > 4 and word.endswith(PERSON_SUFFIXES)


def is_record(word: str) -> bool:
    """An event, booking or money record: it links the parties named with it."""
    return word in EVENTS or word in BOOKINGS or word in MONEY or word in TRANSACTIONS


def is_thing(word: str) -> bool:
    """A word that could name something kept, once a pattern puts it between nouns."""
    single = singular(word)
    return (
        len(word) >= 3
        and word.isalpha()
        and not {word, single} & (FUNCTION_WORDS | FILLER | NOT_NOUNS | APP_WORDS | GENERIC)
        and (single in NOUNS or single not in CUES)
        and (verb_of(word) is None or single in NOUNS or single in TRANSACTIONS)
        and not word.endswith(("ly", "ing"))
    )


def default_fields(word: str) -> tuple[str, ...]:
    """Fields for a noun outside the table, by its kind."""
    if is_person(word):
        return PERSON_FIELDS
    if word in BOOKINGS:
        return BOOKING_FIELDS
    if word in GROUP_EVENTS:
        return ("name: string, required", *EVENT_FIELDS, "capacity: integer")
    if word in EVENTS:
        return EVENT_FIELDS
    if word in SOLD:
        return SOLD_FIELDS
    if word in MONEY:
        return MONEY_FIELDS
    if word in PLACES:
        return PLACE_FIELDS
    return ITEM_FIELDS


def synonyms(word: str) -> tuple[str, ...]:
    return next((group for group in SYNONYMS if word in group), (word,))


def subject(text: str) -> tuple[str, str] | None:
    """``(title, text without the subject phrase)``, or None when no phrase names one."""
    start = 0
    for stop in BOUNDARY.finditer(text + "."):
        chunk, begin, start = text[start : stop.start()], start, stop.end()
        words = rx.findall(r"[a-z0-9']+", chunk)
        first = next((i for i, w in enumerate(words) if w in ARTICLES), None)
        if first is None:
            continue
        kept: list[str] = []
        for word in words[first + 1 :]:
            if singular(word) != word or (verb_of(word) is not None and kept):
                break  # "the members book ...": a plural or a verb ends the subject
            if word not in FILLER and word not in APP_WORDS and word not in GENERIC:
                kept.append(word)
        if kept and singular(words[first + 1]) == words[first + 1]:
            title = " ".join(w.capitalize() for w in kept[:4])
            return title, text[:begin] + " " + text[stop.start() :]
    return None


def _pairs(text: str) -> Iterator[tuple[str, str]]:
    for pattern, mode in LINKS:
        for m in pattern.finditer(text):
            a, b = m.group(1), m.group(2)
            if not (is_thing(a) and is_thing(b)):
                continue
            a, b = singular(a), singular(b)
            if mode == "their" and (is_person(a) and not is_person(b)):
                yield b, a  # "owners and their dogs"
            elif mode == "their" and not (is_person(b) and not is_person(a)):
                yield b, a  # "projects and their tasks"
            elif mode == "down" or a in COLLECTIONS:  # "galleries of photos"
                yield b, a
            else:
                yield a, b


def links(text: str) -> list[tuple[str, str]]:
    """``(child, parent)`` nouns the description relates in so many words."""
    found: list[tuple[str, str]] = []
    for child, parent in _pairs(text):
        if child != parent and (child, parent) not in found and (parent, child) not in found:
            found.append((child, parent))
    return found


def singles(text: str) -> set[str]:
    """Singular nouns marked as things ("each dog", "their owner") or put in a relation."""
    words = {w for pair in links(text) for w in pair}
    for m in rx.finditer(r"\b(?:each|every|their|its) ([a-z]+)", text):
        if is_thing(m.group(1)) and not m.group(1).endswith("s"):
            words.add(m.group(1))
    return words


def strip_agent(clause: str) -> str:
    """ "classes taught by instructors" → "classes" (the relation is taken by ``links``)."""
    return BY_PHRASE.sub("", clause)


def cue_fields(text: str, known: set[str]) -> dict[str, list[str]]:
    """Field lines per noun from the cues written after it ("routes with a grade")."""
    result: dict[str, list[str]] = {}
    for m in CUE_HEAD.finditer(text):
        noun = singular(m.group(1))
        if noun not in known:
            continue
        words = rx.findall(r"[a-z]+", m.group(2))
        for i, word in enumerate(words):
            after = " ".join(words[i + 1 : i + 2])
            if word in STOP_TAIL or (singular(word) in known and CUE_VERB.match(after)):
                break  # the cues of another noun follow
            line = CUES.get(word) or CUES.get(singular(word))
            if line is None and i and words[i - 1] in ("a", "an") and _field_word(word, known):
                line = f"{word}: string"
            if line is not None:
                result.setdefault(noun, []).append(line)
    for m in SELL.finditer(text):
        noun = singular(m.group(1))
        if noun in known:
            result.setdefault(noun, []).append("price: number")
    return result


def _field_word(word: str, known: set[str]) -> bool:
    return (
        word not in known
        and singular(word) == word
        and not is_person(word)
        and word not in NOUNS
        and word not in TRANSACTIONS
        and not {word} & (EVENTS | SOLD | MONEY | PLACES | BOOKINGS | FUNCTION_WORDS | FILLER)
        and word.isalpha()
        and len(word) >= 3
    )
