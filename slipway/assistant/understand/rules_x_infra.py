"""Infrastructure requests said as a list of short items, in ops shorthand or in plain words:
"prod: eu-west-2, postgres, log retention 30 days, alarms on", "enable alarms, x-ray tracing,
and cap log retention at 90 days", "get alerted when something breaks in prod", "tracing too
while we are at it", "restore the database to any point in time", "logs retained for one year",
"deploy it in the Canadian AWS region", "the brochures bucket stays, but add another bucket for
traveller documents". A clause is read only when every item in it is one of these (a remark
about what stays as it is counts as read); another request among them is read by the other
rules, and a clause with anything else is left to them."""

from __future__ import annotations

from importlib import import_module

from slipway.assistant import rx
from slipway.assistant.operations import (
    AddBucket,
    Op,
    SetDatabase,
    SetInfraFlag,
    SetLogRetention,
    SetRegion,
)
from slipway.assistant.understand.buckets import bucket_name, noun_words
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.rules_infra import CODE, FLAGS, NEGATION, bucket
from slipway.assistant.understand.text import Reading
from slipway.assistant.understand.words import number

_FILLER = rx.compile(
    r",?\s*\b(?:while (?:we|you|i) (?:are|'re|re) at it|while your at it|if possible|"
    r"(?:as well|too|also)(?= |$)|please|pls)\b"
)
_LABEL = rx.compile(r"^(?:[a-z]+(?: [a-z]+)?): (?=\S)")
"""A label before the list ("prod: …", "ops ask: …", "compliance: …")."""
_CUTS = rx.compile(r",\s+(?:and\s+|but\s+|plus\s+|also\s+)?|\s+(?:and|plus)\s+|;\s+")
_ALARM_SAID = rx.compile(
    r"\b(?:(?:get|be|are|is) (?:alerted|notified|paged|warned|told)|alerts?|alarms?|alerting|"
    r"a page|notifications?)\b.{0,40}\b(?:breaks?|fails?|goes down|go down|errors?|crash\w*|"
    r"is down|are down|stops?)\b"
)
_RESTORE = rx.compile(
    r"\b(?:restore|recover|roll back|rollback|rewind)\b.{0,40}\b(?:to )?(?:any|a given|an "
    r"earlier|a past|a specific) (?:point|moment) in time\b"
)
_FLAG_FRAME = rx.compile(
    r"\b(?:turn on|switch on|turn off|switch off|enable|enabled|disable|disabled|on|off|add|"
    r"need|needs|want|we|i|also|with|the|some|a|an|get|have|set up|activate|be|should|must|"
    r"and|please|pls|aws|cloudwatch|it|is|possible|able|to|can|could|for the (?:app|api|service|"
    r"backend))\b"
)
_ON = rx.compile(r"\b(?:on|enable|enabled|turn on|switch on|need|want|add|activate)\b")
_DURATION = rx.compile(
    r"\b(\d+|an?|one|two|three|four|five|six|seven|ten|twelve|fourteen|thirty|sixty|ninety) "
    r"(?:whole |full |entire |complete )?(day|week|month|year)s?\b"
)
_RETENTION = rx.compile(
    r"\b(?:log(?:s|ging)? retention|retention|retain(?:ed)?|kept|keep|stored|store|held|hold)\b"
)
ADJECTIVES = {
    "canadian": "ca-central-1",
    "irish": "eu-west-1",
    "british": "eu-west-2",
    "french": "eu-west-3",
    "german": "eu-central-1",
    "swiss": "eu-central-2",
    "swedish": "eu-north-1",
    "italian": "eu-south-1",
    "spanish": "eu-south-2",
    "brazilian": "sa-east-1",
    "japanese": "ap-northeast-1",
    "korean": "ap-northeast-2",
    "australian": "ap-southeast-2",
    "indian": "ap-south-1",
}
_ADJECTIVE_REGION = rx.compile(
    rf"\b({'|'.join(ADJECTIVES)}) (?:aws |amazon |cloud )?(?:region|data ?cent(?:er|re)s?)\b"
)
_KEPT = rx.compile(
    r"^(?:but )?(?:the |our )?[a-z\- ]{1,30} (?:bucket|queue|database|region)s? (?:stays?|"
    r"remains?|is fine|can stay|is kept)(?: as it is| as is| where it is)?$"
)
"""A remark that an item stays as it is ("the brochures bucket stays"): read, nothing to do."""
_REMARK = rx.compile(
    r"^(?:we|we are|we were|we have|we had|i|it|that|this|which|they) (?:are |were |have |had )?"
    r"(?:still |already |just |been )?(?:paying|got|get|getting|had|have|saw|seen|noticed|"
    r"running|spending|using|been)\b"
)
"""A remark about why ("we are still paying for logs from 2021"): no request of its own."""


