"""Infrastructure: database, region, tracing, alarms, logs, buckets."""

from __future__ import annotations

import re

from slipway.assistant import rx
from slipway.assistant.operations import (
    AddBucket,
    Op,
    SetDatabase,
    SetHealth,
    SetInfraFlag,
    SetLogRetention,
    SetRegion,
)
from slipway.assistant.understand.buckets import bucket_name, noun_words
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.text import Reading, ask
from slipway.assistant.understand.words import number

NEGATION = rx.compile(
    r"\b(?:turn off|switch off|disable|remove|drop|no|without|stop|don't|do not|no longer|"
    r"get rid of|overkill|unnecessary|not needed|a waste|too expensive|too costly|off)\b"
)
WANTED = rx.compile(
    r"\b(?:turn on|switch on|switch to|move to|go to|enable|add|use|want|need|needs|with|set up|"
    r"configure|activate|"
    r"include|have|get|give|make sure|keep|should|must|require|requires|we'd like|please)\b|"
    r"\bon$|^(?:alert|alarm|notify|warn|page|tell|ping) (?:us|me|the team|someone|ops|on-call)\b|"
    r"\blet (?:us|me) know\b"
)
"""A flag asked for ("turn on tracing"); a remark about one ("tracing is great") asks nothing."""
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
    "portland": "us-west-2",
    "seattle": "us-west-2",
    "san francisco": "us-west-1",
    "los angeles": "us-west-1",
    "new york": "us-east-1",
    "boston": "us-east-1",
    "chicago": "us-east-2",
    "toronto": "ca-central-1",
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
PLACE = rx.compile(rf"\b(?:in|to|near|from|of|than) (?:the )?({'|'.join(PLACES)})\b")
FLAGS = (
    (r"\b(?:x-?ray|tracing|traces|distributed tracing)\b", "tracing"),
    (
        r"\b(?:alarms?|alerts?|alerting|monitoring)\b|\b(?:let|tell|notify|warn|page|ping) "
        r"(?:us|me|the team|someone|ops)\b.{0,30}\b(?:breaks?|fails?|goes down|errors?|crash\w*|"
        r"is down)\b",
        "alarms",
    ),
    (
        r"\b(?:structured (?:json )?log(?:s|ging)?|json log(?:s|ging)?|logs? (?:should|must|"
        r"need to|needs to|has to|have to|to) be (?:structured|json|in json))\b",
        "structured_logging",
    ),
    (r"\b(?:point[- ]in[- ]time (?:recovery|restores?)|pitr)\b", "point_in_time_recovery"),
    (r"\b(?:backups?|back ups?)\b", "backups"),
)


def database(clause: str, ctx: Context) -> Reading | None:
    if rx.search(r"\b(?:mysql|mariadb|sql server|oracle|mongo(?:db)?|sqlite)\b", clause):
        return ask("I can deploy PostgreSQL or DynamoDB. Which one should the app use?")
    match = rx.search(  # "the RDS text on car radios" is the radio's, no database
        r"\b(postgres(?:ql)?|aurora|rds(?! (?:text|radio|display|message|tag|name|feed|data|"
        r"string)s?\b)|relational database|sql database|dynamo(?:db)?|nosql|key[- ]value store)\b",
        clause,
    )
    if match is None or not rx.search(
        r"\b(?:use|run|switch|move|migrate|database|db|store|"
        r"on|with|change|prefer|want|need|go|back)\b|^(?:postgres(?:ql)?|dynamo(?:db)?)$",
        clause,
    ):
        return None
    if _more(clause, ctx, match.group(1)):
        return None  # "db to postgres, 60d logs": each part read on its own
    db = "dynamodb" if rx.match(r"dynamo|nosql|key", match.group(1)) else "postgres"
    reading = _also_flags(Reading([SetDatabase(database=db)]), clause)
    code = rx.search(rf"\bin {CODE}", clause)  # "put it on dynamodb in us-west-2": there too
    reading.ops += [SetRegion(region=code.group(1))] if code is not None else []
    return reading


def _more(clause: str, ctx: Context, said: str) -> bool:
    """A list of infrastructure requests ("region x, db to postgres, 60d logs"): a part without
    ``said`` that another infrastructure rule reads."""
    parts = [p for p in rx.split(r",\s+(?:and\s+)?|;\s+", clause) if said not in p]
    if len(parts) == len(rx.split(r",\s+(?:and\s+)?|;\s+", clause)):
        return False
    rules = (database, region, log_retention, bucket)
    return any(rule(p, ctx) is not None for p in parts for rule in rules)


def _also_flags(reading: Reading, clause: str) -> Reading:
    """ "postgres please, with point-in-time restore": the flags said with it are wanted too."""
    if not NEGATION.search(clause):
        reading.ops += [SetInfraFlag(flag=f) for p, f in FLAGS if rx.search(p, clause)]
    return reading


CODE = (
    r"\b([a-z]{2}(?:-gov)?-(?:north|south|east|west|central|northeast|southeast|northwest|"
    r"southwest)-\d)\b"
)


