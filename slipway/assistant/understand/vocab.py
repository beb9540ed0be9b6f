"""What the message can name: the spec's entities and fields, matched by plural and typo.

Names are looked up exactly (case-insensitive, singular or plural, spaces or not), then with
rapidfuzz against the spec's own names only, so a typo ("bokos") finds ``Book`` but a word the
spec does not know never turns into some unrelated entity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from slipway.assistant import rx
from slipway.assistant.understand.words import (
    phrase_at,
    plural,
    singular,
    snake,
    strip_determiners,
    tokens,
)
from slipway.ir import Blueprint

FUZZY = 80
SYNONYMS = {"kid": "child", "kids": "children", "youngster": "child", "pupil": "student",
            "tech": "technician", "techs": "technicians", "cust": "customer", "custs": "customers",
            "appt": "appointment", "appts": "appointments", "rep": "representative",
            "reps": "representatives", "mgr": "manager", "mgrs": "managers"}  # fmt: skip
"""Everyday words and short forms for a spec's own names: "kids" are its Children, "techs" its
Technicians."""
_BRITISH = {"enrolment": "enrollment", "colour": "color", "licence": "license",
            "catalogue": "catalog", "centre": "center", "programme": "program",
            "organisation": "organization", "jewellery": "jewelry", "tyre": "tire",
            "theatre": "theater", "metre": "meter", "cheque": "check", "aluminium": "aluminum",
            "defence": "defense", "favourite": "favorite", "neighbour": "neighbor"}  # fmt: skip
SPELLINGS = _BRITISH | {american: british for british, american in _BRITISH.items()}
"""A name spelt the other side of the Atlantic ("enrolments" are a spec's Enrollments)."""
_FIELD_WORDS = r"\b(?:field|fields|column|columns|attribute|attributes|property|properties)\b"


@dataclass
class Hit:
    name: str
    exact: bool
    score: float = 100.0


@dataclass
class FieldHit:
    entity: str
    field: str
    exact: bool


@dataclass
class EntityInfo:
    name: str
    fields: dict[str, str] = field(default_factory=dict)
    """IR field name → type (``ref:<Target>`` for references); managed fields left out."""


@lru_cache(maxsize=4096)
def _keys(name: str) -> frozenset[str]:
    """The ways an entity's name is said ("order line", "order lines", "orderlines")."""
    spaced = snake(name).replace("_", " ")
    words = spaced.split()
    plural_spaced = " ".join([*words[:-1], plural(words[-1])]) if words else spaced
    return frozenset({spaced, plural_spaced, name.lower(), plural_spaced.replace(" ", "")})


_TEMPORAL = {"date", "day", "on", "at", "time", "when", "datetime", "timestamp"}
_FILLER = {"of", "the", "a", "an", "for", "in", "to", "its", "their"}
_SAME = {"kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg", "gram": "g",
         "grams": "g", "percent": "pct", "percentage": "pct", "minutes": "min", "minute": "min",
         "seconds": "sec", "second": "sec", "hours": "h", "hour": "h", "metres": "m",
         "meters": "m", "number": "no", "num": "no"}  # fmt: skip
"""Words and the short forms names use for them ("cost per kilo" is ``cost_per_kg``)."""


def stems(name: str) -> frozenset[str]:
    """A name's words reduced for matching: "hire date" and ``hired_on`` are the same words,
    "closing date" and ``closes_on`` too (suffixes away, date/on/at/time as one word)."""
    out = set()
    for word in rx.split(r"[_\s]+", name.lower()):
        if not word or word in _FILLER:
            continue
        if word in _TEMPORAL:
            out.add("@t")
            continue
        word = _SAME.get(word, word)
        for suffix in ("ings", "ing", "ed", "es", "s", "e"):
            if len(word) > len(suffix) + 2 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        out.add(word)
    return frozenset(out)


def _one_more(small: frozenset[str], big: frozenset[str]) -> bool:
    return small < big and len(big) == len(small) + 1


def _derived(a: str, b: str) -> bool:
    """One word made from the other ("walk" → "walker", "book" → "booking")."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and len(long) - len(short) >= 2


def near_name(phrase: str, name: str) -> bool:
    """The same name give or take one word ("phone number" for ``phone``, "vat" for
    ``vat_number``, "premiere flag" for ``premiere``), not a typo."""
    said, named = stems(phrase), stems(name.removesuffix("_id"))
    return _one_more(said, named) or _one_more(named, said)


def unstutter(text: str) -> list[str]:
    """The text with one doubled letter typed once ("bookss" → "books", "memberrs" →
    "members"), for each doubled letter: a key held down, normalised before any fuzzy match."""
    return [text[:i] + text[i + 1 :] for i in range(1, len(text)) if text[i] == text[i - 1] != " "]


def slip(said: str, name: str) -> bool:
    """One slip of the finger on a name of four letters or more: two letters swapped ("emial"),
    one left out ("emal") or one too many ("emaill"); never another letter in place of one
    ("rate" is not ``date``)."""
    if min(len(said), len(name)) < 4 or OSA.distance(said, name) != 1:
        return False
    return len(said) != len(name) or sorted(said) == sorted(name)


def similarity(a: str, b: str) -> float:
    return max(fuzz.ratio(a, b), OSA.normalized_similarity(a, b) * 100)


class Vocab:
    def __init__(self, bp: Blueprint | None) -> None:
        self.entities: dict[str, EntityInfo] = {}
        self.pending: list[str] = []
        """Entities this message creates (known to later clauses of the same message)."""
        self._seen: dict[tuple[str, bool, int], Hit | None] = {}
        self._version = 0
        """Raised by each entity or field added: what was kept about other names is stale."""
        for e in bp.entities if bp else []:
            if e.join_entity:
                continue
            info = EntityInfo(e.name)
            for f in e.fields:
                if f.managed:
                    continue
                info.fields[f.name] = f"ref:{f.references}" if f.references else f.type
            self.entities[e.name] = info

    def add_entity(self, name: str) -> None:
        if name not in self.entities:
            self.entities[name] = EntityInfo(name)
            self._version += 1
            self.pending.append(name)

    def add_field(self, entity: str, name: str, kind: str) -> None:
        if entity in self.entities:
            self.entities[entity].fields[name] = kind
            self._version += 1

    def touch(self) -> None:
        """The entities or fields changed some other way (restored, a field removed)."""
        self._version += 1

    def names(self) -> list[str]:
        return list(self.entities)

    # --- entities ------------------------------------------------------------------------

    def entity(self, phrase: str, *, fuzzy: bool = True) -> Hit | None:
        """The entity a phrase names (exactly, else by a slip when ``fuzzy``); answers are kept
        for as long as the entities are the same ones (a message asks about the same words
        many times)."""
        key = (phrase, fuzzy, self._version)
        if key not in self._seen:
            self._seen[key] = self._entity(phrase, fuzzy=fuzzy)
        return self._seen[key]

    def _entity(self, phrase: str, *, fuzzy: bool = True) -> Hit | None:
        whole = strip_determiners(rx.sub(r"\b(?:entity|entities|model|table)\b", " ", phrase))
        whole = rx.sub(r"\s+", " ", whole).strip()
        text = rx.sub(r"(?<=\w) (?:records?|data|rows?|entries|details|info)$", "", whole)
        if not text or len(whole) > 60:
            return None
        named = self._named(whole) or self._named(text)  # a VetRecord entity, else "vet records"
        if named is not None:
            return Hit(named, True)
        words = text.split()
        candidates = {text, " ".join([*words[:-1], singular(words[-1])])}
        head = self._head(candidates) if len(words) == 1 else None
        if head is not None:
            return Hit(head, False, 95.0)
        if not fuzzy or len(text.replace(" ", "")) < 4 or len(words) > 3:
            return None
        for steadied in unstutter(text):  # "bookss", "memberrs": a key held down
            hit = self.entity(steadied, fuzzy=False)
            if hit is not None:
                return Hit(hit.name, False, 95.0)
        return self._fuzzy_entity(text)

    def _named(self, text: str) -> str | None:
        """The entity whose name the words are, as said (singular, plural or a synonym)."""
        words = text.split()
        candidates = {text, " ".join([*words[:-1], singular(words[-1])])}
        candidates |= {" ".join([*words[:-1], SYNONYMS[c.split()[-1]]]) for c in list(candidates)
                       if c.split()[-1] in SYNONYMS}  # fmt: skip
        candidates |= {" ".join([*words[:-1], SPELLINGS[c.split()[-1]]]) for c in list(candidates)
                       if c.split()[-1] in SPELLINGS}  # fmt: skip
        for name in self.entities:
            keys = _keys(name)
            if candidates & keys or text.replace(" ", "") in keys:
                return name
        return None

    def _head(self, candidates: set[str]) -> str | None:
        """ "classes" → ``GymClass``: the last word of exactly one compound name, when no field
        has that name (a "type" field is not ``TicketType``)."""
        kinds = {
            info.fields.get(c) or info.fields.get(f"{c}_id")
            for info in self.entities.values()
            for c in candidates
        } - {None}
        if kinds:  # a reference's name stands for its target ("packages": WashPackage)
            targets = {k for k in kinds if k and k.startswith("ref:")}
            return targets.pop()[4:] if len(targets) == 1 == len(kinds) else None
        found = [
            name
            for name in self.entities
            if "_" in snake(name) and snake(name).rsplit("_", 1)[1] in candidates
        ]
        first = [
            n for n in self.entities if "_" in snake(n) and snake(n).split("_")[0] in candidates
        ]
        return found[0] if len(found) == 1 else first[0] if not found and len(first) == 1 else None

    def _fuzzy_entity(self, text: str) -> Hit | None:
        scored = []
        for name in self.entities:
            slipped = any(slip(text, key) or slip(text, plural(key)) for key in _keys(name))
            if any(_derived(text, key) for key in _keys(name)) and not slipped:
                continue  # "walker" is not a typo of Walk ("bookes" is one of books)
            score = max(similarity(text, key) for key in _keys(name))
            scored.append((score, name))
        scored.sort(reverse=True)
        if not scored or scored[0][0] < FUZZY:
            return None
        if len(scored) > 1 and scored[1][0] >= scored[0][0] - 3:
            return None  # two names are as close: not a typo of either
        return Hit(scored[0][1], False, scored[0][0])

    def near(self, phrase: str, limit: int = 3) -> list[str]:
        """Entities to offer when ``phrase`` names none."""
        text = strip_determiners(phrase)
        ranked = sorted(self.entities, key=lambda n: -max(similarity(text, k) for k in _keys(n)))
        good = [n for n in ranked if max(similarity(text, k) for k in _keys(n)) >= 70]
        return good[:limit] or ranked[:6]

    def find_entities(self, text: str) -> list[str]:
        """Every entity the text mentions by name (exact, longest phrase first)."""
        words = rx.findall(r"[a-z0-9_']+", text.lower())
        found: list[str] = []
        i = 0
        while i < len(words):
            for size in (3, 2, 1):
                chunk = " ".join(words[i : i + size])
                if len(words[i : i + size]) < size:
                    continue
                hit = self.entity(chunk, fuzzy=False)
                if hit is not None:
                    if hit.name not in found:
                        found.append(hit.name)
                    i += size - 1
                    break
            i += 1
        return found

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, entity)`` of every entity named in the text (exact, longest first)."""
        spans = [(m.start(), m.end()) for m in rx.finditer(r"[a-z0-9_]+(?:'s)?", text)]
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(spans):
            for size in (3, 2, 1):
                if i + size > len(spans):
                    continue
                start, end = spans[i][0], spans[i + size - 1][1]
                hit = self.entity(text[start:end], fuzzy=False)
                if hit is not None:
                    found.append((start, end, hit.name))
                    i += size - 1
                    break
            i += 1
        return found

    def retarget(self, request: str, phrase: str) -> str | None:
        """The request again with its first entity replaced ("… to books" → "… to members")."""
        found = self.mentions(request)
        if not found or self.entity(phrase) is None:
            return None
        start, end, _ = found[0]
        suffix = "'s" if request[start:end].endswith("'s") else ""
        return request[:start] + phrase + suffix + request[end:]

    # --- fields --------------------------------------------------------------------------

    def field_on(self, entity: str, phrase: str, *, fuzzy: bool = True) -> FieldHit | None:
        info = self.entities.get(entity)
        if info is None:
            return None
        text = strip_determiners(rx.sub(_FIELD_WORDS, " ", phrase))
        if not text:
            return None
        words = text.split()
        forms = {snake(text), snake(" ".join([*words[:-1], singular(words[-1])]))}
        for form in list(forms):
            forms.add(f"{form}_id")
        for name in info.fields:
            if name in forms:
                return FieldHit(entity, name, True)
        said = stems(text)
        same = [n for n in info.fields if stems(n.removesuffix("_id")) == said]
        if len(same) == 1:
            return FieldHit(entity, same[0], True)
        if not fuzzy:
            return None
        if len(snake(text)) >= 4:
            best = max(info.fields, key=lambda n: similarity(snake(text), n), default=None)
            if best is not None and (
                similarity(snake(text), best) >= 85 or slip(snake(text), best)
            ):
                return FieldHit(entity, best, False)
        # one word more or less: "gross pay" is ``gross``, "phone" is ``phone_number``
        wider = [n for n in info.fields if said and _one_more(said, stems(n.removesuffix("_id")))]
        narrower = [n for n in info.fields if stems(n) and _one_more(stems(n), said)]
        for found in (wider, narrower):
            if len(found) == 1:
                return FieldHit(entity, found[0], False)
        led = [n for n in info.fields if " " in text and n.startswith(f"{snake(text)}_")]
        if len(led) == 1:  # "the idle fee" for idle_fee_per_minute: its first words
            return FieldHit(entity, led[0], False)
        return None

    def fields_in(self, text: str, owners: list[str]) -> list[FieldHit]:
        """Fields named word for word in a text ("the count", "juror emails"): those of the
        entities it names when it names any, else those of every entity."""
        found = []
        words = tokens(text.replace("_", " "))
        for entity in owners or list(self.entities):
            for name, kind in self.entities[entity].fields.items():
                spaced = name.removesuffix("_id") if kind.startswith("ref:") else name
                if phrase_at(words, spaced, plural=True) >= 0:
                    found.append(FieldHit(entity, name, True))
        return found

    def field_anywhere(self, phrase: str) -> list[FieldHit]:
        exact = [h for e in self.entities if (h := self.field_on(e, phrase, fuzzy=False))]
        if exact:
            return exact
        return [h for e in self.entities if (h := self.field_on(e, phrase))]
