"""Renames and removals said the way people talk about names and about what they no longer
need: "Nobody here says 'job', we say 'commission'", "'kind' on a tour is a bit vague, I'd rather
it was called tour_type", "on pickup days we'd rather say venue than location", "'wording' on a
sign is what we call the lettering, change the name to that", "the accountant deals with gift aid
now, so take it off adopters", "nobody has ever filled in minimum order on suppliers, bin it",
"exhibits don't belong in this system any more"; also changes listed per entity ("visits -> add a
travel fee", "on blades, drop serrated"), "Plots are pointless, delete them", "The default seats
is wrong, the new hall holds 80", a role said renamed ("box office staff are called
front_of_house now, rename the role"), a number corrected ("… 60 characters. Actually make that
80") and a constraint taken back ("actually undo the unique thing"). Applied before
``saying_casual``'s rewrites (quotes are gone by then: "'job'" is "job")."""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant import rx

_NAME = r"[a-z][a-z_]*(?: [a-z][a-z_]*)?"
_ON = rf"(?P<f>[a-z][a-z_]*(?: [a-z][a-z_]*)?) on (?:an? |the |each |every |our )?(?P<e>{_NAME})"
_GONE = r"(?:take|remove|drop|get rid of|lose|bin|ditch|scrap|axe|delete)"
_NOT_A_NAME = (
    r"(?!(?:required|optional|unique|mandatory|hidden|public|private|indexed|encrypted|longer|"
    r"shorter|filled in|set|given|an?|the|at|more|less|empty|blank|a number|a date|a yes)\b)"
)

