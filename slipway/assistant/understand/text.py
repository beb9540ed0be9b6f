"""Message text → clauses: lowercase, politeness and quotes away, one request per clause."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from slipway.assistant import rx
from slipway.assistant.operations import Op

_LEADING = rx.compile(
    r"^(?:(?:would|do) you mind(?: if (?:we|i))?|(?:could|can|would) you (?:maybe|perhaps|kindly)|"
    r"we'?ll|we will|i'?ll|i will|we(?: are|'re) going to|i'?m going to|"
    r"know(?= (?:the|a|an|what|which|how|when|whether|if|who)\b)|"
    r"if (?:it is|it's|that is|that's) (?:not too much (?:trouble|work|hassle)|(?:ok|okay|fine|"
    r"possible))|if (?:possible|you can)|"
    r"hey there|hi there|hello there|hey|hi|hello|ok|okay|so|well|please|pls|plz|plese|pleas|"
    r"kindly|it would be (?:nice|great|good|cool|helpful) if|it'?d be (?:nice|great|good|cool) if|"
    r"would be (?:nice|great|good) if|(?:is it|would it be|is) possible to|"
    r"(?:can|could|shall|should|may) (?:we|i)(?: please)?|"
    r"(?:two|three|four|a few|few|some|a couple of|a couple|couple of|several)(?: quick| small)? "
    r"(?:things|changes|requests)|"
    r"now|next|then|also|and|just|for now|for the moment|anyway|anyways|btw|by the way|"
    r"actually|oh|um|hmm|sorry|great|thanks|thank you|cool|alright|right|to|obviously|of course|"
    r"naturally|clearly|"
    r"could you(?: please)?|can you(?: please)?|would you(?: please)?|will you|"
    r"i'?d like(?: you)? to|i would like(?: you)? to|i want(?: you)? to|we want to|"
    r"we'?d like to|we would like to|we need to|i need you to|let'?s|lets|go ahead and|"
    r"i think|i guess|maybe|make sure(?: that)?|ensure(?: that)?|"
    r"we (?:should|want to|need to|would like to) know|i want to know|"
    r"(?:i|we) (?:was|were|am|are) (?:just )?wondering (?:if|whether)|"
    r"(?:i|we) wondered (?:if|whether)|"
    r"(?:i|we) (?:also|still|really|definitely) (?:need|want)|"
    r"(?:i|we) (?:should|must|ought to)(?: (?:also|really|probably))?(?= (?:track|record|log|keep|"
    r"add|store|have|make|remove|rename|index|turn|use|switch|start|stop)\b)|"
    r"i(?:'d| would)? like|we(?:'d| would)? like|i want|we want|i need|we need|"
    r"(?:need|want)(?= (?:an?|some) [a-z]))\b[\s,!:]*"
)
_TRAILING = rx.compile(
    r"[\s,]*(?:\b(?:please|pls|plz|thanks|thank you|thx|if possible|if you can|for me|too|also|"
    r"as well|from now on|going forward|then|in that case|i think|i guess|i suppose|probably|"
    r"maybe|if that makes "
    r"sense|if that's ok|if that's okay|if (?:that|it) is (?:ok|okay|fine|possible|not too much "
    r"(?:trouble|work|hassle))|when you (?:get a chance|have (?:a )?(?:time|moment))))?[\s.!?]*$"
)
_CONTRACTIONS = rx.compile(
    r"\b(do|does|did|is|are|was|were|has|have|had|should|would|could|must|need|ca|wo)nt\b"
)
"""Negations typed without the apostrophe ("dont", "isnt", "cant") read as written with it."""
COMMAND_VERBS = (
    "add|make|remove|delete|drop|rename|set|change|create|turn|enable|disable|use|switch|"
    "deploy|index|keep|track|store|give|put|allow|let|move|run|host|limit|link|process|"
    "schedule|get rid of|introduce|include|record|call|mark|require|only|tie|connect"
)
_SPLIT_VERB = rx.compile(
    rf"(?:,?\s+(?:and|then|and then|and also|plus)|,\s*also)\s+"
    rf"(?=(?:please\s+)?(?:{COMMAND_VERBS})\b(?!-))|,?\s+(?:and )?so\s+(?=(?:it|they|that|this) )|"
    r",\s+(?=(?:please\s+)?(?:(?:turn|enable|disable|deploy|switch|rename|remove|delete|drop|"
    r"move) |"
    r"(?:keep|put|create|make|set|change|add) (?!(?:it|them|that|this|sure|up|use)\b)))|"
    r",\s+and\s+(?:also\s+)?(?=(?:i|we) (?:also )?(?:want|need|would like) (?:to )?(?:see|"
    r"know) (?:who|when|what|how|which)\b)|"
    r",\s+(?:and\s+)?(?=the default role (?:should|must|is|will)\b)"
)
"""A new command ("… and make Z optional", "…, and also I want to see …"), or a consequence
said of what came before ("… so it is not unique")."""


@dataclass
class Reading:
    """What a clause (or a whole message) asks for."""

    ops: list[Op] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    question: str | None = None

    def extend(self, other: Reading) -> None:
        self.ops += other.ops
        self.notes += other.notes
        self.question = self.question or other.question


def ask(question: str) -> Reading:
    return Reading(question=question)


SQL = (
    (r"\balter table (\w+) add (?:column )?(\w+) (.+?)$", r"add \2 (\3) to \1"),
    (r"\balter table (\w+) drop (?:column )?(\w+)$", r"remove \2 from \1"),
    (r"\balter table (\w+) rename (?:column )?(\w+) to (\w+)$", r"rename \1.\2 to \3"),
    (r"\balter table (\w+) alter (?:column )?(\w+) (?:set |type |set data type )?(.+)$",
     r"\1.\2 \3"),
    (r"\bdrop table (?:if exists )?(\w+)$", r"remove the \1 entity"),
    (r"\bcreate table (\w+) ?\((.+)\)$", r"add a \1 entity: \2"),
)  # fmt: skip
"""SQL statements read as the request they make."""


_BULLET = rx.compile(r"^\s*(?:[-*\u2022\u2013\u2014>]|\d{1,2}[.)])\s+")
_GREETING = rx.compile(
    r"^(?:hi|hello|hey|hiya|dear|good (?:morning|afternoon|evening)|greetings)\b"
    r"[^.!?]{0,40}[,!.]?$",
    re.IGNORECASE,
)
_SIGN_OFF = rx.compile(
    r"^(?:thanks|thank you|many thanks|thanks again|best|best regards|kind regards|regards|cheers|"
    r"sincerely|yours(?: sincerely| faithfully| truly)?|all the best|warm regards)\b[^.!?]{0,30}$",
    re.IGNORECASE,
)


def _lines(text: str) -> str:
    """A message's lines as sentences: each item of a bulleted list and each paragraph stands
    alone ("few things:\n- stops get a code\n- routes need a colour"), a line wrapped in the
    middle of a sentence joins the next, and a letter's greeting and signature are left out."""
    lines = text.splitlines()
    if len(lines) < 2:
        return text
    out: list[str] = []
    wrapped = False
    for i, raw in enumerate(lines):
        bullet = _BULLET.match(raw)
        line = raw[bullet.end() :].strip() if bullet else raw.strip()
        if i > 0 and _SIGN_OFF.match(line):
            break  # "Thanks,\nAnna"
        if not out and _GREETING.match(line):
            continue  # "Hello,"
        if line and wrapped and bullet is None and out:
            out[-1] = f"{out[-1]} {line}"
        elif line:
            out.append(line)
        wrapped = bool(line) and not line.endswith((".", "!", "?", ":", ";"))
    return "; ".join(out)


