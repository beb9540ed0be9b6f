"""What a field holds, said as a clause ("who dropped the dog off", "how much was paid upfront",
"how long the stay lasts in nights", "if it needs medication"), put as the thing it names
("a dropped_off_by (text)", "an amount paid upfront (number)", …), which the field rules read.

Also the field said with the story of what happens ("When guests pick up the keys we'd like
to log the exact time against their stay" → ``keys_picked_up_at``; "guests pay a refundable
damage deposit on every stay - we need to store how much it was"; "a rough year they were made";
"what they cost us per unit - a book of gold leaf is £38.50 at the moment").

Each rewrite names the field from the clause's own words and says its type; a clause about
changes ("who changed it", "who deleted what") is an audit trail, left to its rule.
"""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant import rx
from slipway.assistant.understand.words import past

_WHO = r"(?:it|they|he|she|we|you|the [a-z]+|its [a-z]+|their [a-z]+)"
_UNIT = r"(?:minutes|hours|days|nights|weeks|months|years)"
_PER = r"(?:day|night|week|month|year|hour|visit|stay|session|shift)"
_AUDIT = r"(?:changed|edited|modified|updated|deleted|removed|created|touched|made)"
_ASKED = (
    r"(?:^|(?<=^the )|(?<=\bneed )|(?<=\bneeds )|(?<=\bknow )|(?<=\brecord )|(?<=\bstore )|"
    r"(?<=\btrack )|(?<=\bnote )|(?<=\bcapture )|(?<=\bkeep )|(?<=\badd )|(?<=\band )|"
    r"(?<=\bhave )|(?<=\bhas )|(?<=\bwant )|(?<=\bwants )|(?<=\bplus )|(?<=, )|(?<=: ))"
)
"""Where a field's clause starts: after what asks for it, never after a noun ("the agent who wrote
it" is a reference to an agent)."""
_THING = r"(?:the |a |an |it|them|him|her|their |its |this |that )?(?:[a-z]+)?"


def _does(m: rx.Match) -> str:
    verb = m["v"] if m["v"].endswith("s") else f"{m['v']}s"
    return f"a {verb} flag"


def _moment(m: rx.Match) -> str:
    """ "when guests pick up the keys, we'd like to log the exact time against their stay"."""
    verb = "_".join([past(m["v"]), *([m["p"]] if m["p"] else [])])
    return f"record a {m['o']}_{verb}_at (datetime) on each {m['e']}"


_ROUGH = r"(?:rough |approximate |rough-ish |known )?"

