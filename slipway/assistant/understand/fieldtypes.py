"""How a field's words become its name and type: special phrasings ("the number of pages",
"a JSON blob of attributes", "the date they were returned on"), types read from the words
("date", "count", "price", "flag"), and defaults read as the field's type."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.operations import Default
from slipway.assistant.understand.fieldasked import ASKED
from slipway.assistant.understand.lexicon import (
    BOOLEAN_PREFIXES,
    BOOLEAN_WORDS,
    COMPOUND_TYPES,
    IDENTIFIER_NUMBERS,
    LAST_WORD_TYPES,
    PARTICIPLES,
    UNITS,
    WHOLE_UNITS,
)
from slipway.assistant.understand.units import unit_dropped
from slipway.assistant.understand.words import number as word_number
from slipway.assistant.understand.words import past, singular, snake


def value_word(text: str) -> str:
    word = rx.sub(r"^(?:a|an|the)\s+", "", text.strip().lower()).strip(" .'\"")
    return rx.sub(r"\s+", "_", word)


_WHO = r"(?:when |that |on which |in which )?(?:it|they|he|she|we|the \w+) "


SPECIAL: tuple[tuple[str, str, str], ...] = (
    *ASKED,
    (  # "whether there is a toilet": has_toilet
        r"^(?:whether|if) there(?: is| are|'s|s) (?:an? |any |some )?(?P<x>[a-z]+(?: [a-z]+)?)"
        r"(?: (?:for|at|on|in)(?: (?:the|a|an|their|its|our) [a-z]+)?)?$",
        "has_{x}",
        "boolean",
    ),
    (r"^number of (?P<x>[\w ]+?)(?: (?:it|they|he|she) \w+)?$", "{x}", "integer"),
    (
        r"^(?P<a>total|overall|maximum|max|minimum|min|average|expected|estimated) number "
        r"of (?P<x>[\w ]+?)$",
        "{a}_{x}",
        "integer",
    ),
    (
        r"^(?:count|number|tally) of how many times (?:it|they|he|she)(?:'s| is| has| was| have)"
        r"(?: been)? (?P<x>\w+)(?: .*)?$",
        "times_{x}",
        "integer",
    ),
    (r"^count of (?P<x>[\w ]+)$", "{x}_count", "integer"),
    (
        r"^(?:timestamp|time|datetime|moment) (?:for |of )?when (?:it|they|the \w+) (?:was|were|is|"
        r"got|gets) (?P<x>\w+)$",
        "{x}_at",
        "datetime",
    ),
    (
        r"^(?P<a>temperature|weight|height|length|width|depth|volume|level|pressure|speed|size) of "
        r"(?:the )?(?P<x>[a-z]+)$",
        "{x}_{a}",
        "number",
    ),
    (
        r"^json(?:b)?(?: blob| object| document| field| data| map| payload)? (?:of|for|with|"
        r"containing|holding) (?P<x>[\w ]+)$",
        "{x}",
        "json",
    ),
    (r"^(?P<x>[\w ]+?) (?:as|in) json$", "{x}", "json"),
    (r"^(?P<x>[\w -]+?) (?:flag|checkbox|check box|tick ?box|toggle)$", "{x}", "boolean"),
    (
        r"^(?:time|timestamp|datetime|moment) (?:of|for) (?:the |their |its |his |her |each |"
        r"every )?(?P<x>[\w ]+)$",
        "{x}_at",
        "datetime",
    ),
    (
        r"^(?:date|day) (?:of|for) (?:the|their|its|his|her|each|every) (?P<x>[\w ]+)$",
        "{x}_on",
        "date",
    ),
    (
        r"^how long (?:it|they|he|she|(?:an? |the )?\w+(?: \w+)?) (?:took|takes|take|lasted|lasts|"
        r"last|ran|runs|spent|spends|needed|needs|waited|waits)(?: to \w+)?(?P<x>)$",
        "duration",
        "integer",
    ),
    (
        r"^whether (?:you|they|we|one|people|customers|patients|users|it) (?:need|needs|require|"
        r"requires) (?:an? |the )?(?P<x>[\w ]+?)(?: for (?:it|them|this|that))?$",
        "{x}_required",
        "boolean",
    ),
    (
        r"^(?:flag|tick ?box|checkbox|yes/no) (?:for |to say |to show |saying |indicating )?"
        r"(?:whether |if )?(?:it is |they are |it's |they're |it was |they were )?(?P<x>[\w ]+)$",
        "{x}",
        "boolean",
    ),
    (
        r"^whether (?:it|they|the \w+|\w+) (?:is|are) (?P<x>(?:ok|okay|good|suitable|safe|fine|fit|"
        r"ready|open|available) for [\w ]+)$",
        "{x}",
        "boolean",
    ),  # "whether it's ok for beginners": ok_for_beginners
    (
        r"^whether (?:it|they|the \w+|\w+) (?:is|are|was|were|has been) (?:an? )?(?P<x>[\w -]+)$",
        "is_{x}",
        "boolean",
    ),
    (
        r"^(?:date|day) (?:when |that |on which )?(?:it|they|he|she|the \w+) (?:is|was|were|are"
        r"|got|get|gets|has been|have been) (?P<x>(?:last |first )?\w+)(?: on| at)?$",
        "{x}_on",
        "date",
    ),
    (
        r"^(?:time|moment|timestamp) (?:when |that |at which )?(?:it|they|he|she|the \w+) "
        r"(?:is|was|were|are|got|get|gets|has been|have been) (?P<x>\w+)(?: on| at)?$",
        "{x}_at",
        "datetime",
    ),
    (
        r"^when (?:it|they|he|she|(?:a |an |the )?\w+) "
        r"(?:is|was|were|are|got|gets|get|has been) (?P<x>(?:last |first )?\w+(?: off| up| out|"
        r" back)?)"
        r"(?: (?:at|in|on|by|"
        r"from|into|to) (?:the |a |an |our )?[a-z]+)?$",
        "{x}_at",
        "datetime",
    ),
    (
        r"^when (?:it|they|he|she|(?:a |an |the )?\w+) (?P<x>(?:last |first )?\w+ed(?: up| in| out"
        r"| off| on| back)?)$",
        "{x}_at",
        "datetime",
    ),
    (r"^date of (?P<x>[\w ]+)$", "date_of_{x}", "date"),
    (  # "when each horse is next due": next_due_on
        r"^when (?:it|they|he|she|(?:an? |the |each |every )?\w+) (?:is|are) next (?P<x>due|needed|"
        r"expected|booked|open)$",
        "next_{x}_on",
        "date",
    ),
    (  # "how they heard about us": where they came from
        r"^how (?:did |do |does )?(?:they|he|she|you|it|(?:the |each )?\w+) (?:heard|hear|"
        r"found out|find out|learned|learn|learnt) "
        r"(?:about|of) (?:us|the \w+)(?P<x>)$",
        "heard_about_us",
        "string",
    ),
    (  # "when did we buy it": bought_on
        r"^when did (?:we|they|you|i|he|she) (?P<x>buy|sell|get|make|build|pay|send|find|take|"
        r"give|\w+) (?:it|them|this|that|one)$",
        "{past}_on",
        "date",
    ),
    (  # "when did each member join": joined_on
        r"^when did (?:it|they|he|she|each \w+|every \w+|the \w+) (?P<x>\w+)(?: (?:us|up|in|on))?$",
        "{past}_on",
        "date",
    ),
    (  # "the date it runs out": when it expires
        r"^(?:the )?(?:date|day) (?:when |that |on which )?(?:it|they|this|that) (?:runs? out|"
        r"expires?|lapses?|is no longer valid|stops? being valid)(?P<x>)$",
        "expires_on",
        "date",
    ),
    (  # "whether they want the monthly newsletter": wants_newsletter
        r"^whether (?:it|they|he|she|the \w+) (?:want|wants|would like|opt in to|opted in to|"
        r"signed up (?:to|for)) (?:the |a |an |our |their )?(?:(?:monthly|weekly|daily|quarterly|"
        r"annual|yearly|email|e-?mail) )?(?P<x>\w+)$",
        "wants_{x}",
        "boolean",
    ),
    (r"^whether (?:it|they|he|she|the \w+) (?P<x>\w+ed(?: \w+)?)$", "{x}", "boolean"),
    (
        r"^whether (?:it|they|he|she|the \w+) (?:can|could) (?P<x>\w+(?: \w+)?)$",
        "can_{x}",
        "boolean",
    ),
    (  # "whether they have to wear a muzzle": muzzle_required
        r"^whether (?:it|they|he|she|the \w+) (?:have to|has to|must|need to|needs to) (?:wear|use|"
        r"have|bring|carry|take|show|sign) (?:an? |the |their |its )?(?P<x>\w+(?: \w+)?)$",
        "{x}_required",
        "boolean",
    ),
    (  # "whether they qualify for NHS funding": nhs_funding_eligible
        r"^whether (?:it|they|he|she|the \w+) (?:qualify|qualifies|is eligible|are eligible) for "
        r"(?P<x>\w+(?: \w+)?)$",
        "{x}_eligible",
        "boolean",
    ),
    (  # "whether they've got the certificate": has_certificate
        r"^whether (?:it|they|he|she|the \w+) (?:have|has) got (?:the |a |an |their |its |his "
        r"|her )(?P<x>\w+(?: \w+)?)$",
        "has_{x}",
        "boolean",
    ),
    (  # "whether we've charged the customer for it yet": customer_charged
        r"^whether (?:we|i|you|someone|somebody|staff)(?: have| has|'ve)? "
        r"(?P<x>\w+ed|told|paid|sent|given|shown|seen|met|rung|sold|made|kept) (?:the |a |an "
        r"|their |its |his |her )?(?P<a>\w+)(?: (?:for|about|on) (?:it|that|this|them))?"
        r"(?: yet| already| back)?$",
        "{a}_{x}",
        "boolean",
    ),
    (
        r"^how many (?P<x>kilos|kilograms|kg|grams|litres|liters|hours|miles|metres|meters|tonnes|"
        r"pounds|minutes)$",
        "{x}",
        "number",
    ),
    (  # "how many kilos": kilos, a count
        r"^how many (?P<x>(?!(?:of|times|got|get|were|was|have|are|is)\b)[a-z]+(?: [a-z]+)?)$",
        "{x}",
        "integer",
    ),
    (  # "how much deposit": deposit, an amount
        r"^how much (?P<x>(?!it\b|they\b|of\b)[a-z]+(?: [a-z]+)?)$",
        "{x}",
        "number",
    ),
    (r"^how much(?: (?:it|they|that) (?:cost|costs|was|were))?(?P<x>)$", "amount", "number"),
    (r"^what (?:it|they|that) (?:cost|costs)(?P<x>)$", "cost", "number"),
    (  # "what kind (hay, straw or chaff)": its kind
        r"^(?:what|which) (?P<x>kind|type|sort|size|colour|color|grade|level|category|breed|"
        r"flavour|flavor|shape|style|variety)(?: (?:it is|it's|they are|they're))?$",
        "{x}",
        "string",
    ),
    (
        r"^what (?:was|got|has been|were) (?:done|fixed|repaired|carried out)(?P<x>)$",
        "work_done",
        "string",
    ),
    (  # "how many got qc checked": qc_checked, a count
        r"^how many (?:of them |units |items |records )?(?:got|get|were|was|have been|are) "
        r"(?P<x>\w+(?: \w+)?)$",
        "{x}",
        "integer",
    ),
    (  # "whether they have signed the health waiver": signed_health_waiver
        r"^whether (?:it|they|he|she|the \w+) (?:have |has )?(?P<x>\w+ed) (?:the |a |an |their "
        r"|its |his |her )(?P<a>\w+(?: \w+)?)$",
        "{x}_{a}",
        "boolean",
    ),
    (rf"^(?:date|day) {_WHO}(?P<x>\w+ed)\b.*$", "{x}_on", "date"),
    (rf"^(?:time|moment) {_WHO}(?P<x>\w+ed)\b.*$", "{x}_at", "datetime"),
    (
        rf"^year {_WHO}(?:was |were |is |are |got )?(?P<x>\w+?)(?: in| on)?$",
        "{x}_year",
        "integer",
    ),
    (
        r"^who (?:it|they|he|she)(?:'s|'re| is| are| was| were)? (?P<x>\w+ed) (?P<p>to|by)$",
        "{x}_{p}",
        "ref",
    ),
    (r"^who (?P<x>\w+ed) (?:it|them)$", "{x}_by", "string"),
    (
        r"^(?:date|day) (?:when |on which )?(?:the |its |their )?(?P<x>[a-z]+) (?:runs out|expires|"
        r"ends|is over|lapses|stops)$",
        "{x}_ends_on",
        "date",
    ),
    (r"^(?:date|day|deadline) (?:by which|until which|before which) .+(?P<x>)$", "due_on", "date"),
    (
        r"^how (?:often|many times) (?:it|they|he|she|(?:a |an |the )?\w+) (?:is|was|were|are|"
        r"gets|got|has been|have been) (?P<x>\w+ed)(?: out| up| in| back| off)?$",
        "{x}_count",
        "integer",
    ),
    (
        r"^how (?:far along|far|much progress) (?:it|they|he|she|(?:a |an |the )?\w+) "
        r"(?:is|are|has got|have got|has come|have come|has made|have made|got)(?P<x>)$",
        "progress",
        "number",
    ),
    (
        r"^how long (?:did|does|do|will|would) (?:it|they|he|she|(?:an? |the )?\w+(?: \w+)?) "
        r"(?:take|last|run|need)(?P<x>)$",
        "duration",
        "integer",
    ),
    (r"^(?P<x>[\w ]+?) (?:list|array|set|collection)$", "{x}", "json"),
    (r"^(?:list|array|set|collection) of (?P<x>[\w ]+)$", "{x}", "json"),
)
"""(pattern, name, type): phrasings whose name is not simply their words."""


def special(text: str) -> tuple[str, str] | None:
    """Phrasings whose name is not simply their words; "a flag saying whether a topper is
    wanted" is named as "whether a topper is wanted" is (``topper_wanted``)."""
    asked = rx.sub(
        r"^(?:an? )?(?:flag|tick ?box|checkbox|yes/no) (?:for|to say|to show|saying|"
        r"indicating) (?=whether )",
        "",
        text,
    )
    if asked != text and (inner := special(asked)) is not None and inner[1] == "boolean":
        return inner
    for pattern, name, kind in SPECIAL:
        match = rx.match(pattern, text)
        if match:
            x = snake(match.group("x")) or ("-" if "{x}" not in name else "")
            if x:
                a = match.groupdict().get("a")
                a_said = snake(a) if a else a
                return name.format(x=x, a=a_said, p=match.groupdict().get("p"), past=past(x)), kind
    return None


