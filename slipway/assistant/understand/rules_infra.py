"""Infrastructure and workflows: database, region, tracing, alarms, logs, schedules, queues,
events."""

from __future__ import annotations

import re

from slipway.assistant.operations import (
    AddEvent,
    AddQueue,
    AddSchedule,
    Op,
    SetDatabase,
    SetInfraFlag,
    SetLogRetention,
    SetRegion,
)
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.rules_enum import is_choice
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.words import number, singular, snake

NEGATION = re.compile(
    r"\b(?:turn off|switch off|disable|remove|drop|no|without|stop|don't|do not|no longer|"
    r"get rid of)\b"
)
PLACES = {
    "ireland": "eu-west-1",
    "dublin": "eu-west-1",
    "london": "eu-west-2",
    "uk": "eu-west-2",
    "paris": "eu-west-3",
    "france": "eu-west-3",
    "frankfurt": "eu-central-1",
    "germany": "eu-central-1",
    "zurich": "eu-central-2",
    "stockholm": "eu-north-1",
    "sweden": "eu-north-1",
    "milan": "eu-south-1",
    "italy": "eu-south-1",
    "spain": "eu-south-2",
    "virginia": "us-east-1",
    "ohio": "us-east-2",
    "california": "us-west-1",
    "oregon": "us-west-2",
    "canada": "ca-central-1",
    "montreal": "ca-central-1",
    "brazil": "sa-east-1",
    "sao paulo": "sa-east-1",
    "tokyo": "ap-northeast-1",
    "japan": "ap-northeast-1",
    "seoul": "ap-northeast-2",
    "korea": "ap-northeast-2",
    "singapore": "ap-southeast-1",
    "sydney": "ap-southeast-2",
    "australia": "ap-southeast-2",
    "mumbai": "ap-south-1",
    "india": "ap-south-1",
}
FLAGS = (
    (r"\b(?:x-?ray|tracing|traces|distributed tracing)\b", "tracing"),
    (r"\b(?:alarms?|alerts?|alerting|monitoring)\b", "alarms"),
    (r"\b(?:structured logging|structured logs|json logs|json logging)\b", "structured_logging"),
    (r"\b(?:point[- ]in[- ]time recovery|pitr)\b", "point_in_time_recovery"),
    (r"\b(?:backups?|back ups?)\b", "backups"),
)
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
STOP = {
    "a", "an", "the", "to", "of", "about", "for", "all", "every", "each", "at", "on", "in",
    "and", "with", "their", "our", "them", "it", "that", "is", "are", "be", "should", "we",
    "i", "want", "job", "task", "run", "runs", "schedule", "scheduled", "once",
}  # fmt: skip


def database(clause: str, ctx: Context) -> Reading | None:
    if re.search(r"\b(?:mysql|mariadb|sql server|oracle|mongo(?:db)?|sqlite)\b", clause):
        return ask("I can deploy PostgreSQL or DynamoDB. Which one should the app use?")
    match = re.search(
        r"\b(postgres(?:ql)?|aurora|rds|relational database|sql database|"
        r"dynamo(?:db)?|nosql|key[- ]value store)\b",
        clause,
    )
    if match is None or not re.search(
        r"\b(?:use|run|switch|move|migrate|database|db|store|"
        r"on|with|change|prefer|want|need|go|back)\b",
        clause,
    ):
        return None
    db = "dynamodb" if re.match(r"dynamo|nosql|key", match.group(1)) else "postgres"
    return Reading([SetDatabase(database=db)])


def region(clause: str, ctx: Context) -> Reading | None:
    match = re.search(
        r"\b([a-z]{2}(?:-gov)?-(?:north|south|east|west|central|northeast|"
        r"southeast|northwest|southwest)-\d)\b",
        clause,
    )
    if match:
        return Reading([SetRegion(region=match.group(1))])
    if not re.search(r"\b(?:deploy|host|run|move|region|located|based|live|serve|put)\b", clause):
        return None
    for place, code in PLACES.items():
        if re.search(rf"\b(?:in|to|near|from) (?:the )?{place}\b", clause):
            ctx.notes.append(f"{place.title()} is AWS region {code}.")
            return Reading([SetRegion(region=code)])
    if re.search(r"\b(?:in|to) (?:the )?(?:eu|europe|us|usa|america|asia)\b", clause):
        return ask(
            "Which AWS region exactly? For example eu-west-1 (Ireland), eu-central-1 "
            "(Frankfurt), us-east-1 (Virginia) or us-west-2 (Oregon)."
        )
    return None


def log_retention(clause: str, ctx: Context) -> Reading | None:
    if not re.search(r"\blogs?\b|\blogging\b", clause) or "audit" in clause:
        return None
    match = re.search(
        r"\b(\d+|an?|one|two|three|four|five|six|seven|ten|twelve|fourteen|thirty|"
        r"sixty|ninety) (day|week|month|year)s?\b",
        clause,
    )
    if match is None:
        return None
    days = (number(match.group(1)) or 1) * {"day": 1, "week": 7, "month": 30, "year": 365}[
        match.group(2)
    ]
    return Reading([SetLogRetention(days=min(days, 3653))])


def infra_flags(clause: str, ctx: Context) -> Reading | None:
    ops: list[Op] = []
    off = bool(NEGATION.search(clause))
    for pattern, flag in FLAGS:
        if re.search(pattern, clause):
            ops.append(SetInfraFlag(flag=flag, enabled=not off))
    return Reading(ops) if ops else None


