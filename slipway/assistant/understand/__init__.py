"""Offline, deterministic understanding: a chat message → typed edit operations.

The message is cut into clauses ("…; …", "… and make …"), each read by the first rule that
recognises its kind of request (rename, remove, constraint, relationship, new entity, new field,
soft delete, audit log, upload, tenancy, sign-in, roles, API access, database, region, tracing,
logs, schedule, queue, event). Names are the spec's own, matched with plurals and typos. A
clause no rule reads, or a name that matches nothing, becomes a question, never a guess.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import ValidationError

from slipway.assistant import rx
from slipway.assistant.base import ChatTurn
from slipway.assistant.operations import AddEntity, Op
from slipway.assistant.understand import (
    registry_x,
    registry_y,
    registry_z,
    rules_access,
    rules_add,
    rules_api_ops,
    rules_both_ways,
    rules_entity,
    rules_enum,
    rules_events,
    rules_features,
    rules_flagged,
    rules_infra,
    rules_jargon,
    rules_know,
    rules_limits,
    rules_linking,
    rules_more_values,
    rules_prose,
    rules_relations,
    rules_rename,
    rules_schema,
    rules_secret,
    rules_terse,
    rules_topic,
    rules_verb_enum,
    rules_workflows,
)
from slipway.assistant.understand.arrange import arrange, fields_of
from slipway.assistant.understand.attach import attach_modifiers
from slipway.assistant.understand.casing import keep_case
from slipway.assistant.understand.choices import choice_parts
from slipway.assistant.understand.context import Context, Unresolved, topic_field
from slipway.assistant.understand.conversation import index_it, is_undo, the_one_on
from slipway.assistant.understand.fieldsplit import joined
from slipway.assistant.understand.followups import added_to_it, repeat
from slipway.assistant.understand.letters import background, so_we_want, tells, told_of
from slipway.assistant.understand.modifiers import read_modifiers
from slipway.assistant.understand.phrasing import plain
from slipway.assistant.understand.pronouns import named_for
from slipway.assistant.understand.questions import how_many
from slipway.assistant.understand.refer import resolve
from slipway.assistant.understand.retraction import after_retraction
from slipway.assistant.understand.safety import doubtful
from slipway.assistant.understand.spelling import fix_spelling
from slipway.assistant.understand.subjects import (
    BEING,
    its_values,
    names_subject,
    starts_clause,
    with_subject,
)
from slipway.assistant.understand.text import (
    COMMAND_VERBS,
    Reading,
    normalize,
    polish,
    sentences,
    split_commands,
)
from slipway.assistant.understand.typos import fix_keywords, record_words, spec_words
from slipway.assistant.understand.vocab import FieldHit, Vocab
from slipway.ir import Blueprint

Rule = Callable[[str, Context], Reading | None]


RULES: tuple[Rule, ...] = (
    *registry_x.EARLY,
    *registry_y.EARLY,
    *registry_z.EARLY,
    rules_api_ops.op_set,
    rules_both_ways.both_ways,
    rules_topic.topic,
    rules_prose.filler,
    rules_prose.dotted,
    rules_features.chat,
    rules_access.role_list,
    rules_jargon.encrypt,
    rules_secret.encrypt_said,
    rules_jargon.foreign_key,
    rules_rename.rename,
    rules_rename.called,
    rules_flagged.flag_gone,
    rules_relations.promote,
    rules_features.soft_delete,
    rules_features.audit,
    rules_features.timestamps,
    rules_features.scope,
    rules_features.tenancy,
    rules_limits.lifted,
    rules_workflows.remove_workflow,
    rules_workflows.schedule,
    rules_events.named_event,
    rules_events.event,
    rules_workflows.queue,
    rules_infra.database,
    rules_infra.region,
    rules_infra.log_retention,
    rules_infra.bucket,
    rules_infra.health,
    rules_features.upload,
    rules_access.access,
    rules_linking.linked,
    rules_schema.remove,
    rules_limits.bounds,
    rules_jargon.field_modifiers,
    rules_enum.enum_values,
    rules_more_values.more_values,
    rules_more_values.value_default,
    rules_enum.also_value,
    rules_schema.default,
    rules_limits.max_length,
    rules_schema.index,
    rules_limits.constraint,
    rules_limits.no_two,
    rules_verb_enum.verb_enum,
    rules_enum.prose_enum,
    rules_relations.relationship,
    rules_entity.authored,
    rules_schema.retype,
    rules_schema.decimals,
    rules_entity.feature_entity,
    rules_entity.new_entity,
    rules_know.new_value,
    rules_know.one_more,
    rules_add.add_field,
    rules_prose.new_subject,
    rules_access.default_role,
    rules_access.roles,
    rules_add.bare_entity,
    rules_prose.business,
    rules_prose.charged,
    rules_prose.wanted,
    rules_know.know,
    rules_know.date_only,
    rules_access.sign_in,
    rules_infra.infra_flags,
    *registry_x.LATE,
    *registry_y.LATE,
    *registry_z.LATE,
    rules_terse.terse,
)


WHOLE: tuple[Rule, ...] = (
    rules_both_ways.both_ways,
    rules_api_ops.op_set,
    rules_events.named_event,
    rules_rename.said_whole,
    rules_flagged.flag_whole,
)
"""Rules that read a sentence whole, never cut at its verbs ("…: list, get and create, no
deleting"; "emit x.y and put it on a queue")."""


@dataclass
class Understanding:
    ops: list[Op] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    question: str | None = None
    undo: bool = False
    unknown: list[str] = field(default_factory=list)
    """Clauses no rule could read."""
    background: list[str] = field(default_factory=list)
    """What the message only tells ("the form keeps changing", "a few of ours are on rivers")."""
    fields: list[FieldHit] = field(default_factory=list)
    """The fields the message was about (what "it" means in the next one)."""


def understand(
    message: str, bp: Blueprint | None, history: list[ChatTurn] | None = None
) -> Understanding:
    text = plain(normalize(message))
    if is_undo(text):
        return Understanding(undo=True)
    text = fix_spelling(fix_keywords(text, spec_words(bp)), spec_words(bp))
    text = record_words(text, bp)
    asked = how_many(text, bp)
    if asked is not None:  # "can a dog have two bookings at once?": answered, nothing changed
        return Understanding(question=asked)
    repeated = repeat(text, history or [], bp, _read)
    if repeated is not None:  # "same for visits and cleaners", "put it on customers instead"
        return repeated
    result = _read(text, bp, _earlier(history or [], bp))
    doubt = doubtful(result.ops, text)
    if doubt is not None:  # "a tier of bronze, silver or gold" read as three fields: ask
        return Understanding(question=doubt)
    result.ops = keep_case(result.ops, message, bp)
    return result


def _earlier(history: list[ChatTurn], bp: Blueprint | None) -> list[FieldHit]:
    """The fields the previous request was about, read again on today's spec."""
    said = [plain(normalize(t.content)) for t in history if t.role == "user"]
    said = [t for t in said if not is_undo(t)]
    return _read(said[-1], bp).fields if said else []


def _read(text: str, bp: Blueprint | None, earlier: list[FieldHit] | None = None) -> Understanding:
    text = the_one_on(after_retraction(text), earlier or [])
    ctx = Context(Vocab(bp), bp, text=text, earlier=earlier or [])
    out = Understanding()
    said, told = background(attach_modifiers(sentences(text)))
    # "At the moment firings … record when it finished"; "add a Sponsor …", "also on it a phone"
    ctx.focus = told_of(told, ctx.vocab) or added_to_it(text, ctx.earlier)
    clauses = [
        polish(clause)
        for sentence in [rules_know.reshape(s, ctx) for s in said]
        for clause in (
            [sentence]
            if any(rule(polish(sentence), ctx) for rule in WHOLE)
            else split_commands(
                sentence, lambda right: starts_clause(right, ctx), lambda r: names_subject(r, ctx)
            )
        )
    ]
    said_all = resolve(rules_prose.bracketed([c for c in clauses if c], ctx.vocab), ctx.vocab)
    for n, clause in enumerate(said_all):
        if _take(clause, ctx, out):
            topic = topic_field(clause, ctx) if n < len(said_all) - 1 else None
            if topic is None or not rx.search(r"\b(?:is|are|was|were)\b", clause):
                return Understanding(question=out.question)
            out.question, ctx.subject = None, topic  # "the farm is really their address, rename it"
    created = len(ctx.vocab.pending)
    unread, out.unknown = out.unknown, []
    for clause in unread:  # "trainers have a name; every class is taught by one trainer"
        if created and _take(clause, ctx, out):
            return Understanding(question=out.question)
        if not created:
            out.unknown.append(clause)
    out.ops = arrange([*ctx.created, *out.ops], ctx)
    out.notes = list(dict.fromkeys([*ctx.notes, *out.notes]))
    unread = [u for u in out.unknown if u.strip()]
    out.unknown = [u for u in unread if not tells(u)]
    out.background = [u for u in unread if tells(u)] + [polish(t) for t in told]
    out.fields = fields_of(out.ops) + ([ctx.subject] if ctx.subject else [])
    return out


def _take(clause: str, ctx: Context, out: Understanding) -> bool:
    """Read one clause into ``out``; True when its answer is a question (set on ``out``). A
    pronoun stands for the entity spoken of last ("add a Fine entity. It has an amount")."""
    said = rx.sub(rf"^(?:it|they) {BEING} ", "", clause)
    if ctx.subject is not None:  # "we search photos by file name, put an index on it": that field
        hit = ctx.subject
        clause = rx.sub(
            r"\b(index(?:es)? (?:on|for)) (?:it|that)$", rf"\1 {hit.entity}.{hit.field}", clause
        )
    clause = index_it(clause, out.ops[-1] if out.ops else None)  # "…, and index them"
    if its_values(clause, ctx) != clause:
        clause = its_values(clause, ctx)
    elif ctx.focus is not None and (said == clause or read_modifiers(said) is None):
        clause = named_for(clause, ctx.focus, ctx)
    made = len(ctx.created)
    readings, unread = _clause_or_parts(clause, ctx)
    out.unknown += unread
    named = ctx.vocab.find_entities(clause) if not readings else []
    if len(named) == 1:  # "Subscribers can pause their box. Add a paused flag": theirs
        ctx.focus = named[0]
    if readings and readings[0].question:
        out.question = readings[0].question
        return True
    for reading in readings:
        out.ops += reading.ops
        out.notes += reading.notes
    owners = {
        getattr(op, "entity", None) or getattr(op, "name", None) for r in readings for op in r.ops
    }
    owners |= {op.name for op in ctx.created[made:] if isinstance(op, AddEntity)}
    if len(owners) == 1 and owners <= set(ctx.vocab.entities):  # "customers …; they …": theirs
        ctx.focus = owners.pop()  # "make a Zone entity and connect saunas to it": the zone
    return False


def _clause_or_parts(clause: str, ctx: Context) -> tuple[list[Reading], list[str]]:
    """The clause's reading; when it has none (or only a question), the readings of its parts
    split at "and" or commas ("X default 0 and the name …"), a part without a subject taking
    the first part's ("a vehicle belongs to an owner and has a colour"). Parts no rule reads
    are returned apart, to be reported; a part's question is the answer."""
    state = ctx.snapshot()
    wanted = so_we_want(clause)  # "the donkeys get weigh-taped monthly, so we want to …"
    if wanted is not None and not rx.match(rf"(?:please )?(?:{COMMAND_VERBS})\b", wanted[0]):
        spoken = ctx.vocab.find_entities(wanted[0])
        ctx.focus = spoken[0] if len(spoken) == 1 else ctx.focus
        after = read_clause(polish(wanted[1]), ctx)
        if after is not None and after.ops and not after.question:
            return [after], []
        ctx.restore(state)
    whole = read_clause(clause, ctx)
    if whole is not None and not whole.question:
        return [whole], []
    paired = choice_parts(clause)  # "… is required and can only be a, b or c": two requests
    if paired is not None:
        ctx.restore(state)
        found = _parts(paired, ctx)
        if found is not None and not found[1]:
            return found
    kept = LISTED.sub(lambda m: m.group(0).replace(", ", "\0"), clause)
    kept = rx.sub(r"\([^()]*\)", lambda m: m.group(0).replace(", ", "\0"), kept)  # "(a, b or c)"
    for cut in PART_CUTS:  # commas first ("…, and a concert has a date and a venue"), then "and"
        pieces = joined([p.replace("\0", ", ") for p in rx.split(cut, kept) if p.strip()])
        if len(pieces) < 2:
            continue
        ctx.restore(state)
        found = _parts(with_subject(pieces, ctx), ctx)
        named = found is not None and found[1] and all(len(u.split()) <= 2 for u in found[1])
        if whole is not None and whole.question and named:
            break  # "delete Members and Fines": a name left unread, ask about the whole
        if found is not None:
            return found
    ctx.restore(state)
    told = rx.match(r"^(?P<l>.+?), (?P<r>[^,]+)$", clause)
    if told is not None and tells(told["r"]):  # "… shouldn't be mandatory, some labels don't …"
        said = read_clause(told["l"], ctx)
        if said is not None and said.ops and not said.question:
            return [said], [told["r"]]
        ctx.restore(state)
    whole = read_clause(clause, ctx)
    for cut in (": ", ", so ", " so "):  # "… reachable: add parent_email", "… ages ago, so X"
        if (whole is None or whole.question) and cut in clause:
            left, right = clause.split(cut, 1) if cut == ": " else clause.rsplit(cut, 1)
            named = ctx.vocab.find_entities(left)
            ctx.restore(state)
            ctx.focus = named[0] if len(named) == 1 else ctx.focus
            after = read_clause(polish(right), ctx)
            if after is not None and after.ops and not after.question:
                return [after], []
            ctx.restore(state)
            whole = read_clause(clause, ctx)
    return ([whole], []) if whole is not None else ([], [clause])


LISTED = rx.compile(
    r"(?:: |\bone of |\beither |\b(?:can|could|should|must|will|may) be |\b(?:is|are) )"
    r"[\w-]+(?:, [\w-]+)+,? or [\w-]+(?:, [\w-]+ by default)?"
)
"""A list of values ("status: new, paid or shipped"), never cut at its commas."""
PART_CUTS = (r",\s+(?:and\s+|plus\s+|also\s+)?", r",?\s+(?:and|plus|also)\s+|,\s+")


def _parts(pieces: list[str], ctx: Context) -> tuple[list[Reading], list[str]] | None:
    parts: list[Reading | None] = []
    made = len(ctx.created)
    for piece in pieces:
        new = [op.name for op in ctx.created[made:] if isinstance(op, AddEntity)]
        if new:  # "make a Zone entity and connect saunas to it": the new one
            piece = rx.sub(r"\b(to|with|on) (?:it|them)$", rf"\1 {new[-1].lower()}", piece)
        said = its_values(polish(piece), ctx)
        part = read_clause(said, ctx) if said else None
        if part is None:  # "the artist rate is in euros per hour, make it required"
            ctx.subject = topic_field(polish(piece), ctx) or ctx.subject
        parts.append(part)
    read = [p for p in parts if p is not None and not p.question and (p.ops or p.notes)]
    if read and any(p.ops for p in read) and not any(p and p.question for p in parts):
        return read, [polish(x) for x, p in zip(pieces, parts, strict=True) if p is None]
    return None


def read_clause(clause: str, ctx: Context) -> Reading | None:
    """The first rule that reads the clause; a rule's question only if no later rule reads it."""
    question: Reading | None = None
    for rule in RULES:
        notes, created, subject, focus = len(ctx.notes), len(ctx.created), ctx.subject, ctx.focus
        try:
            reading = rule(clause, ctx)
        except (Unresolved, ValidationError) as failed:  # a name no operation takes: unread
            if isinstance(failed, Unresolved):
                question = question or failed.reading
            del ctx.notes[notes:]
            del ctx.created[created:]
            ctx.subject, ctx.focus = subject, focus
            continue
        if reading is not None:
            return reading
        ctx.subject, ctx.focus = subject, focus  # a rule that read nothing leaves no trace
        del ctx.notes[notes:]
        del ctx.created[created:]
    return question
