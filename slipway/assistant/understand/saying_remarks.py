"""The remarks said around a request, which are none of it, and requests said with an aside:
the reason after a dash ("default it to 2 — most people come in pairs"), a remark in brackets,
what a price is said after it ("add a price to firings, what we charge per piece"), "a URL is
fine" for an image, a default said after the question that adds the field ("… ? It's £50 unless
we say otherwise"), "… until a coordinator opens it" after a default, "(just a name, like
'Grand Union')", why a field is wanted ("we want to put them on a map"), the reason before a role
is removed ("customers won't have accounts after all"), "point straight at the customer …, not
just via the balloon", a request after a dash ("… — could we keep the fob number on their
record?"), a link explained after a dash ("each product has many milling runs — the flour for one
product …"), "new thing: Kiln. …", "add the dimensions? actually just the height …", "I need to
see every change anyone makes to invoices", "I don't want it gone for good" and "flag em"; also
"… still unique tho", ", nobody ever ticks it", ", not only the weight", "? a yes/no is fine",
"when we test it in the spring", "Most are free so price should be 0 …" and "… many reviews - a
review is …" (its fields, a sentence of their own). Applied after ``saying_questions``' rewrites
and before ``saying_names``'."""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant import rx
from slipway.assistant.understand.letters import tells

