"""Workflows: schedules ("every night at 2am"), queues, events, and removing what the spec
runs (schedules, queues, events, buckets)."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import (
    AddQueue,
    AddSchedule,
    Op,
    RemoveBucket,
    RemoveWorkflow,
)
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.modifiers import CONSTRAINED, read_modifiers
from slipway.assistant.understand.rules_enum import is_choice
from slipway.assistant.understand.rules_events import EMIT, WHEN
from slipway.assistant.understand.rules_w_flows import THAT_WORK, but_keep, that_work
from slipway.assistant.understand.rules_w_notify import same_queue
from slipway.assistant.understand.rules_w_removal import by_deed, by_words
from slipway.assistant.understand.rules_w_schedule import moved
from slipway.assistant.understand.saying_workflows import RECORDS
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.vocab import stems
from slipway.assistant.understand.words import (
    number,
    phrase_at,
    singular,
    snake,
    tokens,
)

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
STOP = {
    "a", "an", "the", "to", "of", "about", "for", "all", "every", "each", "at", "on", "in",
    "and", "with", "their", "our", "them", "it", "that", "is", "are", "be", "should", "we",
    "i", "want", "job", "task", "run", "runs", "schedule", "scheduled", "once", "morning",
    "afternoon", "evening", "night", "week", "day", "month",
}  # fmt: skip


def _time(clause: str) -> tuple[int, int] | None:
    match = rx.search(r"\bat (\d{1,2})(?::(\d{2}))? ?(am|pm|a\.m\.|p\.m\.|o'?clock|h)?\b", clause)
    if match:
        hour, minute = int(match.group(1)) % 24, int(match.group(2) or 0)
        if (match.group(3) or "").startswith("p") and hour < 12:
            hour += 12
        if (match.group(3) or "").startswith("a") and hour == 12:
            hour = 0
        return hour, min(minute, 59)
    if rx.search(r"\bat midnight\b", clause):
        return 0, 0
    if rx.search(r"\bat noon\b|\bat midday\b", clause):
        return 12, 0
    return None


def schedule_expression(clause: str) -> str | None:
    """ "every night at 2am" → ``cron(0 2 * * ? *)``; "every 15 minutes" → ``rate(15 minutes)``."""
    every = rx.search(
        r"\b(?:every|each|once a|once per) (\d+|[a-z]+)(?: (minutes?|hours?|"
        r"days?|weeks?))?\b",
        clause,
    )
    kinds = ("other", "single", "working", "business", "calendar", "week")
    if every and every.group(2) and number(every.group(1)) is None and every.group(1) not in kinds:
        every = None  # "each pickup day has one member in charge": a record, no schedule
    adverb = rx.search(r"\b(daily|nightly|hourly|weekly|monthly)\b", clause)
    at = _time(clause)
    unit = (every.group(2) or every.group(1)) if every else (adverb.group(1) if adverb else None)
    if unit is None:
        return None
    count = number(every.group(1)) if every and every.group(2) else None
    unit = unit.rstrip("s") if unit not in ("days",) else "day"
    hour, minute = at if at else (None, 0)
    part = rx.search(r"\b(morning|afternoon|evening|night)\b", clause)
    if hour is None and part and unit not in ("minute", "hour"):  # "every sunday evening"
        hour = {"morning": 8, "afternoon": 14, "evening": 18, "night": 0}[part.group(1)]
    if unit in ("minute", "hour") or (count and unit in ("minute", "hour", "day")):
        amount = count or 1
        return f"rate({amount} {unit}{'s' if amount > 1 else ''})"
    if unit in DAYS or unit in ("weekday", "weekend", "week", "weekly"):
        dow = {"weekday": "MON-FRI", "weekend": "SAT,SUN", "week": "MON", "weekly": "MON"}.get(
            unit, unit[:3].upper()
        )
        return f"cron({minute} {hour if hour is not None else 8} ? * {dow} *)"
    if unit in ("month", "monthly"):
        return f"cron({minute} {hour if hour is not None else 0} 1 * ? *)"
    defaults = {"morning": 8, "evening": 18, "afternoon": 14, "night": 0, "nightly": 0}
    if unit in ("day", "daily", "night", "nightly", "morning", "evening", "afternoon"):
        hour = hour if hour is not None else defaults.get(unit)
        return f"cron({minute} {hour} * * ? *)" if hour is not None else "rate(1 day)"
    return None


def _without_fields(clause: str, ctx: Context) -> str:
    """The clause with the spec's field names blanked: "monthly price" is not a schedule."""
    words = rx.sub(r"([,;:.!?])", r" \1", clause).split()  # "by nightly rate, can you …"
    for info in ctx.vocab.entities.values():
        for name in info.fields:
            at = phrase_at(words, name) if "_" in name else -1
            if at >= 0:
                words[at : at + len(name.split("_"))] = ["field"]
    return " ".join(words)