_NOT_ON = (
    r"(?!(?:reflection|second|balance|top|average|purpose|occasion|paper|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|arrival|request|review|closer|further|that|"
    r"this|it|the whole)\b)"
)
"""After "on": words that name no entity ("On reflection, …")."""
REWRITES: tuple[tuple[str, str | Callable[[rx.Match], str]], ...] = (
    # "Smiths are called Makers now (we've taken on a jeweller too)": a rename, the reason aside
    (r"^(?:our |the |all )?(?P<o>[a-z]+s) are (?:now )?(?:called|known as|named) (?P<n>[a-z]+s)"
     r"(?: now| from now on| these days| instead)?(?: \((?:we|we've|we're|they|they're|since|as|"
     r"because)\b[^()]*\))?(?=$|[.;!?])", r"rename \g<o> to \g<n>"),
    # "no wait — the call sign belongs to the lock, not the volunteer. Move it please": the
    # field just added goes on the other entity
    (r"^(?:(?:no wait|no|wait|actually|sorry|oops)[,:]? (?:[\u2014\u2013-] )?)?"
     r"(?:the |that |this )?[a-z_ ]+? (?:belongs|goes|should go|should be|lives|sits) "
     r"(?:to|on|with|in) (?:the |each |every )?(?P<e>[a-z]+),? not (?:on |to |with )?(?:the |"
     r"each |every )?[a-z]+[.!]? (?:so )?"
     r"(?:move|put|switch|shift) (?:it|that)(?: over| across)?(?: please)?[.!]?$",
     r"put it on \g<e> instead"),
    # "We've stopped running training sessions, take them out of the system": they go
    (r"^(?:(?P<h>[a-z]+(?: [a-z]+)?)(?::| [\u2014\u2013-]) )?(?:we've|we have|we) (?:stopped|"
     r"quit|given up|dropped|finished) (?:running |doing |offering |holding |using |tracking |"
     r"recording |keeping )?(?P<x>[a-z]+(?: [a-z]+)?|them|it)[.,;]? (?:so )?(?:please )?(?:take "
     r"(?:them|it|those) out|delete|remove|drop|scrap|bin)(?: (?:them|it|those))?(?: of (?:the )?"
     r"(?:system|app|spec))?(?: please)?$",
     lambda m: f"remove {m['h'] if m['x'] in ('them', 'it') and m['h'] else m['x']}"),
    # "rename rise_metres to rise_m... actually no, just call it rise": the name said last
    (r"\brename (?P<a>[a-z_]+) to [a-z_]+(?:\.{1,3}|,|;|\s[\u2014\u2013-])?\s*(?:actually|no|wait|"
     r"hmm)[,.]? (?:no[,.]? )?(?:just |let's )?(?:call|name|make) it (?P<b>[a-z_]+)$",
     r"rename \g<a> to \g<b>"),
    # "visits -> add a travel fee", "dogs -> make breed required": a change on that entity
    (r"(?:^|(?<=[.;:] ))(?P<e>[a-z]+) ?(?:->|=>|\u2192) ?(?=(?:add|give|put|drop|remove|delete|"
     r"make|rename|set|change)\b)", r"on \g<e>, "),
    # "on Lock, rename rise_metres to rise", "on dogs, make breed required": the field's entity
    (rf"^on {_NOT_ON}(?:the |all |each |every )?(?P<e>[a-z]+)[,:] "
     r"(?P<v>rename|make|set|change) "
     r"(?:the )?(?P<f>[a-z_]+) (?=to |required|optional|unique)", r"\g<v> \g<f> on \g<e> "),
    # "visits -> add a travel fee", "blades: drop serrated": what to do on that entity
    (rf"(?:^|(?<=[.;:] ))on {_NOT_ON}(?:the |all |each |every )?(?P<e>[a-z]+)[,:] (?P<v>add|give|"
     r"put) (?P<x>(?:(?!\b(?:to|on|for|and|onto|in)\b)[^.;])+?)(?=$|[.;])",
     r"\g<v> \g<x> to \g<e>"),
    (rf"(?:^|(?<=[.;:] ))on {_NOT_ON}(?:the |all |each |every )?(?P<e>[a-z]+)[,:] "
     r"(?P<v>drop|remove|delete) (?:the )?(?P<f>[a-z_]+)(?=$|[.;,])", r"\g<v> \g<f> from \g<e>"),
    # "actually call it Bay, not Hangar": the name said last is renamed
    (r"^(?:actually,? |no,? |wait,? |sorry,? )?(?:call|name) (?:it|that|this)(?: one)? "
     r"(?P<x>[a-z_]+),? (?:not|instead of|rather than) (?P<y>[a-z_]+)$", r"rename \g<y> to \g<x>"),
    # "Plots are pointless, delete them": that entity goes
    (r"(?:^|(?<=[.;!?] ))(?:the |our |all the |all )?(?P<e>[a-z]+) (?:are|is) (?:now |just |"
     r"completely |totally )?(?:pointless|useless|not needed|redundant|obsolete|no longer needed|"
     r"unnecessary|no use)(?: now| any more| anymore)?[,;.]? (?:so )?(?:please |just )?(?:delete|"
     r"remove|drop|get rid of|bin) (?:them|it)(?: please)?(?=$|[.;!?])", r"remove \g<e>"),
    # "The default seats is wrong, the new hall holds 80": the default, said by the number
    (r"^(?:the )?default (?:for |of )?(?:the )?(?P<f>[a-z_]+(?: [a-z_]+)?) (?:is|are|was) wrong,? "
     r"(?:(?!\b(?:by|more|less|add|raise|lower|halve|double|since|increase|decrease|reduce|up|"
     r"down|than)\b)[^.;!?\d])*?\b(?:should be|holds|is|it's|make it|set it to|to|now|have|has) "
     r"(?P<v>\d+(?:\.\d+)?)(?: now)?[.!]*$", r"default \g<f> to \g<v>"),
    # "box office staff are called front_of_house now, rename the role"
    (r"^(?:the |our )?(?P<a>[a-z][a-z_ ]*?)(?: staff| people| team| users)? (?:are|is) (?:now )?"
     r"called (?P<b>[a-z][a-z_]*)(?: now| these days)?,? (?:so )?(?:please )?(?:rename|change) "
     r"(?:the|that|their) role(?: too| as well| accordingly)?[.!]*$",
     r"rename the \g<a> role to \g<b>"),
    # "variety can be at most 60 characters. Actually make that 80": the number corrected
    (r"\b\d+(?P<t>[^.;!?\d]*)[.;,!] (?:oh,? |no,? )?actually,? (?:make|change) (?:it|that) (?:to )?"
     r"(?P<m>\d+)[.!]*$", r"\g<m>\g<t>"),
    # "actually undo the unique thing": the constraint just set, taken off again
    (r"^(?:actually,? |no,? |oops,? |hmm,? |sorry,? )?(?:undo|scrap|cancel|drop|take off) the "
     r"(?P<c>unique|required|mandatory) (?:thing|bit|part|constraint|rule|flag|setting)"
     r"(?P<r>[,;.] .*)?$", lambda m: "make it " + ("not unique" if m["c"] == "unique" else
                                                    "optional") + (m["r"] or "")),
    # "actually, undo the address": the field just added, taken out again
    (r"^(?:actually,? |no,? |oops,? |hmm,? |sorry,? )?(?:undo|scrap|cancel) the "
     r"(?!(?:last|previous|latest|recent|change|changes|edit|edits|one|bit|rest|whole|rename|"
     r"renaming|removal|deletion|addition|update|step|message|request|thing|please|everything|"
     r"all|both|move|switch|new|other|first|second|\w+ (?:change|edit|one|bit))\b)"
     r"(?P<f>[a-z][a-z_]*(?: [a-z_]+)?)"
     r"(?: (?:one|bit|part|field))?(?:,? please)?(?:[,;.] (?!.*\b(?:and|but|then|also|plus|add|"
     r"make|need|needs|remove|drop|rename|set|give|put|change)\b).*)?$",
     r"remove the \g<f>"),
    # "rename model Label -> Client (table clients), update the FKs": the entity, renamed
    (r"\brename (?:the )?(?:model|table|entity|class|resource) (?=[a-z])", "rename "),
    (r",? (?:and )?(?:update|fix|rename) (?:the |all |its |their )?(?:fks|foreign keys|references|"
     r"refs|relations)(?: too| as well)?(?=$|[.,;])", ""),
    (r"\s*\((?:table|tbl|collection) [a-z_]+\)", ""),
    # "In our company we say 'venue', not 'site'": the name they use
    (r"^(?:in our [a-z]+ |here |around here )?(?:we|everyone|everybody|people|staff)(?: here)? "
     r"(?:say|call (?:it|them)|calls (?:it|them)) (?:the )?(?P<n>[a-z_-]+(?: [a-z_-]+)?),? "
     r"(?:and )?not (?:the )?(?P<o>[a-z_-]+(?: [a-z_-]+)?)(?=$|[.,;!])", r"rename \g<o> to \g<n>"),
    # "I want to call 'Practice' as 'Session' in the app": call it that
    (r"\b(?P<w>want|like|prefer|need) to call (?P<a>[a-z_]+) as (?P<b>[a-z_]+)(?: (?:in|on) "
     r"(?:the|our) (?:app|system|website|site|ui|screens?))?\b", r"\g<w> to call \g<a> \g<b>"),
    # "Nobody in the studio says 'job', we say 'commission'"
    (rf"^(?:nobody|no one)(?: in [a-z ]+?| here| at [a-z ]+?)? (?:says|calls (?:it|them)) "
     rf"(?P<o>{_NAME}),? (?:we|everyone|everybody)(?: all)? (?:say|call (?:it|them)) "
     rf"(?P<n>{_NAME})(?=$|[.,;!])", r"rename \g<o> to \g<n>"),
    # "We say sponsors now, not adopters"
    (rf"^(?:we|everyone|everybody) (?:say|call (?:it|them)) (?P<n>{_NAME}) (?:now|these days|"
     rf"nowadays),? (?:and )?not (?P<o>{_NAME})(?: [-\u2013\u2014] [^.;!?]*)?(?=$|[.,;!?])",
     r"rename \g<o> to \g<n>"),
    # "each sign-up is a household, so 'members' should really be 'households'"
    (r"(?:^|(?<=, so )|(?<=^so ))(?P<o>[a-z]+s) should (?:really |actually )?be (?:called |named )?"
     r"(?P<n>[a-z]+s)(?=$|[.;!?])", r"rename \g<o> to \g<n>"),
    # "'kind' on a tour is a bit vague, I'd rather it was called tour_type"
    (rf"^{_ON} (?:is|sounds|seems) (?:a bit |too |very |rather |quite )?(?:vague|confusing|unclear|"
     r"wrong|misleading|odd)[^,.]*, (?:i'd|we'd|i would|we would) (?:rather|prefer)(?: if)? it "
     r"(?:was|were|be|is) (?:called|named) (?P<n>[a-z_]+)$", r"rename \g<f> on \g<e> to \g<n>"),
    # "On pickup days we'd rather say venue than location"
    (rf"^on (?P<e>{_NAME}),? (?:we'd|we would|i'd|i would) rather (?:say|call it|use) "
     rf"(?P<n>[a-z_]+) than (?P<f>{_NAME})$", r"rename \g<f> on \g<e> to \g<n>"),
    # "'vet_name' on vet visits should really be 'practice', because …"
    (rf"^{_ON} should (?:really |actually )?be (?:called |named )?{_NOT_A_NAME}(?P<n>[a-z_]+)"
     r"(?:,? (?:because|as|since) .*)?$", r"rename \g<f> on \g<e> to \g<n>"),
    # "'wording' on a sign is what we call the lettering, please change the name to that"
    (rf"^{_ON} is what (?:we|everyone|people) (?:call|calls) (?:the |a )?(?P<n>{_NAME}),? "
     r"(?:so |and )?(?:please )?(?:change|rename|update) (?:the name|it|its name) to (?:that|it)$",
     r"rename \g<f> on \g<e> to \g<n>"),
    # "the accountant deals with gift aid now, so take it off adopters"
    (rf"^.*?\b(?P<x>[a-z]+(?: [a-z]+)?)(?: now| these days| anyway| elsewhere)?,? so (?:please )?"
     rf"{_GONE} (?:it|that|them) (?:off|from|out of) (?:the |all |our )?(?P<e>[a-z]+)$",
     r"remove \g<x> from \g<e>"),
    # "nobody has ever filled in minimum order on suppliers, bin it"
    (rf"^(?:nobody|no one)(?: has| have)?(?: ever)? (?:fills?|filled|uses?|used|looks? at|looked "
     rf"at|reads?)(?: in)? (?:the )?{_ON},? (?:so )?{_GONE} (?:it|them|that)$",
     r"remove \g<f> from \g<e>"),
    # "exhibits don't belong in this system any more", "invoices can come out of this app"
    (r"(?:^|(?<=, so )|(?<=^so ))(?P<e>[a-z]+s) (?:don't|do not) belong in (?:this|the) (?:system|"
     r"app|database)(?: any ?more)?(?=$|[.;!?])", r"remove the \g<e> entity"),
    (r"(?:^|(?<=, so )|(?<=^so ))(?P<e>[a-z]+s) (?:can|could|should) (?:come|go) out of "
     r"(?:this|the) (?:system|app|database)(?: altogether| completely| entirely)?(?=$|[.;!?])",
     r"remove the \g<e> entity"),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