REWRITES: tuple[tuple[str, str | Callable[[rx.Match], str]], ...] = (
    # "add a price to firings, what we charge per piece": what the price is, said after it
    (r"\b(?P<h>(?:price|fee|cost|charge|rate|amount|deposit|total)s?(?: (?:to|on|for) (?:the |"
     r"each |every |our )?[a-z]+)?), (?:what|how much) (?:we|they|you|i|the [a-z]+) "
     r"(?:charges?|pays?|earns?|bills?|spends?|get paid|gets paid)\b[^.;,]*(?=$|[.;])", r"\g<h>"),
    # "a little image for the website, a URL is fine": a link to the image, no file kept
    (r"\b(?P<h>(?:image|picture|photo|logo|artwork|thumbnail|video|icon|headshot|poster)s?)"
     r"(?P<m>[^.;,]*),? (?:just )?(?:an? |the )?(?:url|link|web address)(?: to it)?(?: is fine| "
     r"will do| is enough| please| only| is ok)?(?=$|[.;])", r"\g<h> url\g<m>"),
    (r"\b(?P<a>an?|the) (?:little|small|tiny|short|nice) (?=(?:image|picture|photo|bio|blurb|"
     r"description|summary|icon|logo|thumbnail)s?\b)", r"\g<a> "),
    # "phone shouldn't be mandatory … still unique tho": what stays as it is asks nothing
    (r"(?:[.;,] |^)(?:but |and )?(?:it(?:'s| is| should be| must be| stays| remains) |keep it |"
     r"leave it )?still (?:unique|required|optional)(?: though| tho| please| of course)?[.!]*$",
     ""),
    # "blades -> drop serrated, nobody ever ticks it": why, said after the request
    (r",? (?:as |because |since )?(?:nobody|no one|hardly anyone|hardly anybody) (?:ever |really )?"
     r"(?:ticks|uses|fills in|fills|looks at|reads|checks|clicks)(?: on)? (?:it|them|that|those)"
     r"(?: (?:any ?more|now|these days))?(?=$|[.;!])", ""),
    # "can we flag trees that are sick? a yes/no is fine": the type, said after the question
    # (a flag or a mark is a yes/no already)
    (r"(?P<h>\b(?:flag|mark)\b[^.?!;]*)(?P<p>[?.]) (?:an? |just an? |only |simple )*(?:yes/no|"
     r"yes or no|true/false)(?: one| field| flag)?(?: (?:is|will be|would be) (?:fine|enough|ok|"
     r"okay|plenty))?[.!]*(?=$|[.;!?] )", r"\g<h>\g<p>"),
    (r"(?<=[?.] )(?:an? |just an? |only |simple )*(?P<y>yes/no|yes or no|true/false)(?: one| field|"
     r" flag)? (?:is|will be|would be) (?:fine|enough|ok|okay|plenty)(?=$|[.;!?])", r"\g<y>"),
    # "… the number of fruits picked, not only the weight": what it has already stays
    (r",?(?: too| as well)?,? not (?:only|just) (?:the |their |its |a |an )?[a-z]+(?: [a-z]+)?"
     r"(?=$|[.;!?])", ""),
    # "Most are free so price should be 0 …": the reason before the request
    (r"(?:^|(?<=[.;!?] ))(?:and )?(?:most|many|nearly all|almost all) (?:of them |of ours |of our "
     r"[a-z]+ )?(?:are|is|cost|come|go) [a-z]+,? so (?=(?:the )?[a-z_]+ (?:should|must|can|will) "
     r"(?:be|default)\b)", ""),
    # "record the soil pH of each plot when we test it in the spring": when it is taken
    (r",? (?:when|whenever|each time|every time) (?:we|they|you|i|staff) (?:test|check|measure|"
     r"inspect|weigh|survey|count) (?:it|them)(?: in| out| over)?"
     r"(?: (?:in|at|on|during|every|each) [a-z ]+)?"
     r"(?=$|[.;!?])", ""),
    # "default it to 2 — most people come in pairs": the reason after a dash is no request
    (r"\s+[\u2014\u2013-]\s+(?P<r>[^.;!?\u2014\u2013]+)(?=$|[.;!?])",
     lambda m: "" if tells(m["r"]) else m[0]),
    # "… instead of weight_grams (it's still in grams)": a remark in brackets
    (r"\s*\((?:it is|it's|its|they are|they're|that is|that's|which is|still|same as|as before|"
     r"i think|i guess|i believe)\b[^()]*\)", ""),
    # "Can we add a deposit amount? It's £50 unless we say otherwise": its default, said after it
    (r"(?<=\? )(?:it is|that is|they are|it should be|it will be|usually|normally) (?:usually |"
     r"normally |always |typically )?[£$€]?(?P<v>\d[\d.]*) by default\b", r"default \g<v>"),
    (r"(?<=\? )default (?:it|that|this|them) (?=to [£$€]?\d)", "default "),
    # "fridge status should default to closed until a coordinator opens it": until is no value
    (r"\b(?P<d>defaults? to [a-z][\w-]*|(?:starts?|begins?) (?:out |off )?as [a-z][\w-]*) "
     r"until (?:we|they|a|an|the|someone|somebody|it|he|she|staff)\b(?:(?! and )[^.;!?,])*",
     r"\g<d>"),
    # "Add a Waterway (just a name, like 'Grand Union')": its one field, with an example
    (r"\s*\((?:just|only|simply) (?:a |an |the )?(?P<f>name|title|label)(?:,? "
     r"(?:like|e\.?g\.?|eg|such as|say|for example) [^()]*)?\)", r" with a \g<f>"),
    # "could fridges have latitude and longitude? we want to put them on a map": why, after it
    (r"(?<=\?) (?:so )?(?:we|i) (?:want|need|would like|'d like|wanna) to (?:put|show|plot|see|"
     r"display|pin|find|mark) (?:them|it|those|these|each one)(?: all)? (?:on|in) (?:a|the|our) "
     r"(?:map|calendar|dashboard|website|app|list)[.!]?$", ""),
    # "customers won't have accounts after all, remove the customer role": the reason before it
    (r"^[a-z]+(?: [a-z]+)? (?:won't|will not|don't|do not|no longer) (?:have|need|get) (?:an? )?"
     r"(?:accounts?|logins?|to log in|to sign in)(?: after all| any ?more| any longer)?[,;:] "
     r"(?=(?:so )?(?:remove|drop|delete|get rid of) (?:the )?[a-z_]+ role)", ""),
    # "repair jobs should also point straight at the customer who booked them, not just via …"
    (r"\b(?:should |must |need to |needs to )?(?:also )?(?:point|link) (?:straight|directly|"
     r"right) (?:at|to) (?:the |a |an |their )(?P<x>[a-z]+)(?: (?:who|that|which) [a-z ]+?)?(?:,? "
     r"not (?:just )?(?:via|through|by way of) (?:the |a |an |their )?[a-z]+)?(?=$|[.;!?])",
     r"belong to a \g<x>"),
    # "add a 'trustee' role please — they need to …": the request ends at "please"
    (r"\bplease\s*[\u2014\u2013-]\s+(?=(?:they|he|she|it|this|that|these|those)\b)", "please. "),
    # "oh, and a tracking number next to it - unique": beside the field just said
    (r"(?<=[a-z])\s+(?:next to|alongside|beside|along with) (?:it|that|them)\b", ""),
    # "I need to see every change anyone makes to invoices": an audit trail of them
    (r"\b(?:see|know|track|record|log|keep) (?:every|each|all|any) (?:change|edit|update)s? "
     r"(?:that )?(?:anyone|anybody|someone|everyone|people|staff|we) (?:makes?|made|does) "
     r"(?:to|on) (?P<e>(?:the |our )?[a-z]+)", r"keep an audit log of \g<e>"),
    # "order lines need to say whether the quantity is each, kg or case": the quantity's unit
    (r"\b(?:say|show|record|note|know) whether (?:the|its|their) (?P<f>quantity|amount|weight|"
     r"volume|length|distance|dose|height|width|depth|duration) (?:is|are) (?:in )?"
     r"(?=[a-z]+(?:, [a-z]+)+,? or [a-z]+(?=$|[.;]))", r"have a \g<f> unit: "),
    # "we need to know if a booking's a school group": the booking is one
    (r"\b(?P<e>[a-z]+)'s (?=an? [a-z])", r"\g<e> is "),
    # "new thing: Kiln. name, max temperature, …": a new entity and its fields
    (r"^(?:new thing|new entity|new table|new record|new model)s?: (?P<e>[a-z]+)\. ",
     r"add a \g<e> entity with "),
    # "Pieces - add the dimensions? actually just the height in cm is enough": that one
    (r"\badd (?:the |a |an |some )?[a-z]+(?: [a-z]+)?\?,? (?:actually|no|hmm|wait|or),? (?:just )?"
     r"(?P<x>(?:the |a |an )?[a-z]+(?: [a-z]+){0,3}) (?:is|will be|would be|'s) (?:enough|fine|"
     r"plenty|ok)\b", r"add \g<x>"),
    # "… — can we put their hourly rate in?": add it
    (r"\b(?:can|could) (?:we|you|i) (?:put|pop|stick|get) (?P<x>(?:their|its|the|a|an) [a-z]+"
     r"(?: [a-z]+)?) (?:in|on|down|on there)(?= ?\?|$)", r"add \g<x>"),
    # "… for evening access - could we keep the fob number on their record?": a request of its
    # own; "… useful - can we turn that on?" stays one sentence ("that" is the useful thing)
    (r"\s+[\u2014\u2013-]\s+(?=(?:so |and )?(?:could|can|would|will) (?:we|you|i)\b"
     r"(?![^.?!]*\b(?:that|it|this|them|those)\b))", ". "),
    # links said with an explanation: "each product has many milling runs — the flour for one
    # product gets milled over lots of runs", "episodes have a playlist — lots of tracks per
    # episode, and a track gets played on loads of episodes"
    # ("… many reviews - a review is reviewer name, …": what the one holds, a sentence of its own)
    (r"(?P<h>\bha(?:s|ve) (?:many|lots of|several|multiple) [a-z]+(?: [a-z]+)?)"
     r"\s+[\u2014\u2013-]\s+(?=(?:an?|each|every) [a-z]+ (?:is|has|have|needs?|holds?) )",
     r"\g<h>. "),
    (r"(?P<h>\bha(?:s|ve) (?:many|lots of|several|multiple) [a-z]+(?: [a-z]+)?)"
     r"\s+[\u2014\u2013-]\s+(?![^.;!?]*\b(?:and|but) (?:an?|each|every|the same|one) )"
     r"[^.;!?]*", r"\g<h>"),
    (r"\b(?P<a>[a-z]+s) (?:have|has) an? [a-z]+\s+[\u2014\u2013-]\s+(?=(?:lots of|loads of|many|"
     r"several) )", r"\g<a> have "),
    (r"\b(?:lots of|loads of|plenty of|a lot of|several|many|multiple) (?P<y>[a-z]+s) (?:per|on "
     r"each|for each|in each|on every|in every) [a-z]+\b", r"many \g<y>"),
    (r"\b(?P<d>an?|each|every|the same|one) (?P<b>[a-z]+) (?:gets|is|can be|will be|often gets) "
     r"(?:[a-z]+ed|played|sung|shown|used|worn|read|run|sold|taught) (?:on|in|at|for|by|across) "
     r"(?:loads|lots|plenty|dozens|hundreds|a lot) of (?P<a>[a-z]+s)\b",
     r"\g<d> \g<b> is on many \g<a>"),
    # "If someone deletes a client I don't want it gone for good — …": hide it instead
    (r"\b(?:i|we) (?:don't|do not|never) want (?:it|them) (?:gone|deleted|lost|wiped|removed) "
     r"(?:for good|forever|for ever|permanently)\b[^.;!?]*", "just hide it"),
    # "jobs come in as URGENT sometimes (under the hour). flag em": a yes/no for it
    (r"\b(?P<e>[a-z]+s) (?:come in|arrive|are marked|get marked|turn up|are booked) as "
     r"(?P<y>[a-z]+)(?: sometimes| now and then| occasionally)?(?: \([^()]*\))?[.,;]? (?:so )?"
     r"(?:flag|mark|tick) (?:em|'em|them|those|these|those ones)\b", r"add a \g<y> flag to \g<e>"),
)  # fmt: skip
COMPILED: tuple[tuple[rx.Pattern, str | Callable[[rx.Match], str]], ...] = tuple(
    (rx.compile(p), r) for p, r in REWRITES
)