_UPDATE = rx.compile(
    r"^(?:update|change|set|adjust|apply) (?:the |our )?(?:log )?retention(?: period| setting)?"
    r"(?: accordingly| to match| to that)?$"
)


def _flags(part: str) -> list[Op] | None:
    """ "alarms on", "enable x-ray tracing", "get alerted when something breaks"."""
    said: list[str] = []
    rest = part
    if _ALARM_SAID.search(part):
        said.append("alarms")
        rest = _ALARM_SAID.sub(" ", rest)
        rest = rx.sub(
            r"\b(?:something|anything|it|the app|in prod|in production|if|when|whenever)\b",
            " ",
            rest,
        )
    if _RESTORE.search(part):
        said.append("point_in_time_recovery")
        rest = _RESTORE.sub(" ", rest)
        rest = rx.sub(r"\b(?:the )?(?:database|db|data)\b|\b(?:to )?be able to\b", " ", rest)
    for pattern, flag in FLAGS:
        if rx.search(pattern, rest) and flag not in said:
            said.append(flag)
        rest = rx.sub(pattern, " ", rest)
    rest = rx.sub(r"\b(?:on|for) (?:the |our )?(?:database|db|logs?)\b", " ", rest)
    if not said or _FLAG_FRAME.sub(" ", rest).strip(" ,.-"):
        return None
    off = bool(NEGATION.search(rx.sub(r"\b(?:on|off)$", "", part))) or part.endswith(" off")
    return [SetInfraFlag(flag=f, enabled=not off) for f in said]


def _retention(part: str, ctx: Context) -> list[Op] | None:
    """ "log retention 30 days", "logs retained for one year", "cap log retention at 90 days"."""
    if not rx.search(r"\blogs?\b|\blogging\b|\bretention\b", part) or rx.search(
        r"\baudit (?:logs?|trail|history)\b", part
    ):
        return None
    durations = list(_DURATION.finditer(part))
    bare = rx.sub(
        r"\b(?:on|for|of|in) (?:the |our )?[a-z]+ (?:app|site|service|system)\b", "", part
    )
    if len(durations) != 1 or not _RETENTION.search(part) or ctx.vocab.mentions(bare):
        return None
    said = durations[0]
    days = (number(said.group(1)) or 1) * {"day": 1, "week": 7, "month": 30, "year": 365}[
        said.group(2)
    ]
    return [SetLogRetention(days=min(days, 3653))]


def _region(part: str) -> list[Op] | None:
    codes = rx.findall(CODE, part)
    if len(codes) == 1 and rx.fullmatch(
        rf"(?:(?:deploy|host|run) (?:it |us )?(?:in|to) |region:? |(?:the )?region (?:is |to )?)?"
        rf"{CODE}",
        part,
    ):
        return [SetRegion(region=codes[0])]
    named = _ADJECTIVE_REGION.search(part)
    if named is not None and rx.search(r"\b(?:deploy\w*|host\w*|run|region|move\w*)\b", part):
        if NEGATION.search(part[: named.start()]):
            return None  # "not in the German region"
        return [SetRegion(region=ADJECTIVES[named.group(1)])]
    return None