JOB_WORDS = (
    r"\b(?:send|sent|e-?mail|mail|notif|remind|generat|run|check|sync|back ?up|clean|purg|delet|"
    r"archiv|export|import|report|comput|calculat|recalculat|refresh|updat|clos|expir|charg|bill|"
    r"invoic|publish|post|process|aggregat|rebuild|reindex|scan|poll|fetch|pull|push|text|alert|"
    r"digest|summar|reconcil|rotat|renew|cancel|prun|remov|collect|download|build|creat|compil|"
    r"warn|ping|escalat|evaluat|recompute|refresh|job|task|batch|cron|newsletter|sms|message|look|"
    r"find|detect|search|watch|monitor|nudge|follow|retr|recover|match|assign|regenerat|roster|"
    r"schedul|sweep|tidy|flag|mark|expire|lock|unlock|releas|open|award|rank|score)\w*"
)
"""Words of a job the system runs; a schedule without one is a remark about time."""


def _acts(clause: str, ctx: Context) -> bool:
    """ "cafes pay monthly": an entity doing something, not a job the system runs; "the nightly
    check can't be null": a field's constraint."""
    said = rx.search(
        r"\b(?:can't|cannot|must|should|has to|needs to|is|are)(?: not)? be (.+)$", clause
    )
    if said and read_modifiers(said.group(1)) is not None:
        return True
    words = rx.sub(r"^(?:the |our |all |each |every |some )", "", clause).split()
    for size in (2, 1):
        if len(words) > size and ctx.vocab.entity(" ".join(words[:size]), fuzzy=False):
            verb = words[size]
            return not rx.fullmatch(
                r"is|are|should|must|will|get|gets|need|needs|have|has|can|could|may", verb
            )
    return False


_SAID_OF = rx.compile(
    r"^(?:the|our|that|this|my) (?:daily|nightly|hourly|weekly|monthly) [a-z]+(?: [a-z]+)? "
    r"(?:takes?|is|are|was|were|hits?|keeps?|feels?|looks?|seems?|fails?|breaks?|crashes|"
    r"times? out|costs?)\b"
)
"""A complaint about something that runs ("the daily report takes ages"): nothing to schedule."""


_HABIT = rx.compile(
    r"^(?P<lead>[^,]+, )?(?:as |because |since )?(?:we|i|they) (?!need|want|would|should|must|"
    r"have|like)"
    r"(?![a-z]+ (?:it|them|this|that)\b)[a-z]+s? [^,]*\b(?:every|each|daily|weekly|monthly|"
    r"nightly)\b[^,]*$"
)
"""What is done anyway, said as the reason for a request before it ("the mobile has to be filled
in, we text the rota out every week"): no job."""


