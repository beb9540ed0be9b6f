"""Workflows said in passing: a queue named by its own name ("a fifo queue readings-ingest with a
dead-letter queue", "an order-events queue"), what a queue carries said at length ("new booking
requests go through a queue"), the queue's kind said afterwards ("the queue is fifo"), failures
sent to a dead letter queue ("failed exports should go to a dead letter queue"), an event put on
the queue just said ("publish order.placed onto it"), an event said as who must be told ("when an
order is placed, the warehouse wants to be told … an event that goes onto a queue"), a job said
by what it does ("nightly job at 03:00 that closes stale orders", "an hourly reconcile job") or
by a time in a sentence of its own ("… remind them the evening before? like every day at 6pm")."""

from __future__ import annotations

from difflib import get_close_matches

from slipway.assistant import rx
from slipway.assistant.operations import AddEvent, AddQueue, AddSchedule, Op
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.rules_workflows import JOB_WORDS, STOP, schedule_expression
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import singular, snake

_NAMED = rx.compile(
    r"\b(?:an? |the )?(?:(?P<f1>fifo) )?(?:sqs )?queue (?:called |named )?(?P<a>[a-z][a-z0-9]*"
    r"(?:-[a-z0-9]+)+)\b|\b(?:an? |the )?(?:(?P<f2>fifo) )?(?P<b>[a-z][a-z0-9]*(?:-[a-z0-9]+)+)"
    r" (?:fifo )?queue\b"
)
"""A queue said with its own name, hyphenated ("queue sensor-alerts", "an order-events queue")."""
_DEAD = rx.compile(r"dead[- ]letter|\bdlq\b")
_FIFO = rx.compile(r"\bfifo\b|\bin (?:the )?order\b|\bfirst[- ]in[,-]? first[- ]out\b")


def named_queue(clause: str, ctx: Context) -> Reading | None:
    """ "put them on a fifo queue readings-ingest with a dead-letter queue"."""
    if not rx.search(r"\bqueue\b", clause) or rx.search(r"\b(?:remove|drop|delete)\b", clause):
        return None
    found = [m for m in _NAMED.finditer(clause) if "dead-letter" not in m.group(0)]
    if len(found) != 1 or rx.search(r"\b(?:event|publish|emit|fire|raise)\b|[a-z]\.[a-z]", clause):
        return None
    said = found[0]
    name = said.group("a") or said.group("b")
    if name is None or rx.fullmatch(r"dead-letter|first-in.*", name):
        return None
    fifo = bool(said.group("f1") or said.group("f2") or _FIFO.search(clause))
    return Reading([AddQueue(name=name, fifo=fifo, dead_letter=bool(_DEAD.search(clause)))])


_CARRIED = rx.compile(
    r"^(?:the |all |our |any |every )?(?P<what>[a-z]+(?: (?!to|should|must|will|need|needs|have"
    r"|has)[a-z]+){0,2}) (?:to |should |must |"
    r"will |need to |needs to |have to |has to )?(?:go|pass|flow|be sent|be processed|be handled|"
    r"be queued) (?:through|via|over|into|onto|on) (?:an? |the )?(?:fifo |sqs |message )?queue"
    r"(?: so .*| in order .*)?$"
)


def carried(clause: str, ctx: Context) -> Reading | None:
    """ "new delivery requests go through a queue": the queue carries them; fifo and dead
    letters said anywhere in the message ("the queue is FIFO …") are its kind."""
    said = _CARRIED.match(clause)
    if said is None:
        return None
    words = [w for w in said.group("what").split() if w not in ("new", "incoming", "all")]
    if not words:
        return None
    name = "-".join(snake(" ".join(words)).split("_"))
    return Reading([AddQueue(name=name, **_kind(ctx.text or clause))])


def _kind(text: str) -> dict[str, bool]:
    return {"fifo": bool(_FIFO.search(text)), "dead_letter": bool(_DEAD.search(text))}


_ITS_KIND = rx.compile(
    r"^(?:acceptance(?: criteria)?: )?(?:and )?(?:the|that|this) queue (?:is|should be|must be|"
    r"has to be|needs to be) (?:a )?(?:fifo|ordered|first[- ]in[,-]? first[- ]out)\b.*$|"
    r"^(?:and )?(?:messages|items|ones|requests|jobs) that (?:keep failing|fail|failed)\b.*"
    r"\b(?:dead[- ]letter|dlq)\b.*$"
)


def its_kind(clause: str, ctx: Context) -> Reading | None:
    """ "the queue is fifo and failing messages land in a dead letter queue": the kind of the
    one queue the message (or else the spec) has."""
    if _ITS_KIND.match(clause) is None:
        return None
    names = _queues_said(ctx)
    if len(names) != 1:
        return None
    kind = _kind(clause)
    known = {q.name: q for q in (ctx.bp.workflows.queues if ctx.bp else [])}
    if names[0] in known:
        was = known[names[0]]
        kind = {
            "fifo": kind["fifo"] or was.fifo,
            "dead_letter": kind["dead_letter"] or was.dead_letter,
        }
    else:
        kind = {k: v or _kind(ctx.text or "")[k] for k, v in kind.items()}
    return Reading([AddQueue(name=names[0], **kind)])


