"""What every rule shares: the vocabulary, and how a phrase becomes an entity or a field."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from slipway.assistant import rx
from slipway.assistant.operations import AddEntity, FieldSpec, Op
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.vocab import EntityInfo, FieldHit, Vocab, slip
from slipway.assistant.understand.words import pascal, plural, singular, snake, strip_determiners
from slipway.ir import Blueprint, FieldDef

PRONOUN = rx.compile(r"(?:it|that|this|them|those|these|they)(?: field| column| one)?")
"""A field said by pronoun ("make it required"): see :meth:`Context.pronoun_field`."""
NOT_NOUNS = {
    "it",
    "them",
    "we",
    "us",
    "you",
    "they",
    "i",
    "me",
    "this",
    "that",
    "everything",
    "something",
    "anything",
    "thing",
    "things",
    "stuff",
    "field",
    "entity",
    "one",
    "app",
    "spec",
    "api",
    "backend",
    "system",
}


class Unresolved(Exception):
    def __init__(self, reading: Reading) -> None:
        super().__init__(reading.question or "")
        self.reading = reading


@dataclass(frozen=True)
class Snapshot:
    """What reading a clause may change, to take it back when the reading is dropped."""

    entities: dict[str, EntityInfo]
    pending: list[str]
    created: int
    notes: int
    focus: str | None
    subject: FieldHit | None
    value: tuple[str, str, str] | None


@dataclass
class Context:
    vocab: Vocab
    bp: Blueprint | None
    created: list[Op] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    focus: str | None = None
    text: str = ""
    """The whole message (normalized), for cues said outside a clause."""
    role: str | None = None
    """The role the message named last ("add a reader role and make it the default")."""
    subject: FieldHit | None = None
    """The field the message spoke of last: "it" in "… the count, make it required"."""
    earlier: list[FieldHit] = field(default_factory=list)
    """The fields the previous request was about: "actually make that optional"."""
    value: tuple[str, str, str] | None = None
    """The choice value the message added last (entity, field, value): "that" in "add community
    to the genres and make that the default"."""
    removed: Op | None = None
    """What the message removed last ("… any more, drop it")."""
    read_with: str = ""
    """The rest of a sentence a rule read with its start, whose pieces later clauses bring (a
    screen's items cut at their commas: "grey...), and which stall it is in")."""

    def snapshot(self) -> Snapshot:
        vocab = copy.deepcopy((self.vocab.entities, self.vocab.pending))
        return Snapshot(
            vocab[0],
            vocab[1],
            len(self.created),
            len(self.notes),
            self.focus,
            self.subject,
            self.value,
        )

    def restore(self, state: Snapshot) -> None:
        self.vocab.entities = copy.deepcopy(state.entities)
        self.vocab.touch()
        self.vocab.pending = list(state.pending)
        del self.created[state.created :]
        del self.notes[state.notes :]
        self.focus = state.focus
        self.subject = state.subject
        self.value = state.value

    def spec_fields(self, entity: str) -> dict[str, FieldDef]:
        """The fields the applied spec gives an entity, by name (none when it has no such
        entity); the vocabulary's own view (:attr:`Vocab.entities`) also has this message's."""
        found = self.bp.entity(entity) if self.bp is not None else None
        return {f.name: f for f in found.fields} if found is not None else {}

    def is_required(self, entity: str, name: str) -> bool | None:
        """Whether the spec's field is required (None when the spec has no such field)."""
        found = self.spec_fields(entity).get(name)
        return found.required if found is not None else None

    def entity(self, phrase: str, *, create: bool = False, destructive: bool = False) -> str:
        """The entity a phrase names; a new one when ``create``; else raises ``Unresolved``."""
        text = strip_determiners(phrase)
        hit = self.vocab.entity(text)
        if hit is not None and hit.exact:
            self.focus = hit.name
            return hit.name
        if hit is not None and not destructive:
            self.notes.append(f'I took "{text}" to mean {hit.name}.')
            self.focus = hit.name
            return hit.name
        if hit is None and create and looks_like_noun(text):
            self.focus = self.new_entity(text)
            return self.focus
        what = pascal(text) or text
        offers = [hit.name] if hit is not None else self.vocab.near(text)
        raise Unresolved(ask(f"There is no {what} entity. Did you mean {either(offers)}?"))

    def new_entity(self, text: str, fields: list[FieldSpec] | None = None) -> str:
        name = pascal(text)
        self.focus = name
        self.vocab.add_entity(name)
        self.created.append(AddEntity(name=name, fields=fields or []))
        for spec in fields or []:
            self.vocab.add_field(name, spec.name, spec.type)
        return name

    def field(self, phrase: str, entity: str | None = None) -> FieldHit:
        """The field a phrase names ("the author's name", "title on Book", "isbn")."""
        text = strip_determiners(phrase)
        if PRONOUN.fullmatch(phrase.strip()):
            return self._noted(self.pronoun_field(), text)
        if entity is not None:
            hit = self.vocab.field_on(entity, text)
            if hit is None:
                fields = list(self.vocab.entities[entity].fields)
                raise Unresolved(
                    ask(f"{entity} has no {text} field. Did you mean {either(fields[:4])}?")
                )
            return self._noted(hit, text)
        for split in splits(text):
            owner = self.vocab.entity(split[0], fuzzy=False)
            if owner is not None:
                hit = self.vocab.field_on(owner.name, split[1])
                if hit is not None:
                    return self._noted(hit, split[1])
        slipped_owner = self._slipped_owner(text)
        if slipped_owner is not None:
            return slipped_owner
        hits = self.vocab.field_anywhere(text)
        if hits and not any(h.exact for h in hits) and self.vocab.entity(text, fuzzy=False):
            hits = []  # "firing" is the Firing entity, not a typo of fired_on
        slipped = [h for h in hits if slip(snake(text), h.field)]
        if len(hits) > 1 and len(slipped) == 1:  # "ful_name" is full_name, not Author.name
            hits = slipped
        mine = [h for h in hits if h.entity == self.focus]
        if len(hits) == 1 or (len(hits) > 1 and len(mine) == 1):
            return self._noted(hits[0] if len(hits) == 1 else mine[0], text)
        if len(hits) > 1:
            options = [f"{h.entity}.{h.field}" for h in hits]
            raise Unresolved(ask(f"Which {text} do you mean: {either(options)}?"))
        raise Unresolved(
            ask(
                f'I could not find a field called "{text}". Which entity is it on? '
                f"The entities are {', '.join(self.vocab.names())}."
            )
        )

    def _slipped_owner(self, text: str) -> FieldHit | None:
        """ "vessle capacity": a slip of the finger in the entity's name, then its field."""
        for owner_said, field_said in splits(text):
            near = self.vocab.entity(owner_said)
            if near is None or near.exact:
                continue
            said, named = owner_said.replace(" ", ""), snake(near.name).replace("_", "")
            if not (slip(said, named) or slip(said, plural(named))):  # "prodcuts"
                continue
            hit = self.vocab.field_on(near.name, field_said)
            if hit is not None:
                return self._noted(hit, field_said)
        return None

    def pronoun_field(self) -> FieldHit:
        """What "it" / "that" stands for: the field spoken of last in this message, else the one
        field the message names, else the one field the previous request was about."""
        if self.subject is not None:
            return self.subject
        written = [  # a name written as the spec writes it ("placed_at") is that field
            FieldHit(e, token, True)
            for token in rx.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", self.text)
            for e, info in self.vocab.entities.items()
            if token in info.fields
        ]
        if len(written) == 1:
            return written[0]
        said = rx.sub(  # "make it required": the verb names no field called "make"
            r"(?:^|(?<=[.;,] ))(?:please )?(?:make|set|mark|change|turn|switch|keep|have|let) "
            r"(?=it|that|this|them|those|these)\b",
            "",
            self.text,
        )
        named = self.vocab.fields_in(said, self.vocab.find_entities(said))
        if len(named) == 1:
            return named[0]
        if len({(h.entity, h.field) for h in self.earlier}) == 1:
            return self.earlier[0]
        if len(undone := self._constraint_undone()) == 1:
            return undone[0]
        raise Unresolved(ask("Which field do you mean? Name it, for example 'make Book.isbn "
                             "required'."))  # fmt: skip

    def _constraint_undone(self) -> list[FieldHit]:
        """The fields of the previous request that have the constraint this message takes off
        ("make volunteer names unique and add the date they joined", then "make it not unique":
        the name, the one of the two that is unique)."""
        found = {(h.entity, h.field): h for h in self.earlier}.values()
        if rx.search(r"\bnot unique\b", self.text):
            return [h for h in found if getattr(self._spec_field(h), "unique", False)]
        if rx.search(r"\b(?:optional|not required|not mandatory)\b", self.text):
            return [h for h in found if getattr(self._spec_field(h), "required", False)]
        return []

    def _spec_field(self, hit: FieldHit) -> FieldDef | None:
        return self.spec_fields(hit.entity).get(hit.field)

    def _noted(self, hit: FieldHit, text: str) -> FieldHit:
        self.focus = hit.entity
        self.subject = hit
        if not hit.exact and text.strip():  # "index that": no word of its own to explain
            self.notes.append(f'I took "{text}" to mean {hit.entity}.{hit.field}.')
        return hit


