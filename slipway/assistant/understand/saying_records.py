"""Fields said by what holds them or what they record, put as the forms the field rules read:
"a box for special requests", "somewhere to put instructions", "instructions, like which door
to use", "log repairs on the cottages - what was done, the date, …", "record feeds - for each
one, which donkey, …", "when the course starts and ends", "Members should be able to put down any
allergies they have", "tick whether", "On invoices I want the VAT recorded as its own figure",
"the year each one was built", "the date when they did the training", "how many boats went
through", "a flag for the urgent ones", "- decimals, like 3.5". Also the records and links said
the same way: "log Passages: one each time a boat goes through a lock — boat name, …" (a new
entity, ". And which lock" joined to its list), "track which parts were used on which repair
jobs" (many to many), "something like a WaitlistEntry with the student, …" (a new entity),
"which crew currently holds it" (the crew that holds it), "hedges get many site visits (call the
entity SiteVisit): each visit has …" (each SiteVisit has …).
"… upload photos of what they made. Please set up storage for those." is the upload alone.
Applied before ``saying_casual``'s rewrites."""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant import rx
from slipway.assistant.understand.words import singular

_DONE = {"gave": "given"}

REWRITES: tuple[tuple[str, str | Callable[[rx.Match], str]], ...] = (
    # "could each repair record how much the owner donated": the amount donated
    (r"\bhow much (?:the |each |their )?[a-z]+ (?P<v>donated|gave|tipped|contributed|raised)"
     r"(?=$|[,.;!?]| and )", lambda m: f"the amount {_DONE.get(m['v'], m['v'])}"),
    # "A Supplier has a name, an email and a phone, and supplies many materials"
    (r"\b(?P<d>an? |each |every )(?P<e>[a-z]+) (?P<h>has|have) (?P<l>[^.;!?]+?),? and (?:supplies|"
     r"sells|runs|owns|manages|makes|holds|provides|teaches|leads|organises|organizes|hosts|"
     r"writes|delivers|covers|serves) (?:many|several|lots of|a number of) (?P<x>[a-z]+s)"
     r"(?=$|[.;!?])", r"\g<d>\g<e> \g<h> \g<l>. each \g<e> has many \g<x>"),
    # "We should be keeping quotes in here too": a new kind of record
    (r"\b(?:we|i) (?:should|need to|must|ought to|want to|have to) (?:be )?(?:keeping|keep|"
     r"tracking|track|recording|record|storing|store) (?P<x>[a-z]+s)(?: in here| in the system| "
     r"here| as well| too)*(?=$|[.;!?])", r"we need \g<x>"),
    # "know the last time each tree was pruned": when that last happened to each one
    (r"\b(?:know|record|track|see|store|keep|log|note) (?:the )?last (?P<t>time|date|day) "
     r"(?:each|every|the|an?) (?P<e>[a-z]+) (?P<v>was|were|got) (?P<x>[a-z]+ed)\b",
     r"each \g<e> need the last \g<t> it \g<v> \g<x>"),
    # "we have several puppeteers and each of them performs in many performances"
    (r"\bwe (?:have|'ve got|have got) (?:several|many|lots of|a few|some|loads of|a number of) "
     r"(?P<x>[a-z]+s)(?: \([^)]*\))?,? and each (?:of them|one)(?= [a-z]+s? (?:[a-z]+ )?(?:many|"
     r"several|lots of|a few|a number of) [a-z]+)", lambda m: f"each {singular(m['x'])}"),
    # "… many reviews - a review is reviewer name, stars out of 5, and the text": what it holds
    (r"(?P<h>\bha(?:s|ve) (?:many|lots of|several|multiple) [a-z]+(?: [a-z]+)?\. )"
     r"(?P<a>an?|each|every) (?P<e>[a-z]+) is (?:just )?"
     r"(?=(?:(?!(?:in|out|by|to|for|from|with|on|at|of)\b)[a-z_]+ ){0,2}[a-z_]+, "
     r"[a-z][a-z0-9_ ]*,? and )", r"\g<h>\g<a> \g<e> has "),
    # "make a Consumable thing with a name, …": a new entity
    (r"\b(?P<v>make|add|create|set up) (?:an? |a new )(?!(?:simple|quick|big|small|new|little|"
     r"nice|good|proper|separate|whole|special|single)\b)(?P<e>[a-z]+) (?:thing|object|record type|"
     r"kind of record)(?= with\b| having\b|:)", r"\g<v> a \g<e> entity"),
    # "For the school visits we have to keep each volunteer's DBS check date on file"
    (r"(?:^|(?<=[.!?] ))(?:for|because of|due to) (?:the |our )?[a-z]+(?: [a-z]+){0,2},? "
     r"(?=(?:we|i) (?:have to|need to|must|should) (?:keep|record|store|track|log|note|hold|"
     r"save)\b)", ""),
    (r"(?:^|(?<=[.!?] ))(?:we|i) (?:have to|need to|must|should|ought to) (?=(?:keep|record|store|"
     r"track|log|note|hold|save) (?:each|every|all|the) [a-z]+'s? )", ""),
    # "Our insurers now want every rider's date of birth on file": someone else asks for a field
    (r"(?:^|(?<=[.!?] ))(?:our|the) [a-z]+(?: [a-z]+)? (?:now |also |now also )?(?:wants?|needs?|"
     r"requires?|asks? for|insists? on) (?=(?:every|each|all) [a-z]+'s? )", "we need "),
    # an example said after a field ("instructions, like which door of the hall to use")
    (r",\s+(?:like|e\.?g\.?|eg|such as|for example|for instance)\s+(?:which|what|where|when|how|"
     r"who|whether) [^.;,]*(?=$|[.;])", ""),
    # "a box for special requests", "somewhere to put instructions": what goes in it
    (r"\b(?:(?:an?|some) (?:free[- ]text |text |little |small |big )?(?:box|space|spot|place|slot|"
     r"section|area|line)|somewhere|a place) (?:for|to (?:put|write|record|note|add|keep|store|jot|"
     r"type)(?: down| in)?) (?:the |any |their |its |our |some )?(?![a-z ]*?\b(?:photos?|pictures?|"
     r"images?|certificates?|pdfs?|documents?|files?|scans?|proofs?|signatures?|videos?)\b)"
     r"(?=[a-z])", "a "),
    # "notes, what is happen during the shift": what the notes hold, said after them
    (r"\b(?P<h>notes|comments|remarks|observations|log|description|summary)(?P<m>[^.;,]*), "
     r"(?:what|anything that|whatever) (?:is |was )?(?:happen|happens|happened|happening|goes on|"
     r"went on|is going on)\b[^.;(,]*", r"\g<h>\g<m> "),
    # "Could we keep a tick-box on each donor for whether they want the newsletter?"
    (r"\b(?:(?:can|could) (?:we|you|i) (?:please )?)?(?:keep|have|add|put|get) an? (?:simple |"
     r"little )?(?:tick-?box|tick box|check ?box|yes/no|yes or no|flag) (?:on|for|against) "
     r"(?:each|every|the|all) (?P<e>[a-z]+) (?:for|to say|to show|to record) (?=whether )",
     r"each \g<e> should record "),
    # "track which parts were used on which repair jobs": a link with many on both sides
    (r"^(?:track|record|know|store|keep track of|see|note) which (?P<a>[a-z]+(?: [a-z]+)?s) "
     r"(?:were|are|get|got) (?:used|fitted|sold|assigned|put|done|needed|ordered|installed) (?:on|"
     r"in|for|to|at|by|with) which (?P<b>[a-z]+(?: [a-z]+)?s)(?: \(?many[- ]to[- ]many\)?)?$",
     r"\g<a> and \g<b> are many to many"),
    # "jobs need a flag for the urgent ones": an urgent flag
    (r"\ban? (?:flag|tick ?box|tick-box|checkbox|check box|marker|yes/no) (?:for|on) (?:the )?"
     r"(?P<x>[a-z]+) ones\b", lambda m: f"{'an' if m['x'][0] in 'aeiou' else 'a'} {m['x']} flag"),
    # "labor hours on each repair job - decimals, like 3.5": a number
    (r"\s+[-\u2013\u2014]\s+(?:in )?(?:decimals?|decimal numbers?|fractions?)(?:,? (?:like|"
     r"e\.?g\.?|eg|say|for example) -?[\d.]+)?(?=$|[.;!?])", " (number)"),
    # "how many boats went through the lock on each shift": the number of them
    (r"\bhow many (?P<x>[a-z]+s) (?:went|came|passed|got|were|was) (?:through|in|out|past|by|over|"
     r"seen|served|used|sold|moved)\b(?: (?!(?:on|for|per|in|during) (?:each|every|a|the)\b|"
     r"(?:and|but|or|with|plus)\b)[a-z]+)*",
     r"the number of \g<x>"),
    # "the year each one was built": the year built
    (r"\bthe (?P<w>year|date|day|month) (?:each one|each|every one|it|they) (?:was|were|got) "
     r"(?P<v>built|made|opened|founded|installed|launched|commissioned|restored|dug|started|"
     r"finished)\b", r"the \g<w> \g<v>"),
    # "the date when they did the food hygiene training": the training's date
    (r"\bthe (?:date|day) (?:when|that|on which) (?:they|he|she|each one|the [a-z]+) (?:did|"
     r"completed|passed|took|finished|attended|sat) (?:the |their |his |her |a |an )?"
     r"(?!(?:it|them|that|this|those|these|one)\b)(?P<x>[a-z]+(?: [a-z]+){0,3}?)"
     r"(?=$|[.;,!?]| (?:and|but|so)\b)", r"the \g<x> date"),
    # "log Passages: one each time a boat goes through a lock — boat name, …": a new record
    (r"\b(?:log|record|track|keep track of|keep a record of) (?P<x>[a-z]+s): (?:one|an? entry|a "
     r"record|a row) (?:for )?(?:each|every) time [^\u2014\u2013:]+? (?:[\u2014\u2013-]|:) ",
     r"add a \g<x> entity with "),
    # "… boat name, direction, and when it happened. And which lock.": one more of the list
    (r"(?<=[a-z)])\. (?:and|plus|also) (?=(?:which|what|whose) [a-z]+(?: [a-z]+)?(?:,? "
     r"(?:obviously|of course|too|as well))?[.!]?$)",
     " and "),
    # "log repairs on the cottages - what was done, the date, …": the new thing's fields
    (r"\b(?P<v>log|record|keep track of|track|keep a record of|"
     r"keep a log of) (?P<x>(?:[a-z]+ )?[a-z]+s) (?:on|"
     r"for|of|against) (?:the |our |each )?[a-z]+s? ?[-\u2013\u2014:] (?=(?:what|which|who|when|"
     r"how) )", r"\g<v> \g<x>: "),
    (r"\b(?P<v>record|track|log|keep track of|keep a record of|"
     r"keep a log of) (?P<x>(?:[a-z]+ )?[a-z]+s)(?: too|"
     r" as well)? ?[-\u2013\u2014:,] (?:for each one|for each|for every one|for each of them|"
     r"for every [a-z]+|for each [a-z]+),? ", r"\g<v> \g<x>: "),
    (r"\bwhen (?:the |it |they |each )?(?:[a-z]+ )?(?:starts|begins) and (?:ends|finishes|stops)\b",
     "a start date and an end date"),
    # "most of ours are ball, so put this as the standard": the default
    (r"\b(?:put|make|set|have|use) (?:this|that|it|them|those) as (?:the )?(?:standard|default|"
     r"usual)"
     r"(?: one| value| option)?\b", "default to that"),
    (r"(?:^|(?<=[.!?] ))most (?:of )?(?:the |our )?[a-z]+ (?:have|has|do|does|are|is) not,? so "
     r"(?=the default )",
     ""),
    # "Members should be able to put down any allergies they have": a field of theirs
    (r"^(?P<e>[a-z]+s) should be able to (?:put down|note(?: down)?|enter|give us|list|tell us|"
     r"write down|record|mention) (?:any |their |all |the )?(?P<f>[a-z][a-z ]*?)(?: (?:they|it) "
     r"(?:have|has))?$", r"\g<e> need \g<f>"),
    (r"\b(?:tick|check|flag|mark)(?: off)? whether\b", "note whether"),
    # "We'd like to know how long people have been with us - when did each member join?"
    (r"^(?:we'd|we would|i'd|i would) like to know [^-\u2013\u2014]+ [-\u2013\u2014] "
     r"(?=(?:when|what|which|who|how|whether) )", ""),
    # "On invoices I want the VAT recorded as its own figure"
    (r"^on (?P<e>[a-z]+s),? (?:i|we) (?:want|need|would like) (?:the |a |an )?(?P<f>[a-z_ ]+?) "
     r"(?:recorded|stored|kept|tracked|shown) as (?:its own|a separate) (?:figure|number|amount)$",
     r"\g<e> need a \g<f> (number)"),
    # "add the date of each cow's most recent calving to her record": the date of her last calving
    (r"\bthe (?P<k>date|day|time) of (?P<e>(?:each|every|the|a) [a-z]+)'s (?:most recent|latest|"
     r"last) (?P<x>[a-z]+)(?: to (?:her|his|its|their|the) (?:record|file|entry|page))?",
     r"the \g<k> of the last \g<x> to \g<e>"),
    (r"\bthe (?P<k>date|day|time) of (?:the |their |its |her |his )?most recent\b",
     r"the \g<k> of the last"),
    # "The driver reads the temperature when he collects. We need to store that reading": which
    (r"\b(?P<v>reads|measures|checks|takes|notes|writes down) the (?P<x>[a-z]+)\b(?P<m>[^.;!?]*"
     r"[.!?] [^.;!?]*?)\bthat (?:reading|measurement|figure|number|value)\b",
     r"\g<v> the \g<x>\g<m>the \g<x>"),
    # "the email address of whoever made each booking": the booking's contact email
    (r"\bthe (?P<f>email(?: address)?|phone(?: number)?|mobile(?: number)?|name|contact number) of "
     r"(?:whoever|the person who|the one who) (?:made|placed|"
     r"booked|sent|submitted|created) (?P<e>each|every|the|a|an) (?P<x>[a-z]+)",
     r"the contact \g<f> on \g<e> \g<x>"),
    # "each ingredient shows up in many tiers": is used in them
    (r"\b(?P<e>(?:each|every|an?|one) [a-z]+) (?:shows up|turns up|appears|features|crops up|goes) "
     r"in (?=(?:many|several|lots of|a lot of|loads of|multiple) [a-z]+s\b)", r"\g<e> is used in "),
    # "a name, and which crew currently holds it": the crew that holds it
    (r"\bwhich (?P<e>[a-z]+) (?:currently |now |normally |usually )?(?P<v>holds|has|owns|uses|"
     r"keeps|looks after|manages|borrowed|took|made|sold|bought|ran|runs|is using|has got) "
     r"(?P<o>it|them)"
     r"(?: at the moment| right now| now| currently)?\b", r"the \g<e> that \g<v> \g<o>"),
    # "hedges get many site visits (call the entity SiteVisit): each visit has …": that name
    (r"\bmany (?:[a-z]+ ){0,2}?[a-z]+ \((?:call|name) (?:the entity|the table|the record|it|them|"
     r"that|those) (?P<n>[a-z]+?)s?\)", r"many \g<n>s"),
    # "hedges get many site visits: each visit has …": each site visit
    (r"\bmany (?P<a>[a-z]+ ?)(?P<b>[a-z]{3,})s: each (?P=b) (?=has|have|gets|needs)",
     r"many \g<a>\g<b>s; each \g<a>\g<b> "),
    # "… a waiting list? something like a WaitlistEntry with the student, …": that new record
    (r"(?<=\? )(?:maybe |perhaps |so )?(?:something|some kind of thing|some sort of "
     r"thing) like an? (?P<n>[a-z]+) (?=with (?:an? |the |their |its |some )?[a-z])",
     r"add a \g<n> entity "),
    # "Students want to upload photos of … . Please set up storage for those.": the upload's
    (r"(?P<a>\b(?:upload|attach|send us|store|keep)\b[^.;!?]*\b(?:photos|pictures|images|files|"
     r"documents|scans|videos|pdfs)\b[^.;!?]*[.!?]) (?:please |can you |could you |so )?(?:set "
     r"up|add|create|make|give us|we need|we'll need|we will need) (?:some )?(?:storage|a bucket|"
     r"somewhere to (?:keep|store|put) them) for (?:those|them|these|it|that)(?: please)?"
     r"(?:[.!?]|$)", r"\g<a>"),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
