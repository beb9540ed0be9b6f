"""Acceptance criteria and user stories: "Given a donor is saved, when the email is missing,
then validation fails" (the email is required), "given a book, when its title is longer than
200 characters, then it is rejected" (at most 200), "given a new dancer without an email, when
we save, then the record is stored" (optional), "given a session, then it references the staff
member on duty" (a link), "a WishlistItem links a Customer and a Product" (an entity of two
links), "the email must also be unique across donors"; a story's title and the words that keep
things as they are say nothing to change."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import (
    AddRelationship,
    SetDefault,
    SetMaxLength,
    SetRequired,
    SetUnique,
)
from slipway.assistant.understand.context import Context, looks_like_noun
from slipway.assistant.understand.rules_z_statements import (
    assigned,
    belongs_and_has,
    has,
    links,
    not_available,
    public,
    recorded,
    shows,
)
from slipway.assistant.understand.text import COMMAND_VERBS, Reading, ask
from slipway.assistant.understand.vocab import FieldHit
from slipway.assistant.understand.words import snake, strip_determiners

_PREFIX = rx.compile(
    r"^(?:(?:the )?acceptance criteria|acceptance|criteria|ac|scenario)(?: for [a-z' -]+?)?: "
)
_ELSEWHERE = (
    r"\b(?:public|read-only|read only|api|endpoints?|list|get|create|update|delete|queues?|fifo|"
    r"dead letter|logs?|alarms?|tracing|roles?|sign in|log in|login|region|database|backups?|"
    r"events?|every (?:day|night|hour|morning|week))\b"
)
"""Criteria about access, the API, infrastructure or workflows: other rules read those."""
_STORY = rx.compile(r"^(?:user )?(?:story|scenario|feature)(?: \d+)?: (?!given\b)[a-z0-9' -]+$")
_SAID = rx.compile(r"\b(?:as an? |as the |acceptance|given |i want|so that)\b")
_GIVEN = rx.compile(
    r"^given (?P<pre>[^,]+?)(?:,? when (?P<when>[^,]+?))?(?:,? then |, )(?P<then>[\w.-]+ is "
    r"used$|(?:it|its|their|they|the|an?|validation|saving|creation|we|this|that|an error|"
    r"the system|the api)\b.+)$"
)
_PRE = rx.compile(
    r"^(?:an? |the |one |some |any |two |several )?(?:new |existing |second )?(?P<e>[a-z]+"
    r"(?: [a-z]+)?)(?: (?:is|are|gets|get|has been|was|were|being) [a-z]+(?: up| in| out)?| "
    r"[a-z]+s(?: up| in| out)?)?(?: (?:without|with no) (?:an? |the |any )?(?P<w>[a-z][a-z ]*?))?$"
)
_REJECTED = rx.compile(
    r"^(?:it|they|the (?:request|record|save|entry|form|submission|[a-z]+)|validation|saving|"
    r"creation|the api|we|the system)(?: is| are| gets| will be| should be| must be)? ?"
    r"(?:rejected|refused|blocked|not saved|not stored|not accepted|fails?|failed|errors?|"
    r"returns an error|reject(?:s)? it|refuses? it|shows? an error)\b|^an? (?:validation )?error "
    r"(?:is |gets )?(?:shown|returned|raised|displayed|given)|^(?:the )?(?:second|new|other) one "
    r"(?:is )?(?:rejected|refused|fails)"
)
_STORED = rx.compile(
    r"^(?:it|they|the (?:record|[a-z]+))(?: is| are| gets| will be| should be)?(?: still| also)? "
    r"(?:stored|saved|accepted|created|kept)\b|^(?:saving|it) (?:works|succeeds)\b"
)


def criteria(clause: str, ctx: Context) -> Reading | None:
    titled = _STORY.match(clause) and not rx.match(rf"^[a-z ]+: (?:{COMMAND_VERBS})\b", clause)
    if titled and _SAID.search(ctx.text[len(clause) :]):
        return Reading()  # "Story: placement tests." names the story, nothing more
    if rx.fullmatch(
        r"(?:keep|leave) (?:that|it|this|them|those) (?:as it is|as is|as they are|like that|"
        r"unchanged|the way (?:it is|they are))",
        clause,
    ):
        return Reading()
    if rx.fullmatch(r"(?:the )?(?:acceptance criteria|acceptance|criteria|ac|scenarios?)", clause):
        return Reading()  # the heading of a list of criteria
    rest = _PREFIX.sub("", clause)
    if rx.search(r"\bgiven (?:an?|the|one|two|some|any|new)\b", ctx.text) and (
        rx.match(r"(?:when|then) ", rest)
        or _REJECTED.match(rest)
        or _STORED.match(rest)
        or rx.fullmatch(r"[a-z_]+ (?:is|are) (?:rejected|refused|stored|saved|accepted)", rest)
    ):
        return Reading()  # a piece of a criterion cut from its "given", read whole
    if rest.startswith("given "):
        return public(rest, ctx) or _given(rest, ctx)
    for read in (links, _unique, shows, not_available, assigned):
        found = read(rest, ctx)
        if found is not None:
            return found
    if rest == clause:
        return None
    found = belongs_and_has(rest, ctx) or has(rest, ctx)
    if found is None and rx.search(_ELSEWHERE, rest):
        return None  # "Acceptance: public, read-only (list and get)": read by the API's rules
    if found is None:  # read as said after the heading, never as a field of "criteria"
        return ask(f'I could not read the criterion "{rest}" as a change to the spec.')
    return found


def _given(text: str, ctx: Context) -> Reading | None:
    said = _GIVEN.match(text)
    if said is None:
        return Reading() if rx.fullmatch(r"given [a-z ]+", text) else None  # a premise alone
    found = _read_given(said, ctx)
    checked = _REJECTED.match(said["then"]) or _STORED.match(said["then"])
    if found is None and said["when"] and checked:  # a check on saving, never a field
        return ask(f'I could not tell which field "{text}" is about. Name it, for example '
                   "'the email is required'.")  # fmt: skip
    return found


def _given_entity(phrase: str, ctx: Context) -> str | None:
    """ "a new rating" → TourRating: by its name, its first word, or the last word of the
    entity spoken of last."""
    words = phrase.split()
    hit = ctx.vocab.entity(phrase, fuzzy=False) or ctx.vocab.entity(words[0], fuzzy=False)
    if hit is not None:
        return hit.name
    if ctx.focus and snake(ctx.focus).replace("_", "").endswith(snake(words[-1]).rstrip("s")):
        return ctx.focus
    return None


def _read_given(said: re.Match[str], ctx: Context) -> Reading | None:
    pre = _PRE.match(said["pre"])
    if pre is None:
        return None
    entity = _given_entity(pre["e"], ctx)
    if entity is None:
        return None
    then, when = said["then"], said["when"] or ""
    if pre["w"] and _STORED.match(then):  # "a new dancer without an email … is stored"
        return _required(entity, pre["w"], False, ctx)
    same = rx.fullmatch(
        r"(?:they|both|two of them) (?:have|share|use|give) the same (?P<f>[a-z][a-z ]*?)|"
        r"(?:the |its |their )?(?P<g>[a-z][a-z ]*?) is already (?:used|taken|in use|registered)",
        when,
    )
    if same and _REJECTED.match(then):
        return _unique(f"{same['f'] or same['g']} must be unique across {snake(entity)}", ctx)
    missing = rx.fullmatch(
        r"(?:the |its |their |an? )?(?P<f>[a-z][a-z ]*?) (?:is|are) (?:missing|empty|blank|"
        r"left (?:out|empty|blank)|not (?:given|supplied|provided|set|filled in|entered))|"
        r"no (?P<g>[a-z][a-z ]*?) (?:is|are) (?:given|supplied|provided|set|filled in|entered|"
        r"picked|chosen)",
        when,
    )
    used = rx.fullmatch(r"(?:the )?(?P<v>[\w.-]+) is (?:used|taken|assumed|filled in|set)", then)
    if missing and used:  # "when no fee is entered, then 450 is used"
        hit = ctx.vocab.field_on(entity, missing["f"] or missing["g"])
        if hit is not None:
            kind = ctx.vocab.entities[entity].fields[hit.field]
            value = _value(used["v"], kind)
            if value is not None:
                return Reading([SetDefault(entity=entity, field=hit.field, default=value)])
    if missing and _REJECTED.match(then):
        return _required(entity, missing["f"] or missing["g"], True, ctx)
    if missing and _STORED.match(then):
        return _required(entity, missing["f"] or missing["g"], False, ctx)
    longer = rx.fullmatch(
        r"(?:the |its |their )?(?P<f>[a-z][a-z ]*?) (?:is|are) (?:longer|more) than "
        r"(?P<n>\d+) (?:characters|chars|letters)",
        when,
    )
    if longer and _REJECTED.match(then):
        found = ctx.field(longer["f"], entity)
        return Reading(
            [SetMaxLength(entity=entity, field=found.field, max_length=int(longer["n"]))]
        )
    if not when:
        return _then_link(entity, then, ctx)
    return recorded(entity, then, ctx)


def _value(said: str, kind: str) -> bool | int | float | str | None:
    if kind == "integer" and rx.fullmatch(r"-?\d+", said):
        return int(said)
    if kind == "number" and rx.fullmatch(r"-?\d+(?:\.\d+)?", said):
        return float(said) if "." in said else int(said)
    if kind in ("string", "enum") and rx.fullmatch(r"[a-z0-9_-]+", said):
        return said
    return None


def _required(entity: str, phrase: str, required: bool, ctx: Context) -> Reading | None:
    found = ctx.vocab.field_on(entity, phrase)
    if found is None:
        return None
    ctx.subject = FieldHit(entity, found.field, True)
    if ctx.is_required(entity, found.field) == required:
        state = "required" if required else "optional"
        return Reading(notes=[f"{entity}.{found.field} is already {state}."])
    return Reading([SetRequired(entity=entity, field=found.field, required=required)])


def _then_link(entity: str, then: str, ctx: Context) -> Reading | None:
    """ "then it references the StaffMember on duty"; "then it may have no volunteer yet"."""
    refers = rx.fullmatch(
        r"(?:it|they) (?:references?|points? (?:at|to)|is linked to|links to|belongs to|"
        r"(?:has|have) (?:an? |one )?(?:assigned)?) (?:the |an? |one |its )?(?P<t>[a-z]+)"
        r"(?: (?:on duty|in charge|responsible|assigned|(?:who|that|which|it|they) [a-z ]+))?",
        then,
    )
    if refers is not None:
        target = ctx.vocab.entity(refers["t"], fuzzy=False)
        if target is None and not looks_like_noun(refers["t"]):
            return None
        goal = target.name if target is not None else ctx.new_entity(refers["t"])
        if any(k == f"ref:{goal}" for k in ctx.vocab.entities[entity].fields.values()):
            return Reading(notes=[f"{entity} already points to {goal}."])
        ctx.vocab.add_field(entity, f"{snake(goal)}_id", f"ref:{goal}")
        return Reading([AddRelationship(entity=entity, kind="belongs_to", target=goal)])
    none_yet = rx.fullmatch(
        r"(?:it|they) (?:may|can|might|could) (?:have|be) (?:no|without an?|without any) "
        r"(?P<t>[a-z]+)(?: yet| at first| assigned| at the start)?",
        then,
    )
    if none_yet is None:
        return None
    target = ctx.vocab.entity(none_yet["t"], fuzzy=False)
    if target is None:
        return None
    for name, kind in ctx.vocab.entities[entity].fields.items():
        if kind == f"ref:{target.name}":
            return _required(entity, name, False, ctx) or Reading()
    return Reading(notes=[f"A {entity} may have no {target.name}."])


def _unique(text: str, ctx: Context) -> Reading | None:
    """ "the email must also be unique across donors", "emails that are given must stay
    unique", "account numbers are already unique"."""
    said = rx.fullmatch(
        r"(?:the |its |their |an? )?(?P<f>[a-z][a-z ]*?)(?: that (?:are|is) (?:given|set|"
        r"entered|filled in))? (?:must|should|has to|have to|needs? to|are|is) (?:also |always |"
        r"still |already )?(?:be |stay |remain )?unique(?: across (?:all )?(?P<e>[a-z]+))?",
        text,
    )
    if said is None:
        return None
    owner = ctx.vocab.entity(said["e"], fuzzy=False) if said["e"] else None
    entities = [owner.name] if owner else ([ctx.focus] if ctx.focus else [])
    hits = [h for e in entities if (h := ctx.vocab.field_on(e, strip_determiners(said["f"])))]
    if not hits:
        hits = ctx.vocab.field_anywhere(said["f"])
    if len(hits) != 1:
        return None
    hit = hits[0]
    if _is_unique(hit.entity, hit.field, ctx):
        return Reading(notes=[f"{hit.entity}.{hit.field} is already unique."])
    return Reading([SetUnique(entity=hit.entity, field=hit.field)])


def _is_unique(entity: str, name: str, ctx: Context) -> bool:
    for e in ctx.bp.entities if ctx.bp else []:
        if e.name == entity:
            return any(f.unique for f in e.fields if f.name == name)
    return False