SERIES = {"issue", "episode", "volume", "chapter", "edition", "season", "round", "lap", "stage",
          "page", "track", "floor", "week", "version", "step", "sequence", "line"}  # fmt: skip
"""What is counted in order: its number is a whole number ("issue number"), not a code."""
MEASURES = {"watt", "watts", "kw", "kwh", "kwp", "wp", "mw", "mwh", "volt", "volts", "amp", "amps",
            "mah", "kg", "km", "cm", "mm", "ml", "litre", "liter", "litres", "liters", "gram",
            "grams", "celsius", "fahrenheit", "psi", "db", "lux", "kmh", "mph", "miles",
            "kilometres", "kilometers", "kilos", "kilograms", "metres", "meters"}  # fmt: skip
"""Unit words that lead a quantity's name."""


_QUALIFYING = {"after", "before", "per", "of", "at", "during", "when", "on", "in", "for", "to",
               "until", "till", "since"}  # fmt: skip
"""Words after which a name only qualifies what it starts with ("weight after roasting")."""


def infer_type(name: str, unit: object = None) -> str:
    words = name.split("_")
    last, first = words[-1], words[0]
    if unit is not None:
        return "integer" if unit in WHOLE_UNITS else "number"
    if len(words) > 1 and first in BOOLEAN_PREFIXES:
        return "boolean"
    if {"percent", "percentage", "pct"} & set(words):
        return "number"
    if len(words) > 1 and last == "number" and words[-2] in SERIES:
        return "integer"
    if name.endswith("_at"):
        return "datetime"
    if name.endswith("_on"):
        return "date"
    if len(words) > 1 and last in IDENTIFIER_NUMBERS:
        inner = COMPOUND_TYPES.get("_".join(words[-3:-1]), "string")  # "display order number"
        return "integer" if inner in ("integer", "number") else "string"
    if len(words) > 1 and (last in PARTICIPLES or (last.endswith("ed") and len(last) > 4)):
        inner = infer_type("_".join(words[:-1]))  # "price paid", "amount due"
        if inner in ("integer", "number", "date"):
            return inner
    if "_".join(words[-2:]) in COMPOUND_TYPES:
        return COMPOUND_TYPES["_".join(words[-2:])]
    if len(words) > 1 and first in ("max", "min", "maximum", "minimum"):  # "max occupancy"
        inner = infer_type("_".join(words[1:]))
        return inner if inner in ("integer", "number") else "integer"
    for word in (last, singular(last)):
        if word in LAST_WORD_TYPES:
            return LAST_WORD_TYPES[word]
    if first in MEASURES:  # "watt peak", "kwh used": a quantity in that unit
        return "number"
    if len(words) > 1 and len(last) > 1 and last in UNITS:
        unit = UNITS[last]  # "weight_kg", "length_cm", "duration_minutes"
        return "integer" if unit in WHOLE_UNITS else "number"
    cut = next((i for i, w in enumerate(words[1:-1], 1) if w in _QUALIFYING), 0)
    cut = 0 if cut == 1 and first == "time" else cut  # "time to complete" is no point in time
    if cut and infer_type("_".join(words[:cut])) != "string":  # "weight after roasting"
        return infer_type("_".join(words[:cut]))
    if len(words) == 1 and last in BOOLEAN_WORDS:
        return "boolean"
    return "string"


def coerce_default(raw: object, kind: str, values: list[str], name: str = "") -> Default | None:
    """``raw`` as a default of a field of ``kind`` (named ``name``: its unit may follow the
    number), None when it cannot be one."""
    text = str(raw).strip().strip("'\"").lower()
    if kind == "boolean":
        truthy = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
        return truthy.get(text)
    if kind in ("integer", "number"):
        text = unit_dropped(text, name)
        number = rx.fullmatch(r"-?\d+(?:\.\d+)?", text.replace(",", ""))
        if number is None:
            zero = text in ("zero", "nil", "nought", "nothing")  # "default that to zero"
            return 0 if zero else (word_number(text) if text not in ("a", "an") else None)
        return float(text) if "." in text and kind == "number" else int(float(text))
    if kind == "enum":
        word = value_word(text)
        return word if word in values else None
    if kind in ("string", "json", "date", "datetime") and rx.fullmatch(r"[^,\n#<>`]{1,100}", text):
        return text
    return None