def schedule(clause: str, ctx: Context) -> Reading | None:
    expr = schedule_expression(_without_fields(clause, ctx))
    if is_choice(clause) or _SAID_OF.match(clause) or RECORDS.search(clause):
        return None  # "donations can be monthly or yearly" lists values, it runs nothing
    if expr is None:
        return moved(clause, ctx)  # "the tank check should run at 7am, not 9"
    known = [j.name for j in ctx.bp.workflows.jobs if _mentioned(clause, j.name)] if ctx.bp else []
    if rx.search(r"\b(?:field|column|flag)\b", clause) or (len(known) != 1 and _acts(clause, ctx)):
        return None
    habit = _HABIT.search(clause)
    if habit and not habit["lead"] and f", {clause}" not in (ctx.text or ""):
        habit = None  # "we email owners every monday" alone may be the job asked for
    if rx.search(CONSTRAINED, clause) or habit:
        return None  # "the nightly kiln check must be given": a field's constraint, no job
    if rx.match(r"^(?:stop|cancel|remove|delete|drop|disable|turn off|kill|scrap|ditch|no longer|"
                r"(?:we )?(?:don't|do not) (?:need|want|run|send))\b", clause):  # fmt: skip
        return None  # "stop sending the weekly digest" ends one, it adds none
    action = rx.sub(
        r"\b(?:every|each|once a|once per|per) (?:\d+ )?[a-z]+|\b(?:daily|nightly|"
        r"hourly|weekly|monthly)\b|\bat (?:\d{1,2}(?::\d\d)? ?(?:am|pm|h)?|midnight|noon)"
        r"\b|\bon (?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|"
        r"sundays?)\b",
        " ",
        clause,
    )
    if len(known) != 1 and not rx.search(JOB_WORDS, action):
        return None  # "our bakers start at 3am every day" says when people work, runs nothing
    words = [singular(w) if i else w for i, w in enumerate(rx.findall(r"[a-z]+", action))]
    words = [w for w in words if w not in STOP][:4]
    if not words:
        return ask(
            "What should run on that schedule? For example: 'email members about "
            "overdue loans every night at 2am'."
        )
    name = known[0] if len(known) == 1 else "-".join(words)[:60]
    return Reading([AddSchedule(name=name, schedule=expr)])


def _mentioned(clause: str, name: str) -> bool:
    """ "move the tank check to 3am": every word of the job's name is said (as a stem)."""
    return stems(" ".join(_words(name))) <= stems(clause)


QUEUE_NAMES = (
    r"\b(?:process(?:es|ing)?|send|handle|deliver|generate) (?:the |all |our |incoming |new )?"
    r"([a-z]+(?: [a-z]+)?) (?:through|via|using|with|in|on|asynchronously|in the background|"
    r"async\b)",
    r"\bqueue(?: with (?:an? )?(?:dlq|dead[- ]letter(?: queue)?))? (?:for|of|called|named) "
    r"(?:the )?([a-z]+(?:[ -][a-z]+)?)",
    r"\b(?:the )?([a-z]+)(?: of (?:an?|the|each|every) ([a-z]+))?(?: should| must| will| can| "
    r"has to| needs to| to)? be (?:generated|"
    r"processed|built|created|rendered|sent|handled|made|done) (?:in the background|"
    r"asynchronously|async)\b",
    r"\b(?:handle|send|put|push|deliver) (?:the |all )?([a-z]+(?: [a-z]+)?) (?:through|via|"
    r"using|with|in|on|into) (?:an? )?(?:fifo )?queue",
    r"\b([a-z]+) queue\b",
    r"^(?:the |all |our )?([a-z]+(?: [a-z]+)?)(?: (?:to|for|from) [a-z ]+?)? (?:should |must |"
    r"will |can |need to |needs to )?(?:go|be sent|be processed|be handled|run|flow|pass|be "
    r"queued) (?:through|via|over|using|on|in|into) (?:an? |the )?(?:fifo |sqs |message )?"
    r"queue",
)
"""What goes through a queue, said in its request ("process payments through a queue")."""
NOT_QUEUE_NAMES = {"a", "the", "fifo", "letter", "dead", "message", "own", "separate", "dedicated",
                   "new", "its", "their", "should", "must"}  # fmt: skip