def _queues_said(ctx: Context) -> list[str]:
    """The queues the message adds (by its own rules), else the spec's queues."""
    said: list[str] = []
    for sentence in rx.split(r"[.;!?]\s+|[:,]\s+(?:and\s+|plus\s+)?", ctx.text or ""):
        for rule in (named_queue, carried):
            found = rule(sentence.strip(" ."), ctx)
            said += [op.name for op in (found.ops if found else []) if isinstance(op, AddQueue)]
    if said:
        return list(dict.fromkeys(said))
    return [q.name for q in (ctx.bp.workflows.queues if ctx.bp else [])]


_FAILED = rx.compile(
    r"^(?:any |all |the )?(?:failed|failing) (?P<what>[a-z]+(?: (?!should|must|need|needs|have|has|"
    r"will|to\b)[a-z]+)?) (?:should|must|need to|"
    r"needs to|have to|has to|will|to)? ?(?:go|land|end up|be (?:sent|put|moved|parked)) "
    r"(?:to|in|into|on|onto) (?:an? |the )?(?:dead[- ]letter queue|dlq)\b"
)


def failed_to_dlq(clause: str, ctx: Context) -> Reading | None:
    """ "failed exports should go to a dead letter queue": a queue of them, with dead letters."""
    said = _FAILED.match(clause)
    if said is None:
        return None
    name = "-".join(snake(singular(said.group("what"))).split("_"))
    return Reading([AddQueue(name=name, fifo=bool(_FIFO.search(clause)), dead_letter=True)])


_ONTO = rx.compile(
    r"^(?:and )?(?:publish|emit|send|put|push|fire|raise) (?:an? |the )?(?:event )?"
    r"(?P<n>[a-z][\w\-]*\.[\w.\-]+)(?: events?)? (?:onto|on|to|into) (?P<q>it|that|that queue|"
    r"this queue|the queue|(?:the )?[a-z][a-z0-9\-]* queue)$"
)


def onto_queue(clause: str, ctx: Context) -> Reading | None:
    """ "publish order.placed onto it": an event on the queue the message just added; "onto the
    invoicing queue" on a spec without it adds the queue too."""
    said = _ONTO.match(clause)
    if said is None:
        return None
    target = rx.sub(r"^(?:the )| queue$", "", said.group("q"))
    if target in ("it", "that", "this", "the", "that queue", "this queue"):
        names = _queues_said(ctx)
        if len(names) != 1:
            return None
        target = names[0]
    event = AddEvent(name=said.group("n")[:80], target=target)
    known = [q.name for q in (ctx.bp.workflows.queues if ctx.bp else [])]
    if target in known or target in _queues_said(ctx):
        return Reading([event])
    near = get_close_matches(target, known, n=1, cutoff=0.8)
    if near:  # "onto the booking-event queue" with booking-events: a slip, not a new one
        return Reading(question=f"There is no queue {target}. Did you mean {near[0]}?")
    return Reading([AddQueue(name=target), event])  # "… onto a queue called invoicing": new


_WHEN = rx.compile(
    r"\b(?:when|whenever|each time|every time|once|as soon as) (?:an? |the )?(?P<s>[a-z]+"
    r"(?: [a-z]+)?) (?:is|are|gets|get|has been|was) (?P<v>[a-z]+ed)\b"
)
_TOLD = rx.compile(
    r"\b(?:wants?|needs?|would like|should|must|has|have) (?:to )?be (?:told|notified|informed|"
    r"alerted|pinged|updated)\b"
)


def told_when(clause: str, ctx: Context) -> Reading | None:
    """ "when an order is placed, the warehouse wants to be told": the event order.placed; on a
    queue when the message asks for one ("… an event that goes onto a queue")."""
    about_event = rx.search(r"\bevent\b", clause) and rx.search(r"\bqueue\b", clause)
    if _WHEN.search(clause) and not _TOLD.search(clause):
        return None  # "an event when a quote is accepted, sent to …": the event rules'
    if not _WHEN.search(clause) and (not about_event or _NAMED.search(clause)):
        return None
    said = _WHEN.search(clause) or _WHEN.search(ctx.text or "")
    if said is None or rx.search(r"[a-z]\.[a-z]", clause):
        return None
    hit = ctx.vocab.entity(said.group("s"))
    if hit is None:
        return None
    name = f"{snake(hit.name)}.{said.group('v')}"
    if not rx.search(r"\bqueue\b", ctx.text or ""):
        return Reading([AddEvent(name=name)])
    queue = f"{snake(hit.name).replace('_', '-')}-events"
    return Reading(
        [AddQueue(name=queue, **_kind(ctx.text or "")), AddEvent(name=name, target=queue)]
    )


