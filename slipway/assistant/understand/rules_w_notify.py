"""An event asked for as a message to people: "is it possible to tell the crew when a work order
gets created?", "can we also text them when a part they're waiting for arrives? Same SMS queue
is fine" (the event of the entity and its deed, on the queue the message points at)."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import AddEvent, Op
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.rules_w_removal import roots
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import snake

_TOLD = rx.compile(
    r"^(?:(?:and |so |also |then )*(?:please |we (?:also )?(?:want|need) to |(?:can|could) (?:we|"
    r"you) (?:also )?|(?:is it|it'd be|it would be) (?:possible|nice|good|great) to )?(?:also )?)"
    r"(?:tell|text|sms|e-?mail|notify|ping|alert|message|inform|warn|let)(?: (?P<who>[a-z' ]+?))?"
    r"(?: know)?(?: somehow| automatically| straight away| right away| too| as well)? (?:when|"
    r"whenever|each time|every time|as soon as|once) (?P<what>.+)$"
)
_DONE = rx.compile(
    r"^(?:[a-z' ]+ )?(?:is|are|gets|get|got|was|has been|have been|becomes) (?P<v>[a-z]+)$|"
    r"^(?:[a-z' ]+ )?(?P<s>[a-z]+s)(?: (?P<p>up|in|out|off|over|back|down))?$"
)
_IRREGULAR = {"comes": "came", "goes": "gone", "pays": "paid", "breaks": "broken",
              "leaves": "left", "begins": "begun", "sells": "sold", "gets": "got"}  # fmt: skip


def _past(verb: str) -> str:
    """ "arrives" → arrived, "ships" → shipped, "created" stays."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if not verb.endswith("s") or verb.endswith("ss"):
        return verb
    stem = verb[:-2] if rx.search(r"(?:s|sh|ch|x|z)es$", verb) else verb[:-1]
    if stem.endswith("ie") or stem.endswith("e"):
        return stem + "d"
    if stem.endswith("y") and stem[-2:-1] not in "aeiou":
        return stem[:-1] + "ied"
    if rx.fullmatch(r"[a-z]{0,2}[^aeiou][aeiou][bdgmnpt]", stem):
        return stem + stem[-1] + "ed"
    return stem + "ed"


def told_event(clause: str, ctx: Context) -> Reading | None:
    """The entity said first after "when", and what happens to it, as ``entity.deed``."""
    said = _TOLD.match(clause)
    if said is None or ctx.bp is None or rx.search(r"\balready\b", clause):
        return None
    what = rx.sub(r"^(?:an? |the |one of (?:the|our) |any )", "", said.group("what"))
    spans = ctx.vocab.mentions(what)
    if not spans or spans[0][0] != 0:
        return None
    deed = _DONE.match(what[spans[0][1] :].strip())
    if deed is None:
        return None
    done = "_".join(w for w in (_past(deed.group("v") or deed.group("s")), deed.group("p")) if w)
    name = f"{snake(spans[0][2])}.{done}"
    if name in {e.name for e in ctx.bp.workflows.events}:
        return Reading(notes=[f"The event {name} is there already."])
    target = said_queue(ctx)
    ops: list[Op] = [AddEvent(name=name, target=target)]
    return Reading(ops)


_QUEUE = rx.compile(r"\b(?:same|the|our|existing|that) (?P<q>[a-z][a-z\- ]*?) queue\b")


def said_queue(ctx: Context) -> str | None:
    """The one queue of the spec the message points at ("same SMS queue is fine")."""
    assert ctx.bp is not None
    found = {
        q.name
        for m in _QUEUE.finditer(ctx.text or "")
        for q in ctx.bp.workflows.queues
        if roots(m.group("q")) and roots(m.group("q")) <= roots(q.name)
    }
    return found.pop() if len(found) == 1 else None


def same_queue(clause: str, ctx: Context) -> Reading | None:
    """ "same SMS queue is fine": the queue the spec has, pointed at, nothing new."""
    if ctx.bp is None or not rx.match(
        r"^(?:use |put it on |on )?(?:the )?same (?:[a-z][a-z\- ]*? )?queue(?: as before| is fine| "
        r"works| will do| is ok(?:ay)?| please| then)?$",
        clause,
    ):
        return None
    queue = said_queue(ctx)
    return Reading(notes=[f"It goes on the queue {queue}." if queue else "The same queue."])