def topic_field(clause: str, ctx: Context) -> FieldHit | None:
    """The field a remark is about ("the artist rate is in euros"), for an "it" after it."""
    match = rx.match(  # "do we actually need the idle fee on tariffs": what "it" is after it
        r"^do (?:we|you|i) (?:actually |really |even )?(?:need|use) (?:the |a |an )?"
        r"(?P<p>[a-z][a-z_ ]{1,40})$",
        clause,
    ) or rx.match(
        r"^(?:the |a |an |each |every |our )?(?P<p>[a-z][a-z_ ]{1,40}?) (?:is|are|was|were|has|"
        r"have|should|must|can|could|will|needs?)\b",
        clause,
    )
    if match is None or ctx.vocab.entity(match.group("p"), fuzzy=False) is not None:
        return None  # "donkeys are lovely": the entity, not VetVisit.donkey
    notes = len(ctx.notes)
    try:
        return ctx.field(match.group("p"))
    except Unresolved:
        return None
    finally:
        del ctx.notes[notes:]


def typical_fields(entity: str) -> list[FieldSpec]:
    """The usual fields of a new entity ("Comment" → body), else a required name."""
    from slipway.assistant.describe import spec_line
    from slipway.assistant.describe_kb import NOUNS

    key = snake(entity).split("_")[-1]
    lines = NOUNS.get(key, ("name: string, required",))
    return [spec_line(line) for line in lines if ": ref " not in line]