_JOB = rx.compile(
    r"^(?:add |create |set up |schedule |we need |i need )?(?:an? |the )?(?:(?P<adv>hourly|daily|"
    r"nightly|weekly|monthly) )?(?:(?P<pre>[a-z]+(?: [a-z]+)?) )?(?:job|task|cron(?: job)?)"
    r"(?P<when>(?: (?:at|every|on) [\w:]+(?: (?:am|pm|utc|gmt))?)*)(?: (?:that|which|to) "
    r"(?P<what>.+))?$"
)


def job(clause: str, ctx: Context) -> Reading | None:
    """ "nightly job at 03:00 utc that auto-closes stale work orders", "an hourly reconcile job"."""
    said = _JOB.match(rx.sub(r"^[a-z]+(?: [a-z]+)?: ", "", clause))
    if said is None or not (said.group("pre") or said.group("what")):
        return None
    when = rx.sub(r"\bhourly\b", "every hour", clause)
    expr = schedule_expression(when)
    if expr is None:
        return None
    words = rx.findall(r"[a-z]+", f"{said.group('pre') or ''} {said.group('what') or ''}")
    if not rx.search(JOB_WORDS, " ".join(words)):
        return None
    kept = [_base(w) for w in words]
    name = "-".join(w for w in kept if w not in STOP)[:60].strip("-")
    return Reading([AddSchedule(name=name, schedule=expr)]) if name else None


def _base(word: str) -> str:
    """ "closes" → close, "archives" → archive, "batches" → batch, "entries" → entry."""
    if rx.search(r"[^aeiou]ies$", word):
        return word[:-3] + "y"
    if rx.search(r"(?:ch|sh|ss|x|z)es$", word):
        return word[:-2]
    return word[:-1] if rx.search(r"[^su]s$", word) and len(word) > 3 else word


_ONLY_WHEN = rx.compile(
    r"^(?:like|say|maybe|e\.?g\.?|for example|something like|ideally|probably)?,? ?"
    r"(?P<t>(?:every|each|once a) [a-z]+(?: at [\w:]+(?: ?(?:am|pm))?)?|(?:daily|nightly|weekly)"
    r"(?: at [\w:]+(?: ?(?:am|pm))?)?)$"
)


def time_after(clause: str, ctx: Context) -> Reading | None:
    """ "… text them a reminder the evening before their shift? like every day at 6pm": the time
    of the job said in the sentence before."""
    said = _ONLY_WHEN.match(clause)
    if said is None or not ctx.text:
        return None
    expr = schedule_expression(said.group("t"))
    at = ctx.text.find(clause)
    before = rx.split(r"[.!?;]\s+", ctx.text[:at].strip(" .!?;"))[-1] if at > 0 else ""
    if expr is None or not rx.search(JOB_WORDS, before):
        return None
    action = rx.sub(
        r"^(?:is it possible to|can we|could we|could you|can you|we want to|we need to|i want "
        r"to|please)\s+|\b(?:the )?(?:morning|evening|night|day|afternoon) before\b.*$",
        "",
        before,
    )
    words = [w for w in rx.findall(r"[a-z]+", action) if w not in STOP and len(w) > 1][:4]
    if not words:
        return None
    return Reading([AddSchedule(name="-".join(singular(w) for w in words)[:60], schedule=expr)])


def kinds(text: str) -> set[str]:
    """The kinds of workflow item a text speaks of."""
    found = set()
    if rx.search(r"\bqueue\b|\bdlq\b", text):
        found.add("queue")
    if rx.search(r"\b(?:job|task|cron|nightly|hourly|daily|weekly|monthly|every)\b", text):
        found.add("schedule")
    if rx.search(r"\b(?:publish|emit|event)\b|[a-z]\.[a-z]", text):
        found.add("event")
    return found


def apart(clause: str, ctx: Context) -> Reading | None:
    """ "a nightly job that …, plus a queue x with a dlq": items of different kinds in one
    clause, each read on its own."""
    parts = [p for p in rx.split(r",\s+(?:and\s+|plus\s+|also\s+)?|\s+plus\s+", clause) if p]
    if len(parts) < 2 or len(set().union(*(kinds(p) for p in parts))) < 2:
        return None
    if any(len(kinds(p)) > 1 and "queue" not in kinds(p) for p in parts):
        return None
    if any(
        rx.match(r"(?:when|whenever|if|once|after|sent|send it|and send it)\b", p) for p in parts
    ):
        return None  # "an event when a quote is accepted, sent to the x queue": one request
    events = [p for p in parts if kinds(p) == {"event"}]
    if events and not all(_ONTO.match(p) for p in events):
        return None
    from importlib import import_module

    reader = import_module("slipway.assistant.understand")  # the rules' reader, at call time
    state = ctx.snapshot()
    ops: list[Op] = []
    notes: list[str] = []
    for part in parts:
        found: Reading | None = reader.read_clause(part.strip(), ctx)
        if found is None or found.question or not found.ops:
            ctx.restore(state)
            return None
        ops += found.ops
        notes += found.notes
    return Reading(ops, notes)
