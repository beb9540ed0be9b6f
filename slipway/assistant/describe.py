"""A product description → a first spec: entities with typed fields, relationships, auth, an API.

"a library that lends books to members, who can reserve books and pay fines" reads as: the app
is a Library; books and members are things it keeps; "lends" is a record between them (Loan),
"reserve" another (Reservation); fines are paid by members (a Fine that belongs to a Member).
The spec is built with the same operations and editor as every chat edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from slipway.assistant import rx
from slipway.assistant.describe_kb import APP_WORDS, NOUNS, PARENTS, PEOPLE, TRANSACTIONS, VERBS
from slipway.assistant.describe_open import (
    cue_fields,
    default_fields,
    is_person,
    is_record,
    is_thing,
    links,
    singles,
    strip_agent,
    synonyms,
)
from slipway.assistant.describe_open import subject as subject_phrase
from slipway.assistant.describe_open import verb_of as _verb
from slipway.assistant.describe_words import CUES, ITEM_FIELDS, NOT_NOUNS
from slipway.assistant.editor import EditError, apply_operations
from slipway.assistant.operations import (
    AddEntity,
    AddField,
    FieldSpec,
    Op,
    SetApi,
    SetApp,
    SetAuth,
    SetRoles,
)
from slipway.assistant.outline import FieldLine
from slipway.assistant.understand.text import normalize
from slipway.assistant.understand.words import pascal, plural, singular, snake

CLAUSE = rx.compile(
    r"\s*(?:[,;.:]|\band\b|\bwho\b|\bwhich\b|\bthat\b|\bwhere\b|"
    r"\bwhile\b|\bso\b|\bplus\b)\s*"
)


def spec_line(text: str) -> FieldSpec:
    """``title: string, required`` (a table entry) → FieldSpec."""
    line = FieldLine.parse(text)
    assert line is not None
    kind = line.type_text
    values: list[str] = []
    if kind.startswith("enum("):
        values = [v.strip() for v in kind[5:-1].split(",")]
        kind = "enum"
    attrs: dict[str, object] = {}
    for part in line.parts[1:]:
        word, _, rest = part.partition(" ")
        if word in ("required", "unique"):
            attrs[word] = True
        elif word == "default":
            attrs["default"] = {"true": True, "false": False}.get(
                rest, int(rest) if rest.isdigit() else rest
            )
        elif word == "max":
            attrs["max_length"] = int(rest)
    return FieldSpec(name=line.name, type=kind, enum_values=values, **attrs)


@dataclass
class Plan:
    entities: dict[str, list[FieldSpec]] = field(default_factory=dict)
    refs: list[tuple[str, str]] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)
    said: list[tuple[str, str]] = field(default_factory=list)  # links written in so many words

    def alias(self, word: str) -> str:
        """A synonym already kept stands for the word (an Appointment for "bookings")."""
        return next((w for w in synonyms(word) if pascal(w) in self.entities), word)

    def noun(self, word: str) -> str:
        word = self.alias(word)
        name = pascal(word)
        if name not in self.entities:
            self.entities[name] = [spec_line(s) for s in NOUNS.get(word, default_fields(word))]
            self.words[name] = word
        if is_person(word) and word not in self.people:
            self.people.append(word)
        return name

    def record(self, name: str, fields: tuple[str, ...]) -> str:
        """The record a verb implies ("book" → Booking), or the synonym already kept."""
        word = self.alias(snake(name))
        if pascal(word) in self.entities:
            return pascal(word)
        self.entities[name] = [spec_line(s) for s in fields]
        self.words[name] = snake(name)
        return name

    def link(self, child: str, parent: str) -> None:
        said = (self.words.get(parent), self.words.get(child)) in self.said
        if child == parent or (child, parent) in self.refs or said or self.reaches(parent, child):
            return
        self.refs.append((child, parent))

    def reaches(self, start: str, goal: str) -> bool:
        """Would a link goal → start close a cycle of references?"""
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            for child, parent in self.refs:
                if child == node and parent not in seen:
                    if parent == goal:
                        return True
                    seen.add(parent)
                    todo.append(parent)
        return False


def _noun(word: str, extra: set[str]) -> str | None:
    if len(word) < 3 or word in NOT_NOUNS or word in APP_WORDS:
        return None
    single = singular(word)
    if single in CUES and single not in NOUNS:
        return None  # "with a grade": a field, not a thing to keep
    if _verb(word) is not None and single not in NOUNS:
        return None
    if single in NOUNS or single in PEOPLE or single in TRANSACTIONS or single != word:
        return single
    return single if single in extra else None


def _title(text: str) -> tuple[str, str]:
    """``(title, the rest of the description)``: the subject phrase, else the first words."""
    found = subject_phrase(text)
    if found is not None:
        return found
    pattern = r"\b(?:that|which|who|with|for|where|to|lets|allows|helps)\b|[,.;:]"
    parts = rx.split(pattern, text, maxsplit=1)
    words = [w for w in rx.findall(r"[a-z0-9]+", parts[0]) if w not in ("a", "an", "the", "my")]
    words = [w for w in words if w not in APP_WORDS and w != "our"] or ["app"]
    rest = text[len(parts[0]) :] if len(parts) > 1 else text
    return " ".join(w.capitalize() for w in words[:4]), rest


HAVE = {"have", "has", "own", "owns", "keep", "keeps", "manage", "manages", "run", "runs"}


def plan(text: str) -> tuple[str, Plan]:
    title, body = _title(text)
    result = Plan(said=links(body))
    extra = singles(body) | {
        singular(w) for w in rx.findall(r"[a-z]+", body) if singular(w) != w and is_thing(w)
    }
    subject: str | None = None
    for clause in CLAUSE.split(body):
        words = rx.findall(r"[a-z]+", strip_agent(clause))
        have = next((w for w in words if w in HAVE), None)
        verb = next((b for w in words if (b := _verb(w)) is not None), None)
        found = [(n if (n := _noun(w, extra)) != verb else None, w) for w in words]
        nouns = [
            n
            for i, (n, _) in enumerate(found)
            if n is not None and n != verb and not (i + 1 < len(found) and found[i + 1][0])
        ]  # "team members": the last noun of a compound
        _theirs(result, clause, extra, next((n for n in nouns if is_person(n)), subject))
        if have is not None and verb is None and len(nouns) >= 2:
            owner = result.noun(nouns[0])
            for n in nouns[1:]:
                result.link(result.noun(n), owner)
            subject = nouns[0] if is_person(nouns[0]) else subject
            continue
        if verb is None or (not nouns and subject is None):
            _gather(result, nouns)
            subject = next(
                (n for n in nouns if is_person(n)), subject or (nouns[0] if nouns else None)
            )
            continue
        own = next((n for n in nouns if is_person(n)), None)
        _clause(result, verb, [n for n in nouns if n != own], own or subject)
        subject = next((n for n in nouns if is_person(n)), subject)
    for child, parent in result.said:
        a, b = result.noun(child), result.noun(parent)
        if (a, b) not in result.refs and not result.reaches(b, a):
            result.refs.append((a, b))
    _add_cues(result, body)
    return title, result


BOUGHT = {"Purchase", "Order", "Rental", "Sale"}


def _add_cues(result: Plan, body: str) -> None:
    """Fields written next to a noun ("routes with a grade"), and a price on what is bought."""
    cues = cue_fields(body, set(result.words.values()))
    for child, parent in result.refs:
        word = result.words[parent]
        if child in BOUGHT and word not in NOUNS and default_fields(word) == ITEM_FIELDS:
            cues.setdefault(result.words[parent], []).append("price: number")
    for name, word in result.words.items():
        fields = result.entities[name]
        for line in cues.get(word, []):
            spec = spec_line(line)
            if all(f.name != spec.name for f in fields):
                fields.append(spec)


def _theirs(result: Plan, clause: str, extra: set[str], subject: str | None) -> None:
    """ "... book walks for their dogs": a Dog belongs to the clause's person (an Owner)."""
    for m in rx.finditer(r"\btheir ([a-z]+)", clause):
        noun = _noun(m.group(1), extra)
        person = subject is not None and is_person(subject)
        if person and subject and noun is not None and not is_person(noun):
            result.link(result.noun(noun), result.noun(subject))


