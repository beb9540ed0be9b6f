"""An entity renamed or removed, said in prose or in SQL: "rename the Recital in Performance",
"Owner should be called RightsHolder — …", "can we call the entity BusStop instead?", "Season →
Split everywhere", "ALTER TABLE storage_units RENAME TO freezers", "drop Warden from here",
"take Purchase out", "DROP TABLE customers CASCADE"; and the remarks that go with them ("keep
the FKs consistent", "entity should be Freezer", "wardens are managed in the HR tool now").

Only an entity the spec has, named exactly, is renamed or removed; anything else is passed on."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import RemoveEntity, RenameEntity
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import pascal, strip_determiners

_KIND = r"(?: (?:entity|table|model|record type|records?))?"
_NEW = r"(?P<new>[a-z][a-z0-9]*)"
_REMARK = r"(?:\s*(?:\u2014|\u2013|--| - |\(|;|,? because\b|,? since\b|,? as\b).*)?"
RENAMES = (
    rf"^rename (?:the )?(?P<old>[a-z][a-z_ ]*?){_KIND} (?:in|into|as|with) (?:the )?{_NEW}$",
    rf"^(?:the )?(?P<old>[a-z][a-z_ ]*?){_KIND} (?:should|must|shall|will|needs to|has to) "
    rf"(?:be|get) (?:called|named|renamed(?: to| as)?|known as) {_NEW}(?: instead)?{_REMARK}$",
    rf"^(?P<old>[a-z][a-z_ ]*?) ?(?:->|=>|→) ?{_NEW} (?:everywhere|throughout|across the board|"
    r"in the whole spec|all over)$",
    r"^(?:alter|rename) table (?P<old>[a-z][a-z0-9_]*) (?:rename )?to (?P<new>[a-z][a-z0-9_]*)$",
)
"""A rename of an entity: the old name the spec's, the new one a single word."""
NOT_NAMES = {
    "back", "first", "later", "again", "soon", "before", "after", "daily", "weekly", "monthly",
    "often", "once", "twice", "out", "off", "up", "now", "then", "too", "also", "immediately",
    "automatically", "regularly", "promptly", "anything", "something", "whatever", "that", "this",
}  # fmt: skip
"""Words after "should be called" that are no name ("customers should be called back")."""
CALL_IT = rx.compile(
    r"^(?:call|name|rename) (?:the|that|this) (?:entity|table|model) (?:to |as )?"
    rf"{_NEW}(?: instead)?$"
)
"""The entity the message named ("the name 'Stop' keeps confusing …"), called something else."""


def renamed(clause: str, ctx: Context) -> Reading | None:
    for pattern in RENAMES:
        match = rx.match(pattern, clause)
        if match is None:
            continue
        old = ctx.vocab.entity(strip_determiners(match["old"].replace("_", " ")), fuzzy=False)
        new = pascal(match["new"].replace("_", " "))
        if old is None or not new or new == old.name or ctx.vocab.entity(new, fuzzy=False):
            return None
        if match["new"] in NOT_NAMES or len(match["new"]) < 3:
            return None  # "customers should be called first": no new name
        return _rename(old.name, new, ctx)
    called = CALL_IT.match(clause)
    if called is not None:
        new = pascal(called["new"])
        named = [e for e in ctx.vocab.find_entities(ctx.text) if e != new]
        if len(named) != 1 or ctx.vocab.entity(new, fuzzy=False):
            return None
        return _rename(named[0], new, ctx)
    return None


def _rename(old: str, new: str, ctx: Context) -> Reading:
    ctx.focus = old
    return Reading([RenameEntity(name=old, new_name=new)])


REMOVALS = (
    rf"^(?:drop|remove|delete|take|get rid of|lose|kill) (?:the )?(?P<x>[a-z][a-z_ ]*?){_KIND} "
    r"(?:out|out of (?:here|the spec|the system|this|it)|from here|from the spec|from the "
    r"system|from (?:this|the) (?:app|model|schema|spec|system)|altogether|entirely|completely)$",
    r"^drop table(?: if exists)? (?P<x>[a-z][a-z0-9_]*)(?: cascade| restrict)?$",
)
"""An entity taken out of the spec ("drop Warden from here", "take Purchase out")."""


def removed(clause: str, ctx: Context) -> Reading | None:
    for pattern in REMOVALS:
        match = rx.match(pattern, clause)
        if match is None:
            continue
        hit = ctx.vocab.entity(strip_determiners(match["x"].replace("_", " ")), fuzzy=False)
        if hit is None or not hit.exact:
            return None
        op = RemoveEntity(name=hit.name)
        ctx.removed = op
        return Reading([op])
    return None


ELSEWHERE = rx.compile(
    r"^(?:the |our )?(?P<x>[a-z][a-z_ ]*?) (?:are|is) (?:now )?(?:managed|kept|handled|tracked|"
    r"recorded|stored|done|looked after|dealt with) (?:in|by|through|elsewhere|outside)\b.*$"
)
"""A reason for a removal ("wardens are managed in the HR tool now"): nothing to change."""


def remark(clause: str, ctx: Context) -> Reading | None:
    """What goes with a rename or a removal and asks for nothing more."""
    if rx.match(
        r"^(?:and )?(?:keep|make sure|update) (?:the |all )?(?:fks|foreign keys|references|refs|"
        r"links|relations(?:hips)?)(?: (?:are |stay |remain ))?(?: consistent| in sync| intact| "
        r"updated| pointing (?:to|at) it| working)?(?: too| as well)?$",
        clause,
    ):
        return Reading(notes=["The references to it are renamed with it."])
    said = rx.match(
        r"^(?:the )?(?:entity|model|table|class)(?: name)? (?:should be|is|will be|must be|"
        r"becomes?)(?: called| named)? (?P<n>[a-z][a-z0-9]*)$",
        clause,
    )
    if said is not None:
        to = rx.search(r"\brename (?:table [a-z0-9_]+ )?to (?P<t>[a-z][a-z0-9_]*)", ctx.text)
        named = pascal(said["n"])
        if to is not None and pascal(to["t"].replace("_", " ")) == named:
            return Reading(notes=[f"The entity is {named}."])
        return None
    kept = rx.match(r"^(?P<e>[a-z][a-z_ ]*?) keeps? (?:only )?(?P<f>[a-z][a-z0-9_]*)(?: only)?$",
                    clause)  # fmt: skip
    gone = ctx.removed.name if isinstance(ctx.removed, RemoveEntity) else None
    if kept is not None and gone is not None:
        owner = ctx.vocab.entity(kept["e"], fuzzy=False)
        fields = ctx.vocab.entities[owner.name].fields if owner else {}
        others = {k: v for k, v in fields.items() if k != kept["f"]}
        if kept["f"] in fields and all(v == f"ref:{gone}" for v in others.values()):
            return Reading(notes=[f"{owner.name if owner else ''} keeps {kept['f']}."])
    if rx.match(
        r"^(?:that|this|it)(?: is|'s) (?:the (?:word|name|term)|what) (?:we|they|people|everyone|"
        r"the [a-z]+|our [a-z]+) (?:use|uses|call|calls|say|says)\b.*$",
        clause,
    ) and rx.search(r"\b(?:renamed?|called|call)\b|->|→|=>", ctx.text):
        return Reading(notes=[])  # "…, that's what the community calls them"
    elsewhere = ELSEWHERE.match(clause)
    if (
        elsewhere is not None
        and ctx.vocab.entity(elsewhere["x"], fuzzy=False) is not None
        and rx.search(r"\b(?:drop|remove|delete|take|get rid of)\b", ctx.text)
    ):
        return Reading(notes=[])
    return None