def queue(clause: str, ctx: Context) -> Reading | None:
    if (same := same_queue(clause, ctx)) is not None:
        return same  # "same SMS queue is fine": the one it has
    clause = rx.sub(
        r",?\s+(?:so|so that|in order to|to avoid|to make sure|because)\b.*$", "", clause
    )
    if rx.match(_STOP, clause):
        return None  # "we don't need the X queue any more" removes it
    if not rx.search(
        r"\bqueues?\b|\bfifo\b|\bdlq\b|dead[- ]letter|in the background|"
        r"asynchronous|\basync\b",
        clause,
    ):
        return None
    if rx.search(r"\b(?:field|column|position|number)\b", clause) or rx.search(
        rf"\band {EMIT} {WHEN}", clause
    ):
        return None  # "… a queue for updates and emit an event when …": two requests
    if rx.match(THAT_WORK, clause):
        return that_work(clause, ctx, queue)
    known = [q for q in (ctx.bp.workflows.queues if ctx.bp else []) if _says(clause, q.name)]
    if len(known) == 1:  # "the sequencing jobs queue must be fifo": the one it has
        fifo = bool(rx.search(r"\bfifo\b|\bin order\b|\bordered\b", clause)) or known[0].fifo
        dead = bool(rx.search(r"dead[- ]letter|\bdlq\b", clause)) or known[0].dead_letter
        return Reading([AddQueue(name=known[0].name, fifo=fifo, dead_letter=dead)])
    name = None
    for pattern in QUEUE_NAMES:
        match = rx.search(pattern, clause)
        if match and match.group(1) not in NOT_QUEUE_NAMES:
            name = " ".join(g for g in reversed(match.groups()) if g)  # "pdf of an invoice"
            break
    if name is None:
        return ask(
            "What should go through the queue? For example: 'process payments through a "
            "queue with a dead letter queue'."
        )
    fifo = bool(rx.search(r"\bfifo\b|\bin order\b|\bordered\b", clause))
    dead = bool(rx.search(r"dead[- ]letter|\bdlq\b|failed messages|retr(?:y|ies)", clause))
    slug = "-".join(snake(name).split("_"))
    return Reading([AddQueue(name=slug, fifo=fifo, dead_letter=dead)])


ITEM_KINDS = {"schedule": "schedule", "scheduled": "schedule", "job": "schedule",
              "cron": "schedule", "task": "schedule", "queue": "queue", "event": "event",
              "bucket": "bucket", "storage": "bucket", "store": "bucket",
              "reminder": "schedule"}  # fmt: skip
_STOP = (
    r"^(?:remove|delete|drop|get rid of|stop|cancel|disable|turn off|kill|scrap|ditch|no more|"
    r"(?:we |i )?(?:don't|do not|no longer) (?:need|want|use|do|run|send|publish|emit)|"
    r"(?:we |i )?(?:don't|do not|no longer)(?= [a-z]+ (?:the |our |any |people|them|customers|"
    r"members|users)))"
    r"(?: (?:publishing|sending|running|emitting|firing|doing|raising|using))? "
    r"(?:the |our |that |this |those |these )?"
    r"(?P<what>.+?)(?: any ?more| any longer| now| entirely| completely| altogether| too| as well"
    r"| automatically)?$"
)
_GONE = rx.compile(
    r"^(?:and )?(?:neither is |nor is |same for |also )?(?:the |our |that |this )?(?P<what>.+?) "
    r"(?:can go|can be removed|can be dropped|can be deleted|has to go|must go|should go|is not "
    r"used|isn't used|is no longer used|is not needed|isn't needed|is no longer needed)"
    r"(?: any ?more| any longer| now)?$|^(?:and )?(?:neither|nor) is (?:the |our )?(?P<w2>.+)$"
)
"""A workflow item said to go ("the boarding queue can go", "… and neither is the X event")."""


