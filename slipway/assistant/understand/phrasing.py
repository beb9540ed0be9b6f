"""Ways of saying a request that the rules read once put plainly: a user story ("As a clerk I
want to see when a parcel was scanned"), formal wording ("It is necessary that each invoice
possesses a due date", "obligatory", "by means of the API"), and the short forms people type
("pls add qty, int, req", "shld", "w/ DLQ", "90d logs", "PITR on the db")."""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant import rx
from slipway.assistant.understand import (
    conversation,
    describing,
    frames,
    saying_casual,
    saying_choices,
    saying_columns,
    saying_constraints,
    saying_learners,
    saying_lists,
    saying_names,
    saying_ops,
    saying_passing,
    saying_questions,
    saying_records,
    saying_remarks,
    saying_workflows,
)

_REWRITES: tuple[tuple[str, str | Callable[[rx.Match], str]], ...] = (
    # "jobs should point straight at the client, not only through the hedge": the link asked for
    (r",? (?:and )?(?:not|rather than|instead of) (?:just |only |merely )?(?:through|via|by way "
     r"of) (?:the |its |their |a |an )?[a-z]+(?=$|[.;!?])", ""),
    # "A round just needs a name": what it needs
    (r"\b(?P<e>[a-z]+) (?:just|simply) (?P<v>needs?|has|have) (?P<x>(?:an?|the|one) (?:(?!\b(?:add|"
     r"make|remove|drop|rename|set|give|put|change|and then)\b)[^.;!?])*?)"
     r"(?: for now| for the moment| for the time being)?(?=$|[.;!?])", r"\g<e> \g<v> \g<x>"),
    # "attach before/after photos of the blades": uploads, whichever they show
    (r"\b(?P<v>attach|upload) before ?(?:/|and|&|or) ?after "
     r"(?=(?:photo|picture|image|shot|pic)s?\b)", r"\g<v> "),
    # user stories: the role is who asks, the rest is the request
    (r"(?:^|(?<=[.!?] ))as (?:an? |the |our )?[a-z][a-z' -]{0,40}?[,:]? (?:i|we) (?:would like|"
     r"'d like|want|need|wish|require|expect)(?: to)? (?=[a-z])", ""),
    (r"(?:^|(?<=[.!?] ))as (?:an? |the |our )?[a-z][a-z' -]{0,40}?: ", ""),
    (r"(?:^|(?<=[.!?] ))(?P<e>(?:each |every |all |the )?[a-z]+(?: [a-z]+)?) to (?:show|display|"
     r"list|include|carry) (?=(?:an? |the |their |its )?[a-z])", r"\g<e> have "),
    (r"(?:^|(?<=[.!?] ))(?P<e>(?:each|every) [a-z]+(?: [a-z]+)?) to (?:have|get) "
     r"(?=(?:an? |the |their |its )?[a-z])", r"\g<e> have "),
    (r"(?:^|(?<=[.!?] ))as (?:an? |the |our )?[a-z][a-z' -]{0,40}?,? (?=(?:i|we) (?:don't|do not|"
     r"no longer|only|should|must|can|find|care|never)\b)", ""),
    # a list announced before it is said
    (r"^(?:(?:two|three|four|a few|some|a couple of|couple of|several) (?:more )?(?:things|changes|"
     r"requests|bits|tweaks|fixes)(?: (?:from|for) [a-z' ]+?)?(?:,? please)?(?:[:,-] |:$))", ""),
    # what someone else pointed out: the request is what follows
    (r"^(?:our |the |my |a )?[a-z]+(?: [a-z]+)? (?:has |have |had )?(?:pointed out|told (?:us|me)|"
     r"mentioned|noticed|noted|reminded (?:us|me)|realised|realized|explained|warned (?:us|me)) "
     r"that ", ""),
    # a suggestion asked as a question ("would it make sense to index fittings by fitted_at?",
    # "is it possible for each loan to point at the branch?")
    (r"(?:^|(?<=[.!?] ))(?:and )?(?:then |so |also )?(?:would|does) it make sense for (?P<x>"
     r"[a-z ]+?) to (?P<r>[^?]*)\?", r"\g<x> should \g<r>."),
    (r"(?:^|(?<=[.!?] ))(?:and )?(?:then |so |also )?(?:would|does) it make sense to "
     r"(?P<r>(?!remove|drop|delete|rename|get rid|merge|split)[^?]*)\?", r"\g<r>."),
    (r"(?:^|(?<=[.!?] ))(?:and )?(?:then |so |also )?(?:is|would) it (?:be )?possible for "
     r"(?P<x>[a-z ]+?) to (?P<r>(?:have|has|get|keep|track|record|store|be|belong|point|link|show|"
     r"use)\b[^?]*)\?", r"\g<x> should \g<r>."),
    # a learner's "is possible that dogs have weight in kg?": dogs should have weight in kg
    (r"(?:^|(?<=[.!?] ))is possible (?:that )(?P<x>[a-z ]+?) "
     r"(?:have|has) (?!no\b|not\b)(?P<r>[^?]*)\?", r"\g<x> should have \g<r>."),
    (r"(?:^|(?<=[.!?] ))(?:and )?(?:then |so |also )?(?:is|would) it (?:be )?possible to "
     r"(?P<r>(?:have|get|keep|track|record|store|add|make|index|link|mark|encrypt|log|set|turn|"
     r"enable|switch|move|allow|let|text|send)\b[^?]*)\?", r"\g<r>."),
    # a purpose said first ("To report time-to-fix per district I need to know when …")
    (r"^(?:to|so that|in order to|for (?:the|our|my|a) (?:[a-z-]+ ){0,3}(?:report|reports|analysis|"
     r"analyse|dashboard|audit|stats|statistics|reasons?|records)(?: [a-z]+){0,3},?) "
     r"(?:[a-z0-9'/-]+ ){0,10}?(?=(?:i|we) (?:need|want|would like|must|have to|should)\b)",
     ""),
    (r"^(?:for|because of) (?:gdpr|privacy|security|legal|compliance|hipaa|pci|audit|billing|"
     r"invoicing|accounting|reporting|insurance|tax|marketing|payroll|safety|health and safety|"
     r"our records)(?: reasons| purposes)?,? (?=[a-z])", ""),
    # "we need to know exactly when …": how precisely is no part of the field
    (r"\b(?P<v>know|record|see|track|store|log|note) (?:exactly|precisely|roughly|"
     r"approximately) (?=(?:when|how|what|which|where|who)\b)", r"\g<v> "),
    # a list set off by dashes ("a status — waiting, offered or withdrawn — and …")
    (r"\s+[\u2014\u2013-]{1,2}\s+(?P<l>[\w-]+(?:, [\w-]+)*,? or [\w-]+)\s+[\u2014\u2013-]{1,2}\s+",
     r": \g<l>, "),
    # what new things start as, said after a list: a sentence of its own
    (r",? and (?=(?:new|all new|every new|each new) [a-z]+(?: [a-z]+)? (?:should |will |must )?"
     r"(?:start|begin)s? )", ". "),
    # formal wording
    (r"\bit is (?:necessary|required|needed|mandatory|essential|important|wished|desired) that ",
     ""),
    (r"\bit is (?:necessary|required|needed|mandatory|essential|important) to (?=know|have|record|"
     r"store|keep|track|see)", "we need to "),
    (r"\b(?:i|we) (?:kindly |would kindly |politely )?(?:ask|request|beg) (?:you )?to ", ""),
    (r"^(?:please,? )?to (add|remove|make|change|rename|set)\b", r"\1"),
    (r"\bpossess(?:es)?\b", "has"),
    (r"\bobligatory\b", "required"),
    (r"\bshall\b", "should"),
    (r"\bby means of\b", "through"),
    (r"\b(is|are) not wished(?: anymore| any more)?\b", r"\1 no longer needed"),
    (r"\btake (it|them|that|those|this) away(?: from the (?:specification|spec|system))?\b",
     r"remove \1"),
    (r"\s+from the (?:specification|spec)\b", ""),
    # hedges and fillers of someone unsure
    (r"^(?:hmm+,? |um+,? |so,? |ok,? |okay,? )*(?:could|can|would|might) (?P<x>[a-z][a-z' ]*?) "
     r"(?:maybe|perhaps|possibly|somehow) (?:also )?(?=have|get|store|keep|be|record)", r"\g<x> "),
    # "a medical notes field for stuff like asthma or epilepsy": examples, no part of the name
    (r",? (?:for|with|covering|about) (?:stuff|things|info|details|bits) (?:like|such as) "
     r"[^.;!?,()]*", ""),
    (r"\b(?P<x>[a-z]+)(?: thing| thingy| field)?\?? (?:like|e\.g\.?|for example|say) (?=[a-z]+(?:, "
     r"[a-z]+)*,? or |[a-z]+(?: ?/ ?[a-z]+)+)", r"\g<x>: "),
    (r"(?P<l>[\w-]+(?:, [\w-]+)+),? ?(?:\.{2,}|\u2026|etc\.?)\s*(?=\))", r"\g<l>"),
    # "(risers, mics, piano or not...)": examples trailing off, no values
    # "a size (e.g. 8x10)", "(like A4)": a code of letters and digits, text
    (r"\((?:e\.?g\.?|eg|like|for example|such as),? (?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])"
     r"[a-z0-9-]+\)", "(text)"),
    # "its placing (1 for first, 2 for second...)": whole numbers, said by example
    (r"\(\s*(?:e\.?g\.? )?\d+ (?:for|=|is|means) [a-z]+,[^()]*\)", "(integer)"),
    (r"\s*\([^()]*(?:\.{2,}|\u2026|\betc\.?|and so on)\s*\)", ""),
    (r"(?<!\d)\.{2,}(?!\d)|\u2026", ". "),
    (r",? (?:not sure|i'?m not sure|no idea|i don'?t know)(?: if| whether| how| what)? "
     r"[^.?!]*$", ""),
    # a question answered yes at once ("should it be an integer? yeah let's do that")
    (r"\b(?:should|could|can|shall|would) (?P<x>it|they|that|(?:the |our )?[a-z_]+(?: [a-z_]+)?)"
     r" be (?P<y>[^?.!]+)\? (?:hmm,? )?(?:yeah|yes|yep|ok|okay|sure|actually yes)[,.!]* "
     r"(?:let's|lets) (?:do|go with) (?:that|it)[.!]*", r"\g<x> should be \g<y>."),
    (r"\b(?:should|could|can|shall) (?P<x>[a-z_]+(?: [a-z_]+)?) be (?P<y>[^?.!]+)\? [^?]*?"
     r"(?:hmm,? )?no,? actually yes,? (?:let's|lets) make (?:it|them) (?P<z>[a-z]+)",
     r"make \g<x> \g<z>"),
    # a reason given with the request ("…, because the rate differs between items: …")
    (r"(?:,? because|, since|, as) (?!of\b)(?:the|our|we|they|it|there|some|most|many|people|"
     r"customers|members|users|staff)\b[^.;?!]*", ""),
    # a justification after the request ("…, it's clearer in the reports")
    (r",? (?:it's|it is|that's|that is|this is|it'd be|it would be) (?:much |a lot |way )?"
     r"(?:clearer|better|nicer|simpler|shorter|easier|cleaner|more [a-z]+)\b[^.?!]*", ""),
    # words of a non-native writer put in their usual order ("can be also", "per default",
    # "not longer as", "rename in")
    (r"\b(can|could|should|must|may|will) be also\b", r"\1 also be"),
    (r"\bper default\b", "by default"),
    (r"\b(longer|shorter|more|less|fewer|bigger|smaller) as (?=\d)", r"\1 than "),
    (r"\brename (it |them )?in (?=[a-z_]+$|[a-z_]+[.,])", r"rename \1to "),
    (r"\bthe field (?P<f>[a-z_]+) (?:at|on|of|in) (?:the |a |an )?(?P<e>[a-z]+)\b", r"\g<e>.\g<f>"),
    (r"^(?P<x>(?:the )?[a-z_.]+) (?:we|i) (?:don't|do not|no longer) need(?: any ?more| any "
     r"longer)?(?=$|,)", r"we don't need \g<x> anymore"),
    (r"\b(must|should|need to|have to) can\b", r"\1 be able to"),
    (r"\b(?:we|i) (?:must|should|need to|have to) be able to know\b", "we need to know"),
    (r"\b(?:know )?in which (?P<f>[a-z]+) (?:is|are) (?:written |made )?(?:each|every|the|our) "
     r"(?P<e>[a-z]+)\b", r"know the \g<f> of each \g<e>"),
    (r"\b(?:like|as) in (?:our|the) [a-z]+\b", ""),
    (r"(?<=[a-z)])(?<!\bno)(?<!^and)(?<!^also),? (?:and )?(?:two|no two) [a-z]+ (?:cannot|can't|"
     r"can not|may not|must not|mustn't|should not|shouldn't|can) (?:have|share|use) the same"
     r"(?: one| value| [a-z]+)?\b",
     ", unique"),
    (r"\b(?:is|are) (?:a |one )?(?:single )?(?:letter|character)s?\b", "is a string"),
    (r",? of course\b", ""),
    # "a use by date", "best before": one name, whose first word is no verb
    (r"\b(?P<v>use|sell|display|consume)[ -]by(?= (?:date|day)\b)", r"\g<v>_by"),
    (r"\bbest[ -]before\b", "best_before"),
    (r"\b(?:a )?(?:little|tiny) (?=[a-z]+$|[a-z]+[,.;])", "a "),
    # an example of a value, not a part of the request ("decimal, e.g. 1.052")
    (r",? \(?(?:for example|e\.g\.?|eg\.?|for instance|say),? [^(),;]*\d[^(),;]*\)?", ""),
    # slips of words that sound alike ("a field four the guest name if their is one")
    (r"\bfour the\b", "for the"),
    (r"\bif (?:their|they're) is\b", "if there is"),
    (r"\b(?:weather|wether) (?:there|their|they're)\b", "whether they are"),
    (r"\btoo (?=(?:roles|fields|entities|tables|new|more|separate|different)\b)", "two "),
    (r"\b(one|ones|it|them|that) to$", r"\1 too"),
    (r"\b(?:boolean|yes/no|yes-no|true/false) (?=(?:note|flag|field|box|checkbox|check box|"
     r"tick ?box|toggle|column)\b)", ""),
    (r"\b(?P<t>note|flag|field|box|checkbox|check box|tick ?box|toggle|column)(?P<on> on (?:each|"
     r"every|the) [a-z]+)? (?:that|which) (?:says|tells(?: us)?|shows|marks|records|notes|"
     r"indicates) (?P<w>whether|if) (?P<c>[^.;,]+)", r"\g<t> saying \g<w> \g<c>\g<on>"),
    (r"\b(?:record|know|track|store|note|mark),? (?:for|on) (?:each|every) (?P<e>[a-z]+),? "
     r"(?=whether|if)", r"give each \g<e> a flag saying "),
    (r"\b(?P<c>(?:whether|if) (?:it|they|he|she) (?:is|are|was|were|has been|have been) "
     r"[a-z]+),? or not\b", r"\g<c>"),
    # "mark a repair as a safety check": safety_check
    (r"\b(?P<m>mark|flag|tag) (?P<q>(?:an? |each |every |all |the |some )?[a-z]+) as (?:an? |"
     r"being (?:an? )?)(?=[a-z])", r"\g<m> \g<q> as "),
    (r"\bmark (?:each|every|all|the) (?P<e>[a-z]+) as (?P<y>[a-z-]+)(?:,? or not)?",
     r"give each \g<e> an \g<y> flag"),
    (r"\b(?P<t>flag|field|box|checkbox|check box|tick ?box|toggle|column|yes/no|boolean) (?:saying|"
     r"for|to say|about|on) (?:whether|if) there (?:is|are) (?:an? |any )?(?P<x>[a-z]+(?: (?!on\b|"
     r"in\b|at\b)[a-z]+)?)(?: (?:on site|onsite|on the premises|on the property|at the property|in "
     r"the house|at home|here))?\b", r"has_\g<x> flag"),
    (r"\b(?P<t>flag|field|box|checkbox|check box|tick ?box|toggle|column) saying (?:whether|if) "
     r"the (?P<x>[a-z]+(?: [a-z]+)?) (?:has come in|has been (?:received|returned|handed in)|has "
     r"arrived|came in|was received|is in|was returned)\b", r"\g<x> received flag"),
    (r"\b([a-z]+)-([a-z]+) (flag|checkbox|tick box|toggle|box)\b", r"\1_\2 \3"),
    (r"\ban? (?:note|flag|field|box|checkbox|check box|tick ?box|toggle|column) (?:saying |to say "
     r")?(?:whether|if) (?:they are|it is|he is|she is|they're|it's) (?P<x>[a-z]+)(?:,? or not|,? "
     r"yes or no|,? \(?yes/no\)?)?", r"an \g<x> flag"),
    (r"\ban? (?:note|flag|field|box|checkbox|check box|tick ?box|toggle|column) (?:saying |to say "
     r")?(?:whether|if) (?:they|it|he|she) (?:has|have) (?:an? |any )?(?P<x>[a-z]+)(?:,? or not|,? "
     r"yes or no|,? \(?yes/no\)?)?", r"a has_\g<x> flag"),
    (r"\ba (?:field|column|place|spot|box) (?:for(?: (?:to )?(?:write|writing|put|putting|note|"
     r"noting)(?: down| in)?)?|to (?:store|hold|keep|record|put)) (?:the |a |an )?(?=[a-z])", "a "),
    (r",? if (?:there is|there's) (?:one|any)\b", ", optional"),
    (r"\b(?:should|must|will) be by default (?P<v>[\w-]+)(?: and not (?:an? )?[\w-]+)?",
     r"should default to \g<v>"),
    (r"^(?P<x>[a-z_]+\.[a-z_]+) (?:i|we) (?:want|would like|need) to rename (?:to|as|into) "
     r"(?P<y>[a-z_]+)", r"rename \g<x> to \g<y>"),
    # why something happened, as a field of its own ("when a trip is cancelled we need to store
    # why: …", "record why a session ended")
    (r"\bwhen (?:an? |the )?(?P<e>[a-z]+) (?:is|gets|was|has been) (?P<v>[a-z]+ed),? (?:we|i) "
     r"(?:need|want|have|would like) to (?:store|record|know|keep|track|note|log|capture|save) "
     r"why\b", r"\g<e> need a \g<v> reason"),
    (r"\b(?:store|record|know|keep|track|note|log|capture|save) why (?:an? |the |each )?"
     r"(?P<e>[a-z]+) (?:was |is |got )?(?P<v>[a-z]+ed)\b", r"\g<e> need an \g<v> reason"),
    (r"\bhow (?:each|every|the|a|an) (?P<e>[a-z]+) prefers? to be (?P<v>[a-z]+?)ed\b",
     r"the preferred \g<v> method of each \g<e>"),
    # "add how long each service visit took", "record when each visit was paid": what to know
    (r"(?:^|(?<=[.;!?] ))(?:please )?(?:add|record|track|store|keep|note|log|capture|save|keep "
     r"track of) (?=(?:how long|how many|how much|how often|when) (?:each|every) [a-z])",
     "we need to know "),
    # "track the date each tech's pesticide licence runs out": the licence's expiry date
    (r"(?:^|(?<=[.;!?] ))(?:(?:please )?(?:(?:we|i) (?:need|want|would like|'d like) to )?"
     r"(?:track|record|store|keep|note|log|add|know|see) )?(?:the date|the day|when) (?:each|"
     r"every|an?|the) (?P<e>[a-z]+)'s (?:[a-z]+ )?(?P<y>[a-z]+) (?:runs out|expires|lapses|ends|"
     r"is up|needs renewing|is due for renewal)\b",
     r"each \g<e> has a \g<y> expiry date"),
    # "we actually call them Lessons, not Courses. rename it please": a rename
    (r"(?:^|(?<=[.;!?] ))(?:but |so )?(?:we|they|people|everyone|our [a-z]+) (?:actually |really |"
     r"always |all )?call (?:them|it|these|those) (?P<n>[a-z_]+),? (?:and )?not (?P<o>[a-z_]+)"
     r"(?:\s*[.;,!\u2013\u2014-]\s*(?:so |could you |can you )?(?:please )?(?:rename|change) "
     r"(?:it|them|that)"
     r"(?: please)?)?", r"rename \g<o> to \g<n>"),
    (r"(?:^|(?<=[.;!?] ))(?:our |the )?(?P<o>[a-z_]+) (?:are|is) (?:actually |really )?(?:called|"
     r"known as) (?P<n>[a-z_]+) (?:here|by us|in (?:our|the) [a-z]+|by everyone|by our [a-z]+)"
     r"(?=$|[.;,!?])", r"rename \g<o> to \g<n>"),
    # "how many bridesmaids does each bride have?": a count of them on each bride
    (r"(?:^|(?<=[.;!?] ))how many (?P<x>[a-z]+(?: [a-z]+)?) (?:does|do|did|will|would) (?:each |"
     r"every |an? |the |our )(?P<e>[a-z]+(?: [a-z]+)?) (?:have|has|get|bring|invite|need|take|"
     r"use|hold|carry|book|buy|order|sell|see|visit|attend)\b\??",
     r"each \g<e> has a number of \g<x>."),
    (r"(?<=: )how many times (?:it was |it's been |it has been |it got |they were |they got )?"
     r"(?P<v>[a-z]+ed)\b", r"times \g<v>"),
    (r"\b(?:a |the )?(?:count|number|tally|counter) of how many times (?:it|they)(?: is| has| "
     r"have| was| were| got| are|'s|'ve)?(?: been)? (?P<v>[a-z]+)\b[^,.;?]*",
     r"a times \g<v> (integer)"),
    (r"\b(need|want) also\b", r"also \1"),
    # what a field is for, said after it ("work orders need a planned visit date so the office
    # can warn them", "… a pickup time because drivers ask")
    (r"(?P<h>\b(?:needs?|have|has|gets?|should have|must have|store|record|track|keep|add) (?:an? "
     r"|the |some )[a-z][a-z ]{0,40}?),? (?:so|because|since|as|for when|to let|to help|to make "
     r"sure|that way) (?:the|we|they|our|it|he|she|people|customers|staff|you|i|everyone|nobody)\b"
     r"[^.;?!]*", r"\g<h>"),
    (r"^(?:please )?(make|set|change|turn|switch|mark) that (?!field|column|one)", r"\1 it "),
    (r"\s*\((?:the|aka|a\.k\.a\.|i\.e\.|or|also called|called|we call it) [^()]*\)", ""),
    # why an index is wanted, said after it ("index on sheet.supplier, we filter on it a lot")
    (r"(?P<h>\bindex(?:ed)? (?:on|for|over) [a-z_. ]+)[,;:] (?:as |since |because )?(?:we|they|"
     r"people|staff|users|the [a-z]+|it) [^,.;]*?\b(?:filter|search|sort|query|look|use|need|"
     r"check|join|group)[a-z]*\b[^,.;]*", r"\g<h>"),
    # what a change would be good for, said after it ("Would save us so many phone calls.")
    (r"(?:^|(?<=[.;!?] ))(?:it |that |this )?(?:would|will|could) (?:really |probably |honestly )?"
     r"(?:save|help|make (?:life|things|everyone's life)|spare|stop|prevent|mean (?:we|fewer|less|"
     r"no))\b[^.;!?]*[.;!?]?", ""),
    # "could each commission have the venue address on it": on the one just named
    (r"\b(?P<h>(?:have|has|get|gets|carry|carries|show|shows) (?:an? |the |its |their )?[a-z_]+"
     r"(?: [a-z_]+)?) (?:on|in) (?:it|them)(?=$|[?.!,;])", r"\g<h>"),
    # a remark in brackets ("each vet works at one clinic (we've opened a second site)")
    (r"\s*\((?:we|we've|we're|we have|we are|i|i've|i'm|they|it's|since|because|as|so|this is|"
     r"that's|there's|there are)\b[^()]*\)", ""),
    (r"\s*\((unique|required|mandatory|indexed|encrypted|not null)\)(?=,| and )", r", \1"),
    # examples of the one thing linked ("each sauna is in one zone (nordic area, … and so on)")
    (r"\b(?P<o>one [a-z]+)\s*\((?:e\.?g\.?,? |like |such as )?[^()]*(?:and so on|etc\.?|and the "
     r"like|and more|\.\.\.)\)", r"\g<o>"),
    # the parts of a thing said after it ("an emergency contact: we need his name and his phone")
    (r"\b(?:an? |the )(?P<t>[a-z]+(?: [a-z]+)?): (?:we need|we want|i need|with|store|keep|"
     r"record) (?:his|her|their|its|the) (?P<a>[a-z]+(?: [a-z]+)?) and (?:his|her|their|its|the) "
     r"(?P<b>[a-z]+(?: [a-z]+)?)(?=$|[.;])", r"an \g<t> \g<a> and an \g<t> \g<b>"),
    # a choice someone makes for a record ("for the parties, the client must choose a theme: …")
    (r"^for (?:the |each |every |all )?(?P<e>[a-z]+),? (?:the |a |our |each )?[a-z]+ (?:must|"
     r"should|can|has to|have to|will|needs? to) (?:choose|pick|select|enter|give|fill in|provide) "
     r"(?:an? |the |their )?(?P<f>[a-z]+(?: [a-z]+)?)(?=:| from| between| out of)",
     r"\g<e> have a \g<f>"),
    # one constraint said of the two fields before it ("… and their passport number, both unique")
    (r"\b(?P<a>[a-z_]+) and (?P<b>(?:their |its |the |a |an )?[a-z_]+(?: [a-z_]+)?),? both "
     r"(?P<m>unique|required|optional|mandatory|encrypted|indexed)\b",
     r"\g<a>, \g<m>, and \g<b>, \g<m>"),
    # a value asked for as a new option of a choice ("have 'no access' as an appointment status")
    (r"^(?:please )?(?:have|add|allow|offer) (?P<v>[a-z][a-z ]{0,30}?) as (?:an? |the )?(?:new |"
     r"another |extra |possible )?(?P<e>[a-z]+) (?P<f>status|state|type|kind|category|stage|level|"
     r"option|value)\b", r"add \g<v> to the \g<e> \g<f>"),
    (r",? and (?:if|whether) there (?:is|are) (?:an? |any )?(?P<x>[a-z]+(?: [a-z]+)?)(?: (?:on|in|"
     r"at|fitted|installed) [^,.;]*)?(?=$|[,.;])", r", and a has_\g<x> flag"),
    (r"(?:^|(?<=[.!?] ))(?:from now on|going forward|from today|starting today),? (?=[a-z])", ""),
    # an API's settings listed after its name ("WeatherCall endpoints: restrict to managers")
    (r"^(?P<e>[a-z][a-z ]*?) (?:endpoints?|api|routes?): (?P<a>[^,;.]+?),? and (?:drop|remove|"
     r"disable|no|block) (?P<o>delete|create|update|list|get)s?(?= |$)",
     r"\g<e> endpoints: \g<a>. \g<e> api: no \g<o>"),
    (r"^(?P<e>[a-z][a-z ]*?) (?:endpoints?|api|routes?): (?:restrict|limit)"
     r"(?: (?:it|them|access))? to ", r"restrict the \g<e> endpoints to "),
    # a reason said after a removal without a comma ("get rid of axle count nobody uses it")
    (r"(?<=[a-z]) (?:as |since |because |cos |cause )?(?:nobody|no one|noone|none of us) (?:uses?|"
     r"needs?|reads?|looks at|fills in|cares about) (?:it|them|that|those|this)(?: any ?more)?"
     r"(?=$|[.,;!])", ""),
    (r",? while (?:you're|you are) at it(?=$|[.,;!])", ""),
    (r"\b(?P<x>point[- ]in[- ]time recovery|pitr|tracing|alarms|backups|structured logging|"
     r"soft delete|audit log|multi[- ]tenancy) (?:thing|stuff|feature|option|setting)\b", r"\g<x>"),
    (r"\b(?P<m>make|turn) (?P<x>it|that|this) (?:into )?(?:an? )?(?:fixed|closed|set|predefined) "
     r"(?:choice|set of values)(?=: )", r"\g<m> \g<x> a pick list"),
    # a default moved ("bump the default trip difficulty to moderate")
    (r"\b(?:bump|switch|move|update|put|turn) (?=the default [a-z][a-z ]* to [a-z])", "set "),
    (r"\bmake the default (?P<f>[a-z]+(?: [a-z]+)?) (?P<v>[a-z][\w-]*)$",
     r"set the default \g<f> to \g<v>"),
    # short forms
    (r"\bnvm\b", "never mind"),
    (r"\bcol\b", "column"),
    (r"\bcols\b", "columns"),
    (r"\badd (?:an? )?(?P<n>[a-z_]+) (?:enum|choice)(?: field| column)? ?(?:-+|:|\u2014|\u2013) ",
     r"add a \g<n> field: "),
    # values split by bars ("enum - scored | lost | abandoned"): a list
    (r"\b(?P<a>[\w-]+(?: ?\| ?[\w-]+)*) ?\| ?(?P<b>[\w-]+)\b",
     lambda m: f"{m['a'].replace(' | ', ', ').replace('|', ', ')} or {m['b']}"),
    (r"\b(?P<a>[a-z][\w-]*(?: / [a-z][\w-]*)+) / (?P<b>[a-z][\w-]*)\b",
     lambda m: f"{m['a'].replace(' / ', ', ')} or {m['b']}"),
    (r"\((?P<a>[a-z][\w-]*(?:/[a-z][\w-]*)+)/(?P<b>[a-z][\w-]*)\)",
     lambda m: f"({m['a'].replace('/', ', ')} or {m['b']})"),
    # "make that low, normal or high": the field just added becomes that choice
    (r"^(?:make|change|turn) (?:that|it|this)(?: field| one)? (?:into |to )?(?:one of )?"
     r"(?=[a-z][\w-]*(?:, [a-z][\w-]*)*,? or "
     r"(?!(?:on|off|over|under|more|less|not|so|above|below)\b)[a-z][\w-]*(?:$|,))"
     r"(?!(?:on|off|required|optional|unique)\b)", "make it a choice of "),
    (r"\bidx\b", "index"),
    (r"\b(?:pls|plz|pl[sz]e)\b", "please"),
    (r"\b(?:shld|shud|shuld|shoud)\b", "should"),
    (r"\bw/o\b", "without"),
    (r"\bw/ ?", "with "),
    (r"\brm\b", "remove"),
    (r"(?<=, )req\b|\breq$|\breq(?=,)", "required"),
    (r"\bpts\b", "points"),
    (r"\b([a-z]+_at) ts\b", r"\1 timestamp"),
    (r"\bamt\b", "amount"),
    (r"\baddr\b", "address"),
    (r"\bdesc\b", "description"),
    (r"\bappts?\b", "appointments"),
    (r"\bpitr\b", "point in time recovery"),
    (r"\b(\d{1,4}) ?d\b", r"\1 days"),
    (r"\bthe db\b", "the database"),
    (r"\b(?:stash|squirrel away|jot down|note down) (?=the |their |its |each |every |some |any )",
     "store "),
    # "a severity (minor, moderate or serious — minor by default)": the default after the list
    (r"\((?P<l>[\w-]+(?:, [\w-]+)*,? or [\w-]+)(?:,|;|\s[-\u2013\u2014])\s+(?:(?P<d>[\w-]+) by "
     r"default|(?:the )?default(?: is| to|:)? (?P<e>[\w-]+))(?:[,;] [^()]*)?\)",
     lambda m: f"({m['l']}) defaulting to {m['d'] or m['e']}"),
    # "peak temperature (whole degrees)", "in whole minutes": a whole number
    (r"(?:\(| in )whole (?:degrees|minutes|hours|days|weeks|pounds|euros|dollars|units|kilos|kg|"
     r"grams|metres|meters|miles|numbers)(?:\)|(?=$|[,.;!?]| and ))", " (whole number)"),
)  # fmt: skip
_COMPILED: tuple[tuple[rx.Pattern, str | Callable[[rx.Match], str]], ...] = (
    saying_choices.FIRST
    + saying_passing.COMPILED
    + tuple((rx.compile(p), r) for p, r in _REWRITES)
    + saying_questions.COMPILED
    + saying_remarks.COMPILED
    + saying_names.COMPILED
    + saying_ops.COMPILED
    + saying_records.COMPILED
    + saying_casual.COMPILED
    + saying_columns.COMPILED
    + (saying_learners.COMPILED[0], conversation.ON_IT, *saying_learners.COMPILED[1:])
    + frames.COMPILED
    + describing.COMPILED
    + saying_choices.COMPILED
    + saying_workflows.COMPILED
    + saying_constraints.COMPILED
    + saying_lists.COMPILED
    + frames.REORDER
)


_LIST_FOR = rx.compile(
    r"^(?:(?:a )?few|some|two|three|four|a couple of|couple of|several|a few)? ?(?:more )?"
    r"(?:things|changes|tweaks|bits|requests|fixes) (?:for|on|to) (?:the |our )?"
    r"(?P<e>[a-z]+s)\s*:?$"
)
"""A list announced for one entity ("few things for treatments:"), each line then about it."""


def _listed_for(parts: list[str]) -> list[str]:
    head = _LIST_FOR.match(parts[0]) if len(parts) > 1 else None
    if head is None:
        return parts
    return [p if rx.match(r"^[a-z_]+:", p) else f"{head['e']}: {p}" for p in parts[1:]]


def plain(text: str) -> str:
    """``text`` (normalised) with its wording put plainly."""
    parts = []
    for part in _listed_for(text.split("; ")):  # the lines of a list or a letter, each a sentence
        for pattern, replacement in _COMPILED:
            part = pattern.sub(replacement, part)
        parts.append(part)
    return rx.sub(r"\s+,", ",", rx.sub(r"\s+", " ", "; ".join(parts))).strip()