def _time(clause: str) -> tuple[int, int] | None:
    match = re.search(r"\bat (\d{1,2})(?::(\d{2}))? ?(am|pm|a\.m\.|p\.m\.|o'?clock|h)?\b", clause)
    if match:
        hour, minute = int(match.group(1)) % 24, int(match.group(2) or 0)
        if (match.group(3) or "").startswith("p") and hour < 12:
            hour += 12
        if (match.group(3) or "").startswith("a") and hour == 12:
            hour = 0
        return hour, min(minute, 59)
    if re.search(r"\bat midnight\b", clause):
        return 0, 0
    if re.search(r"\bat noon\b|\bat midday\b", clause):
        return 12, 0
    return None


def schedule_expression(clause: str) -> str | None:
    """ "every night at 2am" → ``cron(0 2 * * ? *)``; "every 15 minutes" → ``rate(15 minutes)``."""
    every = re.search(
        r"\b(?:every|each|once a|once per|per) (\d+|[a-z]+)(?: (minutes?|hours?|"
        r"days?|weeks?))?\b",
        clause,
    )
    adverb = re.search(r"\b(daily|nightly|hourly|weekly|monthly)\b", clause)
    at = _time(clause)
    unit = (every.group(2) or every.group(1)) if every else (adverb.group(1) if adverb else None)
    if unit is None:
        return None
    count = number(every.group(1)) if every and every.group(2) else None
    unit = unit.rstrip("s") if unit not in ("days",) else "day"
    hour, minute = at if at else (None, 0)
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
    for info in ctx.vocab.entities.values():
        for name in info.fields:
            if "_" in name:
                clause = re.sub(rf"\b{re.escape(name.replace('_', ' '))}\b", "field", clause)
    return clause


def schedule(clause: str, ctx: Context) -> Reading | None:
    expr = schedule_expression(_without_fields(clause, ctx))
    if expr is None or is_choice(clause):
        return None  # "donations can be monthly or yearly" lists values, it runs nothing
    if re.search(r"\b(?:field|column|flag)\b", clause):
        return None
    action = re.sub(
        r"\b(?:every|each|once a|once per|per) (?:\d+ )?[a-z]+|\b(?:daily|nightly|"
        r"hourly|weekly|monthly)\b|\bat (?:\d{1,2}(?::\d\d)? ?(?:am|pm|h)?|midnight|noon)"
        r"\b|\bon (?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|"
        r"sundays?)\b",
        " ",
        clause,
    )
    words = [singular(w) if i else w for i, w in enumerate(re.findall(r"[a-z]+", action))]
    words = [w for w in words if w not in STOP][:4]
    if not words:
        return ask(
            "What should run on that schedule? For example: 'email members about "
            "overdue loans every night at 2am'."
        )
    name = "-".join(words)[:60]
    return Reading([AddSchedule(name=name, schedule=expr)])


def queue(clause: str, ctx: Context) -> Reading | None:
    if not re.search(
        r"\bqueues?\b|\bfifo\b|\bdlq\b|dead[- ]letter|in the background|"
        r"asynchronous",
        clause,
    ):
        return None
    if re.search(r"\b(?:field|column|position|number)\b", clause):
        return None
    name = None
    for pattern in (
        r"\bprocess(?:es|ing)? (?:the |all |incoming |new )?([a-z]+(?: [a-z]+)?) "
        r"(?:through|via|using|with|in|on|asynchronously|in the background)",
        r"\bqueue (?:for|of|called|named) (?:the )?([a-z]+(?:[ -][a-z]+)?)",
        r"\b(?:handle|send|put|push|deliver) (?:the |all )?([a-z]+(?: [a-z]+)?) (?:through|via|"
        r"using|with|in|on|into) (?:an? )?(?:fifo )?queue",
        r"\b([a-z]+) queue\b",
    ):
        match = re.search(pattern, clause)
        if match and match.group(1) not in ("a", "the", "fifo", "letter", "dead", "message"):
            name = match.group(1)
            break
    if name is None:
        return ask(
            "What should go through the queue? For example: 'process payments through a "
            "queue with a dead letter queue'."
        )
    fifo = bool(re.search(r"\bfifo\b|\bin order\b|\bordered\b", clause))
    dead = bool(re.search(r"dead[- ]letter|\bdlq\b|failed messages|retr(?:y|ies)", clause))
    slug = "-".join(snake(name).split("_"))
    return Reading([AddQueue(name=slug, fifo=fifo, dead_letter=dead)])


_EMIT = (
    r"(?:emit|publish|fire|raise|send|trigger|broadcast|post)s? (?:an? )?(?:event|notification|"
    r"message)"
)
_WHEN = (
    r"(?:when|whenever|each time|every time|once|after) (?:an? |the )?([a-z ]+?) (?:is|are|gets|"
    r"get|was|has been) ([a-z]+)"
)


def event(clause: str, ctx: Context) -> Reading | None:
    match = re.search(rf"\b{_EMIT} {_WHEN}", clause) or re.match(rf"^{_WHEN},? {_EMIT}\b", clause)
    if match is None:
        return None
    entity = ctx.entity(match.group(1))
    name = f"{snake(entity)}.{match.group(2)}"
    target = re.search(r"\b(?:to|on|into|onto) (?:the )?([a-z][a-z\-]*) queue\b", clause)
    ops: list[Op] = []
    if target:
        ops.append(AddQueue(name=target.group(1)))
    ops.append(AddEvent(name=name, target=target.group(1) if target else None))
    return Reading(ops)
