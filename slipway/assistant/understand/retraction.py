"""A message that takes back part of itself ("tools should have a photo — no wait, just a link to
the manual"): what follows the last retraction is the request, completed from what was taken
back when it leans on it (its subject and verb, the name it corrects, the field "it" means, the
entity a list line was about: "bookings: paid should default to true... no sorry, leave that as
false, but add the amount paid")."""

from __future__ import annotations

from slipway.assistant import rx

_UNITS = (
    r"km|kilometres|kilometers|miles|kg|kilos|kilograms|pounds|lbs|grams|metres|meters|feet|cm|"
    r"inches|minutes|hours|celsius|fahrenheit|litres|liters|gallons"
)
"""Units a retraction swaps ("km covered — no wait, make it miles")."""

RETRACTION = rx.compile(
    r"(?:^|[.!?,;]\s*|\s)(?:no wait|no,? wait|wait,? no|actually no|no actually|scratch that|"
    r"(?:actually,? )?scrap that|"
    r"forget (?:that|it)|on second thought|never ?mind(?: that)?|sorry,? i meant|no,? sorry|"
    r"sorry,? no|hm+,? actually no|hm+,? no|oops,? no|actually,? (?:just|instead|rather)|"
    r"(?<=\.\.\.)\s*actually|actually(?=,? \d)|(?<=[-\u2013\u2014] )no(?=,? every )|"
    rf"actually(?=,? (?:{_UNITS})\b))"
    r"[\s,.!:\u2014\u2013-]+"
)
"""The user takes back what they said before it in the same message: read what follows."""
_HEAD = rx.compile(
    r"^(?P<head>.*?\b(?:should have|should get|need|needs|have|has|get|gets|add|store|keep|track|"
    r"record)) (?:an? |the |some )?[a-z][\w' ]*$"
)
_OBJECT = rx.compile(r"^(?:just |only |rather |instead )?(?P<o>(?:an?|the|some) [a-z].*)$")
_NAME = rx.compile(
    r"^(?:call it |make it |name it |i meant |rather |use |just )?'?(?P<n>[a-z][a-z0-9_]*)'?"
    r"(?:$|[,.;!] ?.*$)"
)
_NUMBER = rx.compile(
    r"^(?:make (?:it|that) |change (?:it|that) to |i meant |rather |more like |say )?"
    r"(?P<n>\d+(?:\.\d+)?)(?:$|[,.;!] ?.*$)"
)
_MOVED = rx.compile(
    r"^(?:just )?(?:put|move|add|keep) (?:it|that|them|this) (?:on|to|in) (?:the )?"
    r"(?P<e>[a-z][a-z ]*?)(?:(?::| -|,) (?P<f>.+))?$"
)


_WHOLE = rx.compile(r"scratch that|forget (?:that|it)|on second thought|never ?mind")
"""Retractions of everything said before; the others correct their own sentence ("— no wait,
…"), and the sentences before it stand."""


_SKIP = rx.compile(
    r"^(?P<said>.+?)[\s,]*(?:[-\u2014\u2013]+\s*)?(?:(?:actually|no|hmm+|wait|oh|sorry),?\s+)+"
    r"(?:skip|scratch|drop|forget|leave out|not) (?:the |that |those |about the )?(?P<w>[a-z]+)"
    r"(?:[ ,][^.;!?]*)?(?P<tail>[.;!?] .*)?$"
)
"""One thing of a list taken back ("a tide height and a swell height too - actually skip the
swell, the forecast covers it"): the list without it, the reason dropped."""


def _without_item(text: str) -> str:
    said = _SKIP.match(text)
    if said is None:
        return text
    word = said["w"].rstrip("s")
    items = rx.split(r"(,? and |, )", said["said"])
    kept = [i for i in items[::2] if not rx.search(rf"\b{word}", i)]
    if len(kept) == len(items[::2]) or not kept:
        return text
    return ", ".join(kept) + (said["tail"] or "")


_AGAIN = rx.compile(
    r"^(?:(?:(?:scrap|scratch|forget|ignore|drop) (?:that|it)|no wait|never ?mind(?: that)?)"
    r"[,.!]?\s+)+(?=[a-z])"
)
"""A second way of taking it back, right after the first."""
_LEFT_ALONE = rx.compile(
    r"^(?:leave|keep) (?:that|it|them|this)(?: as (?:it is|is|it was|[\w-]+))?(?: alone)?,? "
    r"(?:but |and |just )?(?=[a-z])"
)
"""What the retraction keeps as it was ("no sorry, leave that as false, but add …")."""