def splits(text: str) -> list[tuple[str, str]]:
    """Ways to read a phrase as (entity, field): "Room.floor", "the author's name", "name of the
    author", "book title", "title on Book"."""
    out: list[tuple[str, str]] = []
    match = rx.match(r"^([a-z][\w ]*?)\.([a-z]\w*)$", text)  # "room.floor"
    if match:
        out.append((match.group(1), match.group(2)))
    match = rx.match(r"^(.+?)'s? (.+)$", text)
    if match:
        out.append((match.group(1), match.group(2)))
    match = rx.match(
        r"^(.+?) (?:of|on|in|for|from|per) (?:a |an |the |each |every |all )?(.+)$", text
    )
    if match:
        out.append((match.group(2), match.group(1)))
    words = text.replace("'s ", " ").split()
    for size in (1, 2, 3):
        if len(words) > size:
            out.append((" ".join(words[:size]), " ".join(words[size:])))
    return out


PREPOSITIONS = {"to", "for", "on", "in", "of", "with", "from", "by", "at", "into", "onto", "as"}
VERBS = {"add", "change", "make", "set", "remove", "delete", "drop", "rename", "create", "update",
         "turn", "switch", "use", "put", "move", "give", "let", "allow", "enable", "record",
         "track", "store", "keep", "capture", "log", "save", "send", "show"}  # fmt: skip


_MEASURES = {"hour", "minute", "second", "day", "night", "week", "fortnight", "month", "year",
             "mile", "kilometre", "kilometer", "km", "kilo", "kg", "gram", "litre", "liter",
             "metre", "meter", "dozen", "percent"}  # fmt: skip
"""What something is counted or paid by ("paid by the hour"), never a record of its own."""


def looks_like_noun(text: str) -> bool:
    """A name of one to three plain words, none a pronoun or preposition, not led by a verb
    ("change the type" and "model to vehicles" name nothing)."""
    words = text.split()
    return (
        0 < len(words) <= 3
        and all(rx.fullmatch(r"[a-z][a-z0-9]*", w) for w in words)
        and not (set(words) & (NOT_NOUNS | PREPOSITIONS | {"a", "an", "the", "times"}))
        and (words[-1] != "time" and (words[0] != "time" or len(words) > 1))  # "a time entry"
        and singular(words[-1]) not in _MEASURES
        and words[0] not in VERBS
    )


def either(options: list[str]) -> str:
    if not options:
        return "one of the existing ones"
    if len(options) == 1:
        return options[0]
    return ", ".join(options[:-1]) + " or " + options[-1]