def _gather(result: Plan, nouns: list[str]) -> None:
    """A clause without a known verb: an event or record in it links the others named with it
    ("walkers take dogs out on walks": a Walk has a Walker and a Dog)."""
    names = [result.noun(n) for n in nouns]
    records = [
        name for n, name in zip(nouns, names, strict=True) if is_record(n) and n not in NOUNS
    ]  # the table's records keep their usual parents (PARENTS)
    for record in records[:1]:
        for name in names:
            if name not in records:
                result.link(record, name)
    if not records and len(nouns) > 1 and is_person(nouns[0]) and not is_person(nouns[1]):
        result.link(names[1], names[0])  # "gardeners log harvests": a Harvest has a Gardener


def _clause(result: Plan, verb: str, nouns: list[str], subject: str | None) -> None:
    names = [result.noun(n) for n in nouns]
    owner = result.noun(subject) if subject else None
    money = [name for n, name in zip(nouns, names, strict=True) if n in TRANSACTIONS]
    if money and owner is not None:
        others = [name for n, name in zip(nouns, names, strict=True) if n not in TRANSACTIONS]
        for record in money:
            for party in [owner, *others]:
                result.link(record, party)
        return
    record = result.record(*VERBS[verb])
    parties = list(dict.fromkeys([*([owner] if owner else []), *names]))
    for party in parties:
        result.link(record, party)