def normalize(message: str) -> str:
    text = (message or "")[:4000].replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("`", "'")
    text = text.replace("\u2026", "... ")  # an ellipsis typed as one character
    text = rx.sub(r"\s+", " ", _lines(text).strip().lower())
    text = rx.sub(  # "dogs' date of birth": a field of dogs
        r"^([a-z]+s)' (?!(?:[a-z ]* )?(?:is|are|be|should|must|needs?|has|have|can|will|gets?|"
        r"looks?|seems?|works?|feels?|was|were|went|goes)\b)(?=[a-z]+(?: [a-z]+){1,5}[.!]?$)"
        r"(?![a-z ]*(?<!s)(?<!u)(?<!i)s[.!]?$)",
        r"\1: ",
        text,
    )
    text = rx.sub(r"(?<![a-z0-9])'|'(?![a-z])", " ", text).replace('"', " ")
    text = rx.sub(r" +([.,;!?])", r"\1", text)  # "'regression'." keeps its full stop
    text = _CONTRACTIONS.sub(lambda m: m.group(1) + "n't", text)
    text = rx.sub(r"\b(it|that|this|he|she)'s (?=been|got)\b", r"\1 has ", text)
    text = rx.sub(r"\b(it|that|this)'s\b", r"\1 is", text)
    text = rx.sub(r"\b(they|we|you)'re\b", r"\1 are", text)
    text = rx.sub(r"\b(whether|if) (they|we|you|i)'ve\b", r"\1 \2 have", text)
    text = rx.sub(r"\s+", " ", text).strip().rstrip(";")
    text = _TYPE_THEN_WHY.sub(r"(\g<t>)", text)
    text = _dash_heads(text)
    for pattern, words in SQL:
        text = rx.sub(pattern, words, text)
    return by_default(text)


