"""Events: a named event sent onto a queue in one message ("when a parcel ships, emit
parcel.shipped and push it onto a dispatch queue", "raise tank.low and queue it on refills",
"publish a door.opened event onto the alerts queue"), and an event said by when it happens ("emit
an event when a brew starts fermenting", "fire an event when a dog is picked up")."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import AddEvent, AddQueue, Op
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.rules_w_notify import told_event
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import past, snake, strip_determiners

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


EMIT = (
    r"(?:emit|publish|fire|raise|send|trigger|broadcast|post|need|want|add|create|put|push|drop|"
    r"place|enqueue)s?(?: off| out)? "
    r"(?:an? |the )?(?:(?P<n>[a-z]"
    r"[\w\-]*\.[\w.\-]+) |(?P<said>[a-z]+(?: [a-z]+){0,2}) (?=event\b))?(?:event|notification|"
    r"message|e-?mail|sms|text message|alert|webhook|push notification)"
)
WHEN = (
    r"(?:when|whenever|each time|every time|once|after|if) (?:an? |the )?"
    r"(?P<s>[a-z]+(?: [a-z]+)?) "
    r"(?:(?:is|are|gets|get|was|has been|becomes?|turns?) (?:marked (?:as )?|set (?:to |as )?|"
    r"moved to |flagged (?:as )?)?(?P<v>[a-z]+)(?: (?P<vp>in|out|up|off|back|over|down|late|"
    r"early)(?=$|[,.;]| and | then ))?|"
    r"(?P<w>(?:starts?|begins?|stops?|finish(?:es)?|ends?) [a-z]+ing|[a-z]+s)\b(?: (?P<pp>in|out|"
    r"up|off|back|over|down)\b)?)"
)


def event(clause: str, ctx: Context) -> Reading | None:
    """ "emit an event when a brew starts fermenting", "publish an inspection.failed event when
    an inspection fails and handle it on a queue"."""
    if (told := told_event(clause, ctx)) is not None:
        return told  # "tell the crew when a work order gets created"
    match = (
        rx.search(rf"\b{EMIT} {WHEN}", clause)
        or rx.match(rf"^{WHEN},? {EMIT}\b", clause)
        or rx.match(
            rf"^(?:an? |the |one )?(?:new )?(?:(?P<n>[a-z][\w\-]*\.[\w.\-]+) )?event {WHEN}",
            clause,
        )
    )
    if match is None or rx.search(r"\bqueue\b.* and $", clause[: match.start()]):
        return None  # "add a queue for updates and emit an event when …": two requests
    hit = ctx.vocab.entity(match.group("s"))
    subject = snake(hit.name) if hit else snake(strip_determiners(match.group("s")))
    said = match.groupdict().get("said")
    words = said.split() if said else []
    named = f"{snake(words[0])}.{snake(' '.join(words[1:]))}" if len(words) > 1 else None
    done = snake(match.group("v") or match.group("w"))
    if match.group("vp"):  # "when a dog is picked up": dog.picked_up
        done = f"{done}_{match.group('vp')}"
    if match.group("pp"):  # "when a dog checks out": dog.checked_out
        done = f"{past(match.group('w'))}_{match.group('pp')}"
    name = match.group("n") or named or f"{subject}.{done}"
    target = rx.search(r"\b(?:to|on|into|onto|through|via) (?:an? |the )?(?:new )?(?!(?:an?|the|"
                       r"new|some)\b)([a-z][a-z\-]*) queue\b", clause)  # fmt: skip
    queue_name = target.group(1) if target and target.group(1) not in ("fifo", "sqs") else None
    if queue_name is None and rx.search(r"\bqueue\b", clause):
        queue_name = f"{subject.replace('_', '-')}-events"
    ops: list[Op] = []
    known = [q.name for q in ctx.bp.workflows.queues] if ctx.bp else []
    if queue_name and queue_name not in known:
        fifo = bool(rx.search(r"\bfifo\b", clause))
        ops.append(AddQueue(name=queue_name, fifo=fifo, dead_letter="dead letter" in clause))
    ops.append(AddEvent(name=name[:80], target=queue_name))
    return Reading(ops)