REWRITES: tuple[tuple[str, str | Callable[[rx.Match], str]], ...] = (
    # "most of our exhibits have a rough year they were made": the year made, of every exhibit
    (r"^(?:most|many|some|all|a lot|lots|plenty) of (?:our|the) (?=[a-z]+s (?:have|has|come "
     rf"with) (?:an? |the )?{_ROUGH}year (?:they|it) (?:were|was) )", ""),
    (rf"\ban? {_ROUGH}year (?:they|it) (?:were|was) (?P<v>made|built|founded|bought|painted|cast|"
     r"written|restored|installed|born|planted|opened|started|adopted)(?: in)?\b",
     r"a \g<v>_year (integer)"),
    # "what they cost us per unit - a book of gold leaf is £38.50 at the moment": the cost
    (r"\bwhat (?:they|it|each one|each) costs? (?:us )?(?P<p>per (?:unit|item|piece|metre|meter|"
     r"kg|litre|liter|hour|sheet|roll|book|day|night|week|month|visit|session))\b",
     r"a cost \g<p> (number)"),
    (r"(?<=\(number\))\s*[-\u2013\u2014:,]\s*(?:e\.?g\.? |like |say )?(?:an? |the )?[a-z ]+ (?:is|"
     r"costs?|was) [£$€]?\d[\d.,]*(?: [a-z]+)?(?: at the moment| right now| now| currently)?"
     r"(?=$|[.;!?])", ""),
    # "most of our games run 45 min now, change the default": the duration's default
    (r"^(?:most|many|nearly all|all) (?:of )?(?:our |the )?(?P<e>[a-z]+s) (?:run|last|take|go on "
     r"for) (?P<n>\d+) ?(?:min|mins|minutes)(?: now| these days| nowadays)?,? (?:so )?(?:please )?"
     r"(?:change|update|set|adjust) the default$",
     r"the default duration of \g<e> is \g<n> minutes"),
    # "orders need date deposit paid": the date the deposit was paid
    (r"\b(?:need|needs|have|has|add|want|record|store)(?: an?| the)? date (?P<x>[a-z]+ (?:paid|"
     r"received|sent|signed|returned|collected|delivered|booked|confirmed))(?=$|[,.;!?]| and )",
     lambda m: f"{m[0].split(' date ')[0]} {m['x']} date"),
    # "the raw checklist json from the tablet app": where it comes from is no part of it
    (r"(?<=json) from (?:the|our|their) (?:[a-z]+ ){0,2}(?:app|system|form|website|site|portal|"
     r"device|tablet|api|scanner|machine)\b", ""),
    # "knowing an invoice is paid isn't enough, I need the day the money actually arrived"
    (r"^knowing (?:an? |the |each |that )?(?P<e>[a-z]+) (?:is|was|has been|got) [a-z]+ (?:isn't|"
     r"is not|is never|wasn't) enough,? (?:i|we) (?:need|want|would like) ", r"\g<e> need "),
    (r"\bthe (?:day|date) (?:when )?the (?:money|payment|cash|transfer) (?:actually |really )?(?:"
     r"arrived|came in|landed|cleared|was received|got to us)\b", "the payment received date"),
    # "guests pay a refundable damage deposit on every stay - we need to store how much it was"
    (r"^(?:the |our )?[a-z]+ (?:pay|leave|give us|put down|hand over|pay us) (?:an? |the )?(?:"
     r"refundable |non-refundable |one-off |small |)(?P<x>[a-z]+(?: [a-z]+)?) (?:on|for|with) "
     r"(?:every|each|a|the) (?P<e>[a-z]+)\s*(?:[-\u2013\u2014,.;:]\s*)?(?:so )?(?:we|i) (?:need|"
     r"want|would like|have) to (?:store|record|know|keep|track|log|note) how much (?:it was|it "
     r"is|they paid|that was|it came to)(?=$|[.;!?])", r"each \g<e> need a \g<x> (number)"),
    # "when guests pick up the keys we'd like to log the exact time against their stay"
    (r"\bwhen (?:the |our )?[a-z]+ (?P<v>[a-z]+) (?P<p>up|off|in|out|back|down)? ?(?:the |their |"
     r"its )?(?P<o>[a-z]+),? (?:we'd|we would|i'd|i would|we want to|we need to|i want to) "
     r"(?:like to )?(?:log|record|store|track|note|keep|capture|know) (?:the )?(?:exact |precise |"
     r"actual )?(?:time|moment|date and time) (?:against|on|for) (?:their|the|each|its) "
     r"(?P<e>[a-z]+)(?=$|[.;!?])", _moment),
    # "please add whether it needs medication to stays": what follows "add" is a clause
    (r"^(?:please )?(?:add|include|put|store|record|keep) (?P<x>(?:whether|if|when|how many|how "
     r"much|how long|how often|who|what|(?:an? )?(?:true/false|yes/no|flag|checkbox|tick box) "
     r"(?:for|saying|that says|to say) (?:whether|if)) [^.;?!]+?) (?:to|on|for|in) "
     r"(?P<e>(?:the |all |each |every |our )?[a-z]+)$", r"\g<e> need \g<x>"),
    # "a flag for dogs that bite" → bites
    (r"\b(?:an? )?(?:flag|marker|checkbox|check box|tick box|yes/no) (?:for|marking) (?:the )?"
     r"[a-z]+ (?:that|who|which) (?!(?:defaults?|is|are|has|have|was|were|can|should|must)\b)"
     r"(?P<v>[a-z]+)\b", _does),
    # "a notes field for special requests": what the field is for is no part of its name
    (r"\b(?P<f>(?!(?:a|an|the|some|one|new|extra)\b)[a-z]+(?: [a-z]+)?) (?:field|column) for "
     r"[a-z ]+?(?=$|[,.;]| and )", r"\g<f>"),
    # "some seats are wheelchair accessible": a yes/no field of seats
    (r"^(?:some|certain|a few|not all|many) (?P<e>[a-z]+) (?:are|can be) (?P<a>[a-z]+(?:[ -]"
     r"[a-z]+)?)(?:,? (?:so )?(?:please )?(?:add|record|track|store|mark|note) (?:that|this|it)"
     r"(?: too)?)?$", r"\g<e> need a \g<a> flag"),
    # "an after-hours access flag on members": the flag is its words
    (r"\b(?P<x>(?!(?:an?|the|one|new|that|this|some|drop|remove|delete|add|rename|make|set|"
     r"turn|put|give|need|needs|want|wants|keep|use)\b)[a-z]+(?:[ -](?!(?:that|this|these|those|"
     r"the|it|its|their)\b)[a-z]+){1,2}) (?:flag|"
     r"checkbox|tick box)(?= on | in | to |,|\.|;|$)", r"\g<x> (boolean)"),
    # "a free-text clinical notes field": free text is the type
    (r"\bfree[- ]?text (?P<x>[a-z]+(?: [a-z]+)?) (?P<f>field|column)\b", r"\g<x> (text) \g<f>"),
    # "exactly when each treatment was paid", "the pet actually checked in"
    (r"\b(?:exactly|actually|precisely|really) (?=when\b|who\b|how\b|[a-z]+ed\b)", ""),
    # "the time the pet checked in at reception" → when the pet checked in
    (r"\bthe (?:time|moment|hour|date and time) (?P<s>(?:the|a|an|each|their|its) [a-z]+) "
     r"(?P<v>[a-z]+ed)(?P<p> in| out| up| back| off)?(?: at [a-z ]+?)?(?= for | on |$|[,.;])",
     r"when \g<s> \g<v>\g<p>"),
    # "the year each vehicle was manufactured" → manufactured_year; "… was last laid" →
    # last_laid_year
    (r"\bthe year (?P<s>(?:each|every|the|a|an) [a-z]+) (?:was|is|were|got) (?P<l>(?:last|first) )?"
     r"(?P<v>[a-z]+ed|made|built|bought|drawn|written|founded|born|laid|sold|dug|grown|cut|"
     r"sewn|run|held)\b",
     lambda m: f"a {(m['l'] or '').replace(' ', '_')}{m['v']}_year (integer) for {m['s']}"),
    # "the date each presenter first joined the station" → first_joined_on
    (r"\bthe (?:date|day) (?P<s>(?:each|every) [a-z]+) (?P<l>(?:last|first) )?(?P<v>[a-z]+ed)(?: "
     r"(?:the|our|us|a|an) [a-z]+| us)?(?=$|[,.;?!])",
     lambda m: f"a {(m['l'] or '').replace(' ', '_')}{m['v']}_on (date) for {m['s']}"),
    # "a notes field on appointments, the vets write a lot there": the rest is a remark
    (r"(?P<h>\b(?:field|column) (?:on|to|for) [a-z]+), (?:the |our |because |as |since )[^.;]*"
     r"(?=\.?$)", r"\g<h>"),
    # "when each treatment was paid (timestamp)": the type of a "when" is a time already
    (r"(?P<h>\bwhen [^()]+?) \((?:timestamp|date and time|datetime|time|the time|date)\)",
     r"\g<h>"),
    # "we also need when the pet checked in"
    (r"^(?:we |i )?(?:also )?(?:need|want) (?=(?:when|who|whether|how (?:many|much|long|often)) )",
     "we need to know "),
    # "if it needs medication" is "whether it needs medication"
    (r"\b(?P<h>need|needs|know|record|store|track|note|capture|keep|add) if\b", r"\g<h> whether"),
    # "who dropped the dog off" → dropped_off_by
    (rf"{_ASKED}who (?!{_AUDIT}\b)(?P<v>[a-z]+ed|brought|took|sent|paid|signed|made|wrote|"
     rf"gave|found|caught|drove|rode|led|ran|taught|sold|bought|met|left|kept|held|saw|chose|"
     rf"picked) "
     rf"(?:{_THING} ?)?(?P<p>off|in|up|out|back|over|away|through)\b",
     r"a \g<v>_\g<p>_by (text)"),
    (rf"{_ASKED}who (?!{_AUDIT}\b)(?P<v>[a-z]+ed|brought|took|sent|paid|signed|wrote|gave|found|"
     rf"caught|drove|led|taught|sold|bought|met|kept|held|chose|picked)(?: {_THING})?"
     r"(?=$| for | on | to | in | per |[,.;?!])", r"a \g<v>_by (text)"),
    # "how long the stay lasts in nights" → duration_nights
    (rf"\bhow long (?:{_WHO} |[a-z]+ )?(?:lasts?|lasted|takes?|took|runs?|ran|is|are|stays?|"
     rf"stayed|was|were)(?: for)?,? in (?P<u>{_UNIT})\b", r"a duration_\g<u> (integer)"),
    # "how many minute it take to sharpen it" → minutes_to_sharpen
    (rf"\bhow many (?P<u>{_UNIT}|minute|hour|day|night|week|month|year) (?:{_WHO} )?(?:lasts?|"
     r"takes?|runs?|stays?)(?: to (?P<v>[a-z]+)(?: (?:it|them|one))?(?=$|[,.;!?]))?\b",
     lambda m: f"a {m['u'].rstrip('s')}s_to_{m['v']} (integer)" if m["v"]
     else f"a duration_{m['u'].rstrip('s')}s (integer)"),
    # "how much was paid upfront" → amount_paid_upfront
    (r"\bhow much (?:was |is |has been |have been |they |we |he |she |it |each one |each [a-z]+ )?"
     r"(?:has |have )?"
     r"(?P<v>paid|spent|owed|charged|refunded|donated|deposited|raised|billed|invoiced|"
     r"discounted|tipped)(?P<r> upfront| in advance| back| in total| so far| today)?\b",
     r"an amount \g<v>\g<r> (number)"),
    # "how often it must be fed per day" → fed_per_day
    (rf"\bhow (?:often|many times) (?:{_WHO} )?(?:must |should |needs to |has to |is |are |gets? |"
     rf"can )?(?:be )?(?P<v>[a-z]+ed|fed|seen|done|run|given|taken) (?:per|a|each|every) "
     rf"(?P<u>{_PER})\b", r"a \g<v>_per_\g<u> (integer)"),
    # "how many walks they get per day" → walks_per_day
    (rf"\bhow many (?P<x>[a-z]+s) (?:{_WHO} )?(?:gets?|has|have|takes?|needs?|does|do|makes?|"
     rf"receives?|eats?|uses?) (?:per|a|each|every) (?P<u>{_PER})\b",
     r"a \g<x>_per_\g<u> (integer)"),
    # "the number of the kennel it sleeps in" is the kennel's number, not a count
    (rf"\bthe number of (?:the|its|their) (?P<x>[a-z]+(?<!s))(?: {_WHO} [a-z]+(?: in| on| at| "
     r"to| from| with)?)?(?=$| for | on | to | in |[,.;?!])", r"the \g<x> number"),
    # "who the vet is for each dog", "which kennel run they are in" → the vet, the kennel run
    (rf"{_ASKED}(?:who|what|which) (?:the |their |its )?(?P<x>[a-z]+(?: [a-z]+)?) (?:is|are|was|"
     r"were)(?= for | on |$|[,.;?!])", r"the \g<x>"),
    (rf"{_ASKED}(?:which|what) (?P<x>[a-z]+(?: [a-z]+)?) (?:is |are |was |were )?(?:it|they|he|"
     r"she)(?: is| are| was| were)? (?:in|on|at|with|under|assigned to|kept in)(?=$|[,.;?!])",
     r"the \g<x>"),
    (rf"{_ASKED}(?:which|what) (?P<x>[a-z]+(?: [a-z]+)?) (?:is |are |was |were )?(?:each|every|"
     r"the|an?) (?P<e>[a-z]+) (?:is |are |was |were )?(?:in|on|at|with|under|assigned to|kept in)"
     r"(?=$|[,.;?!])", r"the \g<x> for each \g<e>"),
    # "which room, what's wrong, when it was reported": the problem
    (r"\bwhat(?:'s| is| was| went) wrong(?: with (?:it|them))?\b", "the problem"),
    # "how many drops on it", "how many seats in each" → the number of drops
    (r"\bhow many (?P<x>[a-z]+s) (?:on|in|at) (?:it|them|each(?: one)?|there)\b",
     r"the number of \g<x>"),
    # "say what kind they were" → the kind
    (r"\bwhat (?P<x>kind|type|sort|category|grade|level|size|colou?r|stage|status) (?:of [a-z]+ )?"
     r"(?:it|they|he|she|this|that) (?:is|are|was|were)\b", r"the \g<x>"),
    # "if the lifeguard did arrive or not" → whether the lifeguard arrived
    (r"\b(?:whether|if) (?P<s>(?:the|a|an|each|their|its) [a-z]+) did (?P<v>[a-z]+)\b",
     lambda m: f"whether {m['s']} {past(m['v'])}"),
    # "what food it eats" → food
    (rf"\bwhat (?P<x>[a-z]+) (?:{_WHO}) (?!is\b|are\b|was\b|were\b|has\b|have\b)[a-z]+s?"
     r"(?=$| for | on | to | in |[,.;?!])", r"the \g<x>"),
    # "when they started with us" → when they started; "… . just the date" → a date
    (rf"\b(?P<h>when {_WHO} [a-z]+ed)(?: (?:with|for|at) (?:us|the company|the club|the shop|the "
     r"business)| here| working here)\b", r"\g<h>"),
    (r"(?P<h>\bwhen [^.;]+)\. (?:just|only) (?:the )?(?:date|day)(?: is (?:fine|enough|ok))?"
     r"(?:,[^.;]*)?(?=$|[.;])", r"\g<h> (date)"),
    # "when they started (date)" → the date they started: a day, not a time
    (rf"\bwhen (?P<w>{_WHO}) (?P<v>[a-z]+ed) \((?:date|day|a date|the date)\)",
     r"the date \g<w> \g<v>"),
    # a type said as a sentence of its own after the field ("… a comments bit. free text")
    (r"(?P<h>\b(?:need|needs|have|has|add|store|keep|record) [^.;()]+)\. (?:it'?s |as )?(?:just "
     r"|only )?(?:an? )?(?P<t>free[- ]?text|plain text|long text|whole number|number|decimal|date|"
     r"yes/no|boolean|json)(?: is fine| please| only| will do| is enough)?(?=$|[.;])",
     r"\g<h> (\g<t>)"),
    # "a cap on how many paddlers can come" → max_paddlers
    (r"\ban? (?:cap|limit|maximum|max|ceiling) (?:on|for|to) (?:how many|the number of) "
     r"(?P<x>[a-z]+s)(?: (?:can|may|are allowed to|could) (?:come|join|go|attend|book|take part|"
     r"sign up|fit|enter))?(?=$| on | for | per |[,.;!?])", r"a max_\g<x> (integer)"),
    # "the number of hours the tuner spent on site" → hours_spent
    (rf"\bthe number of (?P<u>hours|minutes|days) (?:{_WHO} |the [a-z]+ )?(?:spent|worked|took|"
     r"was|were)(?: on site| there| on it| working)?\b", r"\g<u> spent"),
    (rf"\bhow many (?P<u>hours|minutes|days) (?:{_WHO} |the [a-z]+ )?(?:spent|worked|took)"
     r"(?: on site| there| on it| working)?\b", r"\g<u> spent"),
    # "what time we touched down" → when we touched down
    (rf"\bwhat time (?={_WHO} [a-z]+ed\b)", "when "),
    # "when we touched down" → touched_down_at
    (rf"{_ASKED}when {_WHO} (?P<v>[a-z]+ed) (?P<p>down|up|off|out|in|back|over|away)"
     r"(?=$| for | on | and |[,.;?!])", r"a \g<v>_\g<p>_at (datetime)"),
    # "where we landed" → landing_location
    (rf"{_ASKED}where {_WHO} (?P<v>[a-z]+)ed(?: up| down| off| in| out)?"
     r"(?=$| for | on | and |[,.;?!])", r"a \g<v>ing_location (text)"),
    # "the hour it is collected" → when it is collected
    (rf"\bthe (?:hour|time|moment|minute) (?P<w>{_WHO}) (?P<b>is|are|was|were|gets?|got) "
     r"(?P<v>[a-z]+ed)\b", r"when \g<w> \g<b> \g<v>"),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