_TYPE_THEN_WHY = rx.compile(
    r"\((?P<t>a count|a number|a whole number|an integer|a decimal|a date|a time|text|free text|"
    r"a flag|yes/no|a url|a link|an email|json)[;:,] (?=(?:when|because|since|as|so|if|we|it|they|"
    r"for|e\.g|like|used|to)\b)[^()]+\)"
)
"""A type in brackets and why ("a reorder level (a count; when stock drops below it we
reorder)"): the type alone, before the semicolon cuts the message."""
_SPACED_DASH = r"(?: -| --| \u2013| \u2014) "


def _dash_heads(text: str) -> str:
    """A spaced dash after a first word or two is a colon ("passengers - date of birth please"),
    and before a default or a constraint a comma ("one of full or rug - default to full")."""
    text = rx.sub(rf"^(?P<h>[a-z]+(?: [a-z]+){{0,2}}){_SPACED_DASH}(?=[a-z])", r"\g<h>: ", text)
    return rx.sub(
        rf"(?<=[a-z)]){_SPACED_DASH}(?=(?:default|defaults|by default|required|optional|unique|"
        r"mandatory)\b)",
        ", ",
        text,
    )


_UNLESS = (
    r"(?:,? unless (?:[a-z']+ ){1,4}otherwise|,? unless (?:(?:someone|somebody|anyone|we|you|they|"
    r"the [a-z]+|users|it is|it's|it was) )?(?:says?|said|specif(?:y|ies|ied)|chooses?|chose|"
    r"picks?|tells? us|told|sets?|states?|stated|given|asks?|asked|changes?|changed)(?: it| so| us|"
    r" them| that)?(?: otherwise|"
    r" something else| differently| another)?|,? if (?:nobody|no one|nothing|none|not|it is not|"
    r"it's not|they don't|they do not) (?:says?|said|is said|specified|is specified|chosen|is "
    r"chosen|given|is given|set|is set|stated|picked|say|choose|pick|specify)(?: otherwise| "
    r"anything)?|,? if (?:it is |it's )?(?:unspecified|unset|left (?:empty|blank|out))|,? at "
    r"first|,? initially|,? to start(?: with)?|,? to begin with|,? out of the box)(?=$|[,.;!?)])"
)
"""A default said as a condition ("EUR unless said otherwise", "30 if not set", "pending at
first"): read as "by default"."""
_STARTS = rx.compile(
    r"(?:(?<=[.;!?] )new [a-z]+|(?:^|(?<=[.;!?] ))(?:new ones|they|it|each one|every one)) "
    r"(?:should |will |"
    r"must |always )?(?:obviously |of course |just |simply |always |usually |normally |all )?"
    r"(?:starts?|begins?) (?:out |off )?(?:as |at |with |being |on |in )?"
    r"(?P<v>[\w\-]+(?:\.\d+)?)(?=$|[.;!?])"
)
"""A sentence giving the state things start in ("new ones start out active"): its default."""


_UPGRADE = rx.compile(
    r"\b(?P<a>[a-z_]+) unless (?:they|it|he|she|you|we|someone|the [a-z]+) (?:[a-z]+ )?"
    r"(?:upgrades?|switch(?:es)?|changes?|moves?|opts?|picks?|chooses?|selects?|asks?|goes|go|"
    r"pays?)(?: up| in)?"
    r"(?: to| for)? (?P<rest>[a-z_]+(?:(?:,|,? or|,? and) [a-z_]+)+)(?=$|[.;!?])"
)
"""A default and the other choices said as a condition ("basic unless they upgrade to premium
or gold"): the values, the first by default."""


def by_default(text: str) -> str:
    text = rx.sub(r"\be\.g\.?,?(?= )|\bi\.e\.?,?(?= )", "for example", text)
    text = _UPGRADE.sub(lambda m: f"{m['a']}, {m['rest']}, {m['a']} by default", text)
    text = rx.sub(_UNLESS, " by default", text)
    return _STARTS.sub(lambda m: f"{m.group('v')} by default", text)