def region(clause: str, ctx: Context) -> Reading | None:
    codes = list(rx.finditer(CODE, clause))
    if codes:  # "region us-west-2 -> ca-central-1": the one it goes to
        if _more(clause, ctx, codes[-1].group(1)):
            return None
        to = [
            m
            for m in codes
            if rx.search(r"(?:\bto|->|=>|\binto|\bbecomes?) $", clause[: m.start()])
        ]
        return _also_flags(Reading([SetRegion(region=(to or codes)[-1].group(1))]), clause)
    if not rx.search(
        r"\b(?:deploy|host|hosted|hosting|run|move|moving|moved|region|located|based|live|serve|"
        r"put|servers?|data ?cent(?:er|re)s?|stored|cloud|stay|stays|remain|remains|kept)\b",
        clause,
    ):
        return None
    named = _place(clause, ctx)
    if named is not None:
        place, code = named.group(1), PLACES[named.group(1)]
        ctx.notes.append(f"{place.title()} is AWS region {code}.")
        return _also_flags(Reading([SetRegion(region=code)]), clause)
    if rx.search(r"\b(?:in|to) (?:the )?(?:eu|europe|us|usa|america|asia)\b", clause):
        return ask(
            "Which AWS region exactly? For example eu-west-1 (Ireland), eu-central-1 "
            "(Frankfurt), us-east-1 (Virginia) or us-west-2 (Oregon)."
        )
    return None


_LEFT = rx.compile(
    r"\b(?:instead of|rather than|not(?: in| to)?|away from|out of|leave|leaving)(?: the)?$"
)


def _place(clause: str, ctx: Context) -> re.Match[str] | None:
    """The place moved to, never the one left ("… instead of Frankfurt"); "over there" is the
    one said elsewhere in the message ("launching in Ireland — move the hosting over there")."""
    texts = (clause, ctx.text or "") if rx.search(r"\bthere\b", clause) else (clause,)
    for text in texts:
        found = [m for m in PLACE.finditer(text) if not _LEFT.search(text[: m.start(1)].strip())]
        chosen = [m for m in found if not m.group(0).startswith("from ")] or found
        if chosen:
            return chosen[0]
    return None


def log_retention(clause: str, ctx: Context) -> Reading | None:
    if not rx.search(r"\blogs?\b|\blogging\b", clause) or "audit" in clause:
        return None
    match = rx.search(
        r"\b(\d+|an?|one|two|three|four|five|six|seven|ten|twelve|fourteen|thirty|"
        r"sixty|ninety) (?:whole |full |entire |complete )?(day|week|month|year)s?\b",
        clause,
    )
    if match is None or _more(clause, ctx, match.group(0)):
        return None
    days = (number(match.group(1)) or 1) * {"day": 1, "week": 7, "month": 30, "year": 365}[
        match.group(2)
    ]
    return Reading([SetLogRetention(days=min(days, 3653))])


def infra_flags(clause: str, ctx: Context) -> Reading | None:
    if rx.search(r"\b(?:queues?|events?|buckets?|schedules?|cron)\b", clause):
        return None  # "a queue for kiln alerts": the flag's word names another thing
    ops: list[Op] = []
    off = bool(NEGATION.search(clause))
    bare = rx.sub(
        "|".join(p for p, _ in FLAGS)
        + r"|\band\b|,|\bplus\b|\balso\b|\b(?:on|for|of) (?:the |our )?(?:database|db|logs?)\b",
        "",
        clause,
    )
    if not off and not WANTED.search(clause) and bare.strip():
        return None
    for pattern, flag in FLAGS:
        if (said := rx.search(pattern, clause)) and _more(clause, ctx, said.group(0)):
            return None  # "add a bucket for receipts, and tracing on": each part on its own
        if said:
            ops.append(SetInfraFlag(flag=flag, enabled=not off))
    return Reading(ops) if ops else None


def health(clause: str, ctx: Context) -> Reading | None:
    """ "add a health check endpoint", "we need a /health route for the load balancer"."""
    if not rx.search(r"\bhealth(?:[- ]?checks?| endpoint| route| probe|z)?\b|/health", clause):
        return None
    if not rx.search(r"\b(?:check|endpoint|route|probe|url|path|api)s?\b|/health|healthz", clause):
        return None
    served = rx.search(
        r"\b(?:endpoint|route|probe|url|path|api|load balancer|uptime)s?\b|/health", clause
    )
    if not served and ctx.vocab.find_entities(clause):
        return None  # "every dog has to pass a health check": the dog's, no endpoint
    off = bool(rx.search(r"\b(?:remove|drop|disable|turn off|no|without|don't need)\b", clause))
    return Reading([SetHealth(enabled=not off)])


def _ones(phrase: str, ctx: Context) -> str:
    """ "the edited ones": the thing said before with that word ("their edited pictures")."""
    ones = rx.fullmatch(r"(?P<w>[a-z]+(?: [a-z]+)?) ones?", phrase)
    if ones is None:
        return phrase
    said = rx.search(rf"\b{ones.group('w')} (?!ones?\b)([a-z]+)\b", ctx.text or "")
    return f"{ones.group('w')} {said.group(1)}" if said else ""


def bucket(clause: str, ctx: Context) -> Reading | None:
    """ "add a second bucket for the pdf reports", "create an s3 bucket called invoices"."""
    match = rx.match(
        r"^(?:add|create|we need|i need|we want|set up|make|provision)? ?(?:an? |another |"
        r"a second |a third |one more |a new |an extra |new |the )?(?:sep[ae]rate |dedicated |"
        r"different |extra |new |second )?(?:(?:s3 |storage |file )?bucket|(?:file )?storage"
        r"(?: space| area)?) "
        r"(?:for|called|named|to (?:hold|store|keep)|holding|with) (?:the |our |all |their )?"
        r"(?P<n>[a-z0-9][a-z0-9 \-]{0,38}?)(?: files)?$",
        clause,
    )
    if match is None:
        return None
    name = bucket_name(noun_words(_ones(match.group("n"), ctx)))
    if name is None:
        return ask("What should the bucket be called? For example 'add a bucket called invoices'.")
    return Reading([AddBucket(name=name)])