def remove_workflow(clause: str, ctx: Context) -> Reading | None:
    """ "remove the tank check schedule", "we don't need the nightly report job any more"."""
    text = rx.sub(
        r",? (?:so )?(?:please )?(?:drop|remove|delete|kill|stop|scrap|turn off) (?:it|them|"
        r"(?:that|this|the) (?:job|schedule|task|queue|event|cron|reminder|storage|bucket))$",
        "",
        clause,
    )
    kept = rx.search(r",? (?:but|and|while) (?:please )?(?:keep|leave|retain)\b.*$", text)
    if kept and rx.fullmatch(
        _STOP + r"|(?:remove|drop|delete) (?:it|them|that)", text[: kept.start()]
    ):
        return but_keep(text[: kept.start()], kept.group(0), ctx, remove_workflow, _items(ctx))
    both = rx.split(r",? (?:and )?(?=(?:neither|nor) is )", text)
    if len(both) == 2:  # "the X queue isn't used anymore, and neither is the Y event"
        first, second = remove_workflow(both[0], ctx), remove_workflow(both[1], ctx)
        return Reading([*first.ops, *second.ops]) if first and second else None
    match = rx.match(_STOP, text) or _GONE.match(text)
    if ctx.bp is None:
        return None
    found = _said_items(match, ctx) if match else []
    if len(found) != 1:
        what = (match.group("what") or match.groupdict().get("w2") or "") if match else ""
        item = by_words(what, ctx, _items(ctx)) if what else None
        found = [item] if item else [i for i in [by_deed(text, ctx, _items(ctx))] if i]
    if len(found) != 1:
        return None
    kind, name = found[0]
    op: Op = RemoveBucket(name=name) if kind == "bucket" else RemoveWorkflow(kind=kind, name=name)
    ctx.removed = op
    return Reading([op])


def _said_items(match: re.Match[str], ctx: Context) -> list[tuple[str, str]]:
    what = match.group("what") or match.groupdict().get("w2") or ""
    said = {singular(w) for w in rx.findall(r"[a-z0-9]+", what)}
    said -= {"the", "a", "our", "nightly", "daily", "weekly", "hourly", "monthly", "s3"}
    kinds = {ITEM_KINDS[w] for w in said if w in ITEM_KINDS}
    rest = said - {w for w in said if ITEM_KINDS.get(w)}
    spoken = [w for w in rx.findall(r"[a-z0-9]+", what) if w not in ("the", "a", "our", "s3")]
    flat = "".join(w for w in spoken if not ITEM_KINDS.get(singular(w)))
    return [(k, name) for k, name in _items(ctx) if _names(rest, flat, kinds, k, name)]


def _names(rest: set[str], flat: str, kinds: set[str], kind: str, name: str) -> bool:
    """The words said name the item: all its words ("missed bin follow-up", "chasing unpaid
    invoices" for unpaid-invoice-chase), or some of them with its kind ("the photo storage")."""
    if rest == _words(name) or (rest and kind in kinds and rest <= _words(name)):
        return True
    said, named = stems(" ".join(rest)), stems(" ".join(_words(name)))
    if rest and {w[:5] for w in rest} == {w[:5] for w in _words(name)}:
        return True  # "we don't remind the riders" for rider-reminder: the same roots
    return bool(rest) and (said == named or flat == rx.sub(r"[^a-z0-9]", "", name.lower()))


def _says(clause: str, name: str) -> bool:
    return phrase_at(tokens(clause), rx.sub(r"[-_.]+", " ", name)) >= 0


def _words(name: str) -> set[str]:
    return {singular(w) for w in rx.findall(r"[a-z0-9]+", name.lower())}


def _items(ctx: Context) -> list[tuple[str, str]]:
    assert ctx.bp is not None
    flows, infra = ctx.bp.workflows, ctx.bp.infrastructure
    return (
        [("schedule", j.name) for j in flows.jobs]
        + [("queue", q.name) for q in flows.queues]
        + [("event", e.name) for e in flows.events]
        + [("bucket", b) for b in infra.buckets]
    )
