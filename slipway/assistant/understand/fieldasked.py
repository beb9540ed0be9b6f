"""Fields said as what staff would ask of a record, named by what they hold: "whether it has a
wood burner" (``has_wood_burner``), "whether it was live or pre-recorded" (``is_live``), "whether
the show is syndicated from another station" (``is_syndicated``), "how much they pay a month"
(``amount_per_month``), "the date the deal started" (``deal_started_on``), "how many times a day
it plays" (``plays_per_day``), "the date we got it" (``received_on``), "whether we can claim gift
aid on it" (``can_claim_gift_aid``), "the last time each tree was pruned" (``last_pruned_on``),
"whether they've opted in to our text reminders" (``reminders_opt_in``), "how many places there
are" (``places``), "how far I drove to get there" (``distance``). Read before the rest of
``fieldtypes.SPECIAL``."""

from __future__ import annotations

_HOW = {
    "heavy": ("weight", "number"),
    "tall": ("height", "number"),
    "wide": ("width", "number"),
    "deep": ("depth", "number"),
    "far": ("distance", "number"),
    "old": ("age", "integer"),
    "hot": ("temperature", "number"),
    "fast": ("speed", "number"),
}
"""A measure asked as "how heavy a parcel is": its name and type."""

ASKED: tuple[tuple[str, str, str], ...] = (
    (  # "the last time each tree was pruned": last_pruned_on
        r"^(?:the )?last (?:time|date|day) (?:when |that )?(?:each |every |the |an? |it |they )?"
        r"(?:\w+ )?(?:was|were|got|had been|has been) (?P<x>\w+ed)$",
        "last_{x}_on",
        "date",
    ),
    (  # "whether they have opted in to our text message reminders": reminders_opt_in
        r"^whether (?:it|they|he|she|the \w+) (?:have |has |had )?opted in (?:to|for) (?:the |our |"
        r"their |its |an? )?(?:[\w-]+ ){1,3}(?P<x>\w+)$",
        "{x}_opt_in",
        "boolean",
    ),
    (  # "how many places there are": places
        r"^how many (?P<x>\w+) (?:there are|are there|there will be)$",
        "{x}",
        "integer",
    ),
    (  # "how far I drove to get there": the distance
        r"^how far (?:i|we|they|he|she|you|it|the \w+) (?:drove|drive|drives|travell?ed|travels?|"
        r"walked|walks?|went|goes|go|cycled|rode|sailed|flew|came)(?: to (?:get )?(?:there|it|the "
        r"\w+|their \w+|each \w+|an? \w+)| there| in total| altogether)?(?P<x>)$",
        "distance",
        "number",
    ),
    *(
        (
            rf"^(?:roughly |about |approximately )?how {word}(?: (?:it|they|(?:an? |the )?\w+) "
            rf"(?:is|are|was|were))?(?P<x>)$",
            name,
            kind,
        )
        for word, (name, kind) in _HOW.items()
    ),
    (  # "whether it has a wood burner": has_wood_burner
        r"^whether (?:it|they|the \w+) (?:has|have|comes with|come with) (?!been |got |to |not )"
        r"(?:an? |any |its own |their own )?(?P<x>[a-z]+(?: [a-z]+)?)$",
        "has_{x}",
        "boolean",
    ),
    (  # "whether it was live or pre-recorded": is_live
        r"^whether (?:it|they|the \w+) (?:is|are|was|were) (?:an? )?(?P<x>[\w-]+) or [\w-]+"
        r"(?: [a-z]+)?$",
        "is_{x}",
        "boolean",
    ),
    (  # "whether the show is syndicated from another station": is_syndicated
        r"^whether (?:it|they|the \w+|\w+) (?:is|are|was|were|has been) (?P<x>\w+(?:ed|en)) "
        r"(?:from|by|to|with|at|on|in|for|into|onto) [\w ]+$",
        "is_{x}",
        "boolean",
    ),
    (  # "how much they pay a month": amount_per_month
        r"^how much (?:they|it|he|she|we|you|the \w+) (?:pays?|charges?|costs?|spends?|gives?|"
        r"donates?|contributes?|earns?) (?:a|per|each|every) "
        r"(?P<x>month|week|year|day|night|hour)$",
        "amount_per_{x}",
        "number",
    ),
    (  # "the date the deal started": deal_started_on
        r"^the (?:date|day) (?:the |their |its |our )(?P<x>[a-z]+) (?P<a>[a-z]+ed)$",
        "{x}_{a}_on",
        "date",
    ),
    (  # "how many times a day it plays": plays_per_day
        r"^how many times (?:a|per|each) (?P<p>day|week|month|year|night|hour) (?:it|they|the \w+) "
        r"(?P<x>[a-z]+?)s?$",
        "{x}s_per_{p}",
        "integer",
    ),
    (  # "the date we got it": received_on
        r"^the (?:date|day) (?:we|they|you|i) (?P<x>got|received|took in|collected) (?:it|them)$",
        "received_on",
        "date",
    ),
    (  # "whether we can claim gift aid on it": can_claim_gift_aid
        r"^whether (?:we|they|you|i) can (?P<x>[a-z]+(?: [a-z]+){0,2}?)(?: (?:on|for|with|from|"
        r"against) (?:it|them|this|that))?$",
        "can_{x}",
        "boolean",
    ),
    (  # "the date it first started ringing": started_ringing_on
        r"^(?:the )?(?:date|day|year) (?:it|they|he|she|the \w+) (?:first )?(?P<x>started|began) "
        r"(?P<a>[a-z]+ing)$",
        "{x}_{a}_on",
        "date",
    ),
    (  # "whether the owner paid it": paid
        r"^whether (?:the \w+|they|he|she|we) (?P<x>paid|sent|sold|signed|accepted|approved|"
        r"returned|received|\w+ed) (?:it|them|this|that)$",
        "{x}",
        "boolean",
    ),
    (  # "a date it's valid until": valid_until
        r"^(?:the |a )?(?:date|day) (?:it|they) (?:is|are) (?P<x>valid|open|available|good|usable) "
        r"(?:until|till|to|through)$",
        "{x}_until",
        "date",
    ),
    (  # "the date the next MOT is due": next_mot_due
        r"^(?:the )?(?:date|day) (?:when )?(?:the |its |their |our |it's |his |her )?"
        r"(?!(?:it|they|he|she|we|i|you)\b)(?P<x>(?:next |last )?[a-z]+) (?:is|are|falls?|was) "
        r"(?P<a>due|expected|booked|planned|scheduled)$",
        "{x}_{a}",
        "date",
    ),
    (  # "the date each presenter first joined the station": joined_on
        r"^(?:the )?(?:date|day) (?:when )?(?:each|every|the|a|an) [a-z]+ (?:first |last )?"
        r"(?P<x>[a-z]+ed)(?: (?:the|our|us|a|an) [a-z]+| us)?$",
        "{x}_on",
        "date",
    ),
    (  # "whether a topper is wanted": topper_wanted
        r"^whether (?:an? |the |any )?(?P<x>[a-z]+) (?:is|are) (?P<a>wanted|needed|required|"
        r"requested|included|booked|ordered|provided)$",
        "{x}_{a}",
        "boolean",
    ),
    (  # "how many listeners called in": call_ins
        r"^how many (?P<x>[a-z]+) (?:called|rang|phoned) in(?: per [a-z]+)?$",
        "call_ins",
        "integer",
    ),
)