def _database(part: str) -> list[Op] | None:
    said = rx.fullmatch(
        r"(?:use |on |db:? |database:? |(?:the )?(?:database|db) (?:is |on |to )?)?"
        r"(postgres(?:ql)?|dynamo(?:db)?)",
        part,
    )
    if said is None:
        return None
    return [SetDatabase(database="dynamodb" if said.group(1).startswith("dynamo") else "postgres")]


def infra_part(part: str, ctx: Context) -> list[Op] | None:
    """One item of an infrastructure list; [] for a remark that asks nothing."""
    part = part.strip(" ,.;:!?")
    if not part:
        return []
    asks = rx.search(
        r"\b(?:entity|entities|field|fields|table|column|add|new|rename|remove)\b", part
    )
    if _KEPT.match(part) or (_REMARK.match(part) and not asks and not ctx.vocab.mentions(part)):
        return []
    if _UPDATE.match(part):  # "… retained for 365 days. Please update the retention."
        said = [_retention(s, ctx) for s in rx.split(r"[.;!?]\s+", ctx.text or "")]
        return next((found for found in said if found), None)
    for found in (_region(part), _database(part), _retention(part, ctx), _flags(part)):
        if found is not None:
            return found
    added = bucket(rx.sub(r"^(?:but |and |also |then )", "", _unbracketed(part)), ctx)
    if added is not None and added.ops and not added.question:
        return list(added.ops)
    return None


def _unbracketed(text: str) -> str:
    return rx.sub(r"\s*\([^)]*\)", "", text).strip()


def infra_items(clause: str, ctx: Context) -> Reading | None:
    """A clause made of infrastructure items only, or of them and other requests (each of which
    another rule reads whole)."""
    text = _FILLER.sub(" ", clause)
    text = rx.sub(r"\s+(?:to|too)$", "", rx.sub(r"\s+", " ", text).strip(" ,"))
    label = _LABEL.match(text)
    if label is not None and not ctx.vocab.mentions(label.group(0)):
        text = text[label.end() :]
    parts = [p for p in _CUTS.split(_unbracketed(text)) if p.strip(" ,.")]
    if not parts:
        return None
    if NEGATION.search(text) and any(
        not NEGATION.search(p) and not _ON.search(p) and _flags(p) for p in parts
    ):
        return None  # "disable tracing and alarms": the refusal is of both, the flag rule's
    read = [infra_part(p, ctx) for p in parts]
    ops = [op for found in read if found for op in found]
    if not ops:
        return None
    others = [p for p, found in zip(parts, read, strict=True) if found is None]
    if not others:
        return Reading(ops)
    if len(others) > 1 or len(parts) < 2:
        return None
    other = _other(others[0], ctx)  # "turn on pitr, and client emails must be encrypted"
    return Reading([*ops, *other.ops], list(other.notes)) if other is not None else None


def _other(part: str, ctx: Context) -> Reading | None:
    """Another rule's reading of a part that is no infrastructure item."""
    reader = import_module("slipway.assistant.understand")  # the rules' reader, at call time
    state = ctx.snapshot()
    found: Reading | None = reader.read_clause(part.strip(), ctx)
    if found is None or found.question or not found.ops:
        ctx.restore(state)
        return None
    return found


_STORED = rx.compile(
    r"^(?:the system|the app|the site|you|it) (?:to )?(?:store|keep|hold|save|host|archive) "
    r"(?:those|these|the|our|their|all (?:the|those|these|our|their))? ?(?P<n>(?:[a-z]+ )?"
    r"(?:photos|pictures|images|videos|scans|documents|recordings|files))(?: somewhere| for us| "
    r"online| in the cloud)?(?: so .*)?$"
)


def files_kept(clause: str, ctx: Context) -> Reading | None:
    """ "could the system store those photos": files of no entity, kept in a bucket of theirs."""
    said = _STORED.match(clause)
    if said is None or ctx.vocab.mentions(said.group("n")):
        return None
    name = bucket_name(noun_words(said.group("n")))
    if name is None or (ctx.bp is not None and name in ctx.bp.infrastructure.buckets):
        return None
    return Reading([AddBucket(name=name)])
