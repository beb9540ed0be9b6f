"""A product description → a first spec: entities with typed fields, relationships, auth, an API.

"a library that lends books to members, who can reserve books and pay fines" reads as: the app
is a Library; books and members are things it keeps; "lends" is a record between them (Loan),
"reserve" another (Reservation); fines are paid by members (a Fine that belongs to a Member).
The spec is built with the same operations and editor as every chat edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from slipway.assistant.describe_kb import (
    APP_WORDS,
    IRREGULAR_VERBS,
    NOUNS,
    PARENTS,
    PEOPLE,
    TRANSACTIONS,
    VERBS,
)
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

NOT_NOUNS = {
    "has", "is", "does", "lets", "allows", "gives", "tracks", "manages", "sells", "offers", "runs",
    "keeps", "needs", "wants", "helps", "makes", "shows", "lists", "uses", "sends", "gets",
    "takes", "this", "its", "their", "was", "as", "us", "always", "also", "things", "lots",
    "various", "others", "plus", "process", "business", "address", "access", "less", "news",
    "yes", "series", "status", "across", "towards", "afterwards", "whereas", "perhaps", "days",
    "weeks", "months", "years", "hours", "times",
}  # fmt: skip
CLAUSE = re.compile(
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

    def noun(self, word: str) -> str:
        name = pascal(word)
        if name not in self.entities:
            self.entities[name] = [
                spec_line(s) for s in NOUNS.get(word, ("name: string, required",))
            ]
        if word in PEOPLE and word not in self.people:
            self.people.append(word)
        return name

    def link(self, child: str, parent: str) -> None:
        if child != parent and (child, parent) not in self.refs:
            self.refs.append((child, parent))


def _verb(word: str) -> str | None:
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


def _noun(word: str, skip: set[str]) -> str | None:
    if len(word) < 3 or word in NOT_NOUNS or word in APP_WORDS or word in skip:
        return None
    single = singular(word)
    if single in skip or (_verb(word) is not None and single not in NOUNS):
        return None
    if single in NOUNS or single in PEOPLE or single in TRANSACTIONS or single != word:
        return single
    return None


def _title(text: str) -> tuple[str, str]:
    """``(title, the rest of the description)``."""
    pattern = r"\b(?:that|which|who|with|for|where|to|lets|allows|helps)\b|[,.;:]"
    parts = re.split(pattern, text, maxsplit=1)
    words = [w for w in re.findall(r"[a-z0-9]+", parts[0]) if w not in ("a", "an", "the", "my")]
    words = [w for w in words if w not in APP_WORDS and w != "our"] or ["app"]
    rest = text[len(parts[0]) :] if len(parts) > 1 else text
    return " ".join(w.capitalize() for w in words[:4]), rest


HAVE = {"have", "has", "own", "owns", "keep", "keeps", "manage", "manages", "run", "runs"}


def plan(text: str) -> tuple[str, Plan]:
    title, body = _title(text)
    result = Plan()
    subject: str | None = None
    for clause in CLAUSE.split(body):
        words = re.findall(r"[a-z]+", clause)
        have = next((w for w in words if w in HAVE), None)
        verb = next((b for w in words if (b := _verb(w)) is not None), None)
        found = [(n if (n := _noun(w, set())) != verb else None, w) for w in words]
        nouns = [
            n
            for i, (n, _) in enumerate(found)
            if n is not None and n != verb and not (i + 1 < len(found) and found[i + 1][0])
        ]  # "team members": the last noun of a compound
        if have is not None and verb is None and len(nouns) >= 2:
            owner = result.noun(nouns[0])
            for n in nouns[1:]:
                result.link(result.noun(n), owner)
            subject = nouns[0] if nouns[0] in PEOPLE else subject
            continue
        if verb is None or (not nouns and subject is None):
            for n in nouns:
                result.noun(n)
            subject = next(
                (n for n in nouns if n in PEOPLE), subject or (nouns[0] if nouns else None)
            )
            continue
        own = next((n for n in nouns if n in PEOPLE), None)
        _clause(result, verb, [n for n in nouns if n != own], own or subject)
        subject = next((n for n in nouns if n in PEOPLE), subject)
    return title, result


def _clause(result: Plan, verb: str, nouns: list[str], subject: str | None) -> None:
    names = [result.noun(n) for n in nouns]
    owner = result.noun(subject) if subject else None
    money = [n for n in nouns if n in TRANSACTIONS]
    if money and owner is not None:
        others = [name for n, name in zip(nouns, names, strict=True) if n not in TRANSACTIONS]
        for n in money:
            for party in [owner, *others]:
                result.link(pascal(n), party)
        return
    record, fields = VERBS[verb]
    parties = list(dict.fromkeys([*([owner] if owner else []), *names]))
    if not parties:
        return
    if record not in result.entities:
        result.entities[record] = [spec_line(s) for s in fields]
    for party in parties:
        result.link(record, party)


def operations(title: str, description: str, p: Plan) -> list[Op]:
    ops: list[Op] = [SetApp(name=title, description=description)]
    ops += [AddEntity(name=name, fields=fields) for name, fields in p.entities.items()]
    if not p.refs:
        for child in p.entities:
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
    description = re.sub(r"[\n\r#<`]", " ", prompt.strip())[:500]
    title = re.sub(r"[^A-Za-z0-9 '&.\-]", "", title).strip()[:80] or "App"
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