def after_retraction(text: str) -> str:
    """The part of the message that stands, completed from the part taken back; a topic said
    first stays ("bookings: paid … no sorry, … add the amount paid": the booking's)."""
    topic = rx.match(r"^[a-z][a-z_ ]{0,30}?: (?=[a-z])", text)
    kept = _standing(text)
    elsewhere = rx.search(r"\b(?:to|on|for|from|onto) (?:the |all |each |every )?[a-z]+$", kept)
    if topic is not None and kept != text and not kept.startswith(topic.group(0)) and not elsewhere:
        return topic.group(0) + kept
    return kept


def _standing(text: str) -> str:
    text = _without_item(text)
    taken_back = list(RETRACTION.finditer(text))
    if not taken_back or not text[taken_back[-1].end() :].strip():
        return text
    last = taken_back[-1]
    said = text[: last.start()].strip(" ,.;-\u2014\u2013")
    rest = _AGAIN.sub("", text[last.end() :].strip())  # "actually no, scrap that, i want …"
    rest = _LEFT_ALONE.sub("", rest) or rest
    ends = list(rx.finditer(r"[.;!?] ", said))
    if _WHOLE.search(last.group(0)) or not ends:
        return _completed(said, rest)
    kept = said[: ends[-1].end()]  # "… a risk level. members need a phone — no wait, a handle"
    only = _OBJECT.match(rest) if rx.match(r"(?:just|only) ", rest) else None
    named = rx.findall(r"[a-z]+", only["o"])[-1:] if only is not None else []
    if named and named[0] in rx.findall(r"[a-z]+", kept):
        return kept.strip()  # "dogs need a weight. owners need … scrap that, just the weight"
    return f"{kept}{_completed(said[ends[-1].end() :], rest)}"


def _completed(said: str, rest: str) -> str:
    said = rx.split(r"[.;!?] ", said)[-1]
    moved = _MOVED.match(rest)
    if (
        moved is not None and moved["f"]
    ):  # "… a balance — actually no, put it on orders: the points"
        return f"{moved['e']} need {moved['f']}"
    often = rx.match(
        r"^(?P<e>every (?:\d+ )?[a-z]+)(?: is better| would be better| instead| then)?$", rest
    )
    last_often = list(rx.finditer(r"\bevery (?:\d+ )?[a-z]+", said))
    if often is not None and last_often:  # "every hour - no, every 30 minutes is better"
        at = last_often[-1]
        return f"{said[: at.start()]}{often['e']}{said[at.end() :]}"
    unit = rx.match(rf"^(?:make (?:it|that) |use |in |rather |i meant )?(?P<u>{_UNITS})\b", rest)
    units = list(rx.finditer(rf"\b(?:{_UNITS})\b", said))
    if unit is not None and units:  # "km covered — no wait, make it miles": miles covered
        last = units[-1]
        return f"{said[: last.start()]}{unit['u']}{said[last.end() :]}"
    number = _NUMBER.match(rest)
    numbers = list(rx.finditer(r"\b\d+(?:\.\d+)?\b", said))
    if number is not None and numbers:  # "10 characters max - no wait, make it 12"
        last = numbers[-1]
        return f"{said[: last.start()]}{number['n']}{said[last.end() :]}"
    named = _NAME.match(rest)
    if named is not None and len(rest.split()) < 12:
        quoted = list(rx.finditer(r"'([a-z][\w -]*)'", said))
        if quoted:  # "add 'photo' to the source — no wait, call it 'customer_photo'"
            last = quoted[-1]
            return f"{said[: last.start()]}'{named['n']}'{said[last.end() :]}"
        added = rx.match(r"^(?P<h>(?:please )?add) [a-z_]+ (?P<t>(?:to|as|on) .+)$", said)
        if added is not None:  # "add photo to the reading source — no wait, call it x"
            return f"{added['h']} {named['n']} {added['t']}"
        renamed = rx.match(r"^(?P<h>.*\brename .+? (?:to|as|into)) [a-z_]+$", said)
        if renamed is not None:  # "rename a to b — no sorry, c"
            return f"{renamed['h']} {named['n']}"
        placed = rx.match(r"^(?P<h>.*\b(?:in|to|near)) (?:the )?[a-z]+$", said)
        if placed is not None:  # "the servers in frankfurt. actually scrap that, ireland"
            more = rx.search(r"[.;!?] (?P<m>.+)$", rest)  # "…, leeds. dogs need a weight."
            return f"{placed['h']} {named['n']}" + (f". {more['m']}" if more else "")
    head = _HEAD.match(said)
    thing = _OBJECT.match(rest)
    if head is not None and thing is not None:  # "tools should have a photo no wait just a link"
        return f"{head['head']} {thing['o']}"
    return rest
