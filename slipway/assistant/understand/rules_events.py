"""A named event sent onto a queue in one message: "when a parcel ships, emit parcel.shipped and
push it onto a dispatch queue", "raise tank.low and queue it on refills", "publish a
door.opened event onto the alerts queue"."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import AddEvent, AddQueue, Op
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading

_NAMED = rx.compile(
    r"\b(?:emit|publish|fire|raise|send|trigger|broadcast|post)(?:s|es)? (?:out )?(?:an? |the )?"
    r"(?P<n>[a-z][a-z0-9_\-]*\.[a-z][a-z0-9_.\-]*)(?: event| message| notification)?\b"
)
_ONTO = rx.compile(
    r"\b(?:on|onto|to|into|through|via|in|on to) (?:an? |the |our )?(?:new )?"
    r"(?P<q>[a-z][a-z0-9\-]*)(?P<word> queue)?\b"
)


def named_event(clause: str, ctx: Context) -> Reading | None:
    said = _NAMED.search(clause)
    if said is None or not rx.search(r"\bqueues?\b", clause):
        return None
    rest = clause[said.end() :]
    target = _ONTO.search(rest)
    if target is None or target.group("q") in ("it", "them", "a", "the", "fifo", "sqs"):
        return None
    if not target.group("word") and not rx.search(r"\bqueue (?:it|them)\b", rest):
        return None  # "… onto X" names the queue only with the word queue or "queue it on X"
    queue = target.group("q").strip("-")
    known = [q.name for q in ctx.bp.workflows.queues] if ctx.bp else []
    ops: list[Op] = []
    if queue not in known:
        fifo = bool(rx.search(r"\bfifo\b", clause))
        ops.append(AddQueue(name=queue, fifo=fifo, dead_letter="dead letter" in clause))
    ops.append(AddEvent(name=said.group("n").strip(".-")[:80], target=queue))
    return Reading(ops)