def operations(title: str, description: str, p: Plan) -> list[Op]:
    ops: list[Op] = [SetApp(name=title, description=description)]
    ops += [AddEntity(name=name, fields=fields) for name, fields in p.entities.items()]
    linked = {child for child, _ in p.refs}
    for child in [c for c in p.entities if c not in linked]:  # the usual parents, when unsaid
        for parent in PARENTS.get(child, ()):
            if parent in p.entities:
                p.link(child, parent)
    for child, parent in p.refs:
        ref = FieldSpec(name=snake(parent), type="ref", target=parent, required=True)
        ops.append(AddField(entity=child, field=ref))
    roles = ["admin", *[snake(r) for r in p.people]]
    ops += [SetAuth(strategy="jwt"), SetRoles(roles=roles[:10], mode="replace")]
    for name in p.entities:
        path = "/v1/" + plural(snake(name).replace("_", " ")).replace(" ", "-")
        ops.append(
            SetApi(
                entity=name,
                path=path,
                access="authenticated",
                operations=["list", "get", "create", "update", "delete"],
            )
        )
    return ops


def draft_spec(prompt: str) -> tuple[str | None, str]:
    """``(spec, message)``; ``(None, question)`` when the description names nothing to keep."""
    text = normalize(prompt)
    title, p = plan(text)
    if not p.entities:
        return None, (
            "Tell me what the app keeps track of, for example: 'a library that lends "
            "books to members, who can reserve books and pay fines'."
        )
    description = rx.sub(r"[\n\r#<`]", " ", prompt.strip())[:500]
    title = rx.sub(r"[^A-Za-z0-9 '&.\-]", "", title).strip()[:80] or "App"
    try:
        result = apply_operations("", operations(title, description, p))
    except EditError as err:  # a guard: the tables only build specs that compile
        return None, f"I could not draft a spec from that ({err.message}); describe it again."
    listed = ", ".join(p.entities)
    links = ", ".join(f"{c} → {t}" for c, t in p.refs)
    message = (
        f"I drafted {title} with {len(p.entities)} entities ({listed})"
        + (f", linked {links}" if links else "")
        + f"; sign-in with roles {', '.join(['admin', *p.people])} and a CRUD API for each "
        "entity. Review it and apply it when it looks right."
    )
    return result.text, message