def polish(clause: str) -> str:
    """Drop the politeness around one request."""
    text = clause.strip(" ,.!?;:")
    text = rx.sub(r"\b(must|should|can|could|will|would|may|might|shall|ought) to\b", r"\1", text)
    for _ in range(6):
        stripped = _LEADING.sub("", text, count=1).strip(" ,")
        if stripped == text:
            break
        text = stripped
    text = rx.sub(r",?\s*\b(?:for example|for instance|like|such as|say) -?[\d.,]+$", "", text)
    text = rx.sub(  # "… so we can compute escape times": why, not what
        r",?\s+(?:so (?:that )?(?:we|i|you|they|people|users|staff|it|(?:the |our )?[a-z]+s) "
        r"(?:can|could|will|would|"
        r"may|know)|so (?:that )?(?:it|they) (?:fits?|looks?|shows?|works?|stays?|matches|match|"
        r"displays?|reads?)|in order to(?! [a-z0-9]+_))\b.*$",
        "",
        text,
    )
    text = _TRAILING.sub("", text).strip(" ,.!?;:")
    if rx.search(r"\b(?:would|do) you mind\b", clause):
        text = _base_verb(text)
    text = rx.sub(
        r"^(?:could|can|should|would|will|shall) (?!you\b|we\b|i\b|it\b|they\b|"
        r"there\b|this\b|that\b)",
        "",
        text,
    )
    text = rx.sub(  # "(I'd like) guests to have a tier": the subject has it
        rf"^(?!(?:{COMMAND_VERBS})\b)([a-z]+(?: [a-z]+)?) to (have|get|store|keep|record|include|"
        r"contain|track)\b",
        r"\1 \2",
        text,
    )
    text = rx.sub(  # "the tenants they need …": the repeated subject away
        r"^((?:the |a |an |all |every |each |our )?[a-z]+(?: [a-z]+)?) (?:they|it|he|she) "
        r"(?=(?:need|needs|have|has|should|must|can|could|will|want|wants|also)\b)",
        r"\1 ",
        text,
    )
    text = rx.sub(  # "make stations belong to a city": the relation itself
        r"^(?:make|let|have) (.+?) (belongs? to|be linked to|be part of|refer to|point to)\b",
        lambda m: f"{m.group(1)} {m.group(2).removeprefix('be ')}",
        text,
    )
    return rx.sub(r"^(?:allow|let|enable) (.+?) to (\w+)\b", r"\1 can \2", text)


def _base_verb(text: str) -> str:
    """ "(would you mind) making the name unique": the command's own verb."""
    text = rx.sub(
        r"^(mak|remov|delet|renam|chang|creat|mov|us|stor|enabl|disabl|introduc|sav)ing\b",
        r"\1e",
        text,
    )
    text = rx.sub(r"^(sett|dropp|putt)ing\b", lambda m: m.group(1)[:-1], text)
    return rx.sub(r"^(add|turn|switch|track|record|keep|index)ing\b", r"\1", text)


def sentences(text: str) -> list[str]:
    parts = rx.split(r"(?<=[a-z0-9)'])[.!?]+(?:\s+|$)|;\s*|\n+", text)
    return [p.strip() for p in parts if p and p.strip(" ,.!?")]


_DASH = rx.compile(r"\s+(?:-{1,2}|\u2013|\u2014)\s+")


def split_commands(
    clause: str, starts_clause: Callable[[str], bool], names: Callable[[str], bool] = bool
) -> list[str]:
    """Split "add X to Y and make Z optional" at a new command or a new subject, and at a dash
    before one ("a screening can sell out - track the tickets sold")."""
    out: list[str] = []
    for part in _dashes(clause, names):
        out += _split_verbs(part, starts_clause)
    return out


def _dashes(clause: str, names: Callable[[str], bool]) -> list[str]:
    for match in _DASH.finditer(clause):
        right = clause[match.end() :]
        if (
            rx.match(rf"(?:please )?(?:{COMMAND_VERBS})\b(?!-)", right)
            or names(right)
            or rx.match(r"(?:an?|each|every) [a-z]+ (?:has|needs|gets) (?:an?|the|its|one) ", right)
        ):
            return [clause[: match.start()], *_dashes(right, names)]
    return [clause]


_OPERATIONS = r"(?:list|view|get|read|create|add|update|edit|change|modify|delete|remove)"


def _split_verbs(clause: str, starts_clause: Callable[[str], bool]) -> list[str]:
    if rx.search(
        rf"\b{_OPERATIONS},? (?:and|or) {_OPERATIONS}(?: only| operations)?(?: them| it| those)?$",
        clause,
    ):
        return _split_subjects(clause, starts_clause)  # "… the api: list, view and create"
    if rx.match(r"(?:when|whenever|if|once|after|each time|every time)\b", clause):
        head, comma, rest = clause.partition(", ")  # "when a job is done, put …": one request
        if comma:
            return [
                f"{head}, {p}" if i == 0 else p
                for i, p in enumerate(_split_verbs(rest, starts_clause))
            ]
    pieces = [p for p in _SPLIT_VERB.split(clause) if p.strip()]
    out: list[str] = []
    for piece in pieces:
        out += _split_subjects(piece, starts_clause)
    return out


def _split_subjects(clause: str, starts_clause: Callable[[str], bool]) -> list[str]:
    for match in rx.finditer(r",?\s+(?:and|but|while|whereas)\s+|,\s+", clause):
        right = clause[match.end() :]
        if "and" in match.group(0) and rx.fullmatch(
            r"(?:the |our |all )?[a-z]+", clause[: match.start()]
        ):
            continue  # "tours and products should be readable": one request about both
        if starts_clause(right):
            return [clause[: match.start()], *_split_subjects(right, starts_clause)]
    return [clause]
