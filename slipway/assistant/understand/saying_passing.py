"""Round fourteen's ways of saying a change in passing, put plainly before the other rewrites:
a yes/no said as "flag on dogs if they are reactive/snappy", JSON said with examples ("as json -
spacing, depth, companion plants...") or as "save it as a json blob on the dog", what a system
"spits out" said as the thing itself, "public as well, read only", a follow-up that changes what
was just said ("actually, leave it optional but default it to 45", "make it an enum of the four
seasons instead of a month"), and what a field is for said after it ("…, we need it for
pricing")."""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant import rx

_REWRITES: tuple[tuple[str, str | Callable[[rx.Match], str]], ...] = (
    # "states: scheduled -> live -> aired, or cancelled": the states in order, each a value
    (r"\b[a-z_]+(?: ?(?:->|=>) ?[a-z_]+){2,}\b", lambda m: rx.sub(r" ?(?:->|=>) ?", ", ", m[0])),
    # "flag on dogs if they are reactive/snappy": a reactive flag on each dog
    (r"^(?:add |put |we need |i need )?(?:an? )?(?:flag|checkbox|tick ?box|yes/no) (?:on|for) "
     r"(?:the |all |each |every )?(?P<e>[a-z]+) (?:if|whether|when) (?:they|it|he|she) (?:is|are) "
     r"(?P<y>[a-z-]+)(?:/[a-z-]+)?(?=$|[,.;!?]| so | because | as )",
     r"give each \g<e> a \g<y> flag"),
    # "store growing notes as json - spacing, depth, companion plants...": examples, not values
    (r"\b(?P<j>json|jsonb)(?P<k> blob| document| object| field| column)?\s*(?:-|:|\u2013|\u2014)\s*"
     r"(?![^.;!?]*\b(?:required|unique|encrypted|optional|indexed|default|mandatory|nullable|not "
     r"null|please)\b)[^.;!?]*", r"\g<j>\g<k>"),
    # "save it as a json blob on the dog": what was just said, as json
    (r"\b(?P<v>save|store|keep|make|have) (?P<p>it|that|them) as (?:an? )?json(?: blob| document| "
     r"object)?(?: (?:on|in|for) (?:the |each |every )?[a-z]+)?(?=$|[.;!?])",
     r"\g<v> \g<p> as json"),
    # "the raw metadata our playout system spits out": the raw metadata
    (r"\b(?P<x>(?:the|a|an) [a-z]+(?: [a-z]+)?) (?:that |which )?(?:our|the|their|its|my) [a-z]+"
     r"(?: [a-z]+)?(?: \([^()]*\))? (?:spits|sends|gives|produces|generates|outputs|exports|"
     r"returns|creates|prints|emits)(?: out| back| us)?\b", r"\g<x>"),
    # "attach the raw metadata … to each episode. it's a JSON document": a json field, no file
    (r"\b(?:attach|store|keep|save) (?P<x>[^.;!?]+?) (?:to|on|with) (?P<e>(?:each|every|the) "
     r"[a-z]+)\. (?:it is|they are) (?:an? |in )?json(?: document| blob| object| file)?\b",
     r"add \g<x> (json) to \g<e>."),
    # "each dog has their own groom preferences - clip length, shampoo, that kind of thing"
    (r"\b(?P<h>(?:has|have|need|needs|gets?) )(?:their|its|his|her|our) own (?P<x>[a-z ]+?) ?"
     r"(?:-|:|\u2013|\u2014) [^.;!?]*?(?:that kind of thing|that sort of thing|etc|and so on|"
     r"and stuff)\b",
     r"\g<h>\g<x>"),
    (r"\b(?P<a>public|private|read[- ]only)(?: as well| too)(?=,)", r"\g<a>"),
    # "breed should be required, we need it for pricing": what it is for
    (r", (?:as |because |since )?(?:we|i|they) (?:need|use) (?:it|that|this|them) (?:for|"
     r"to (?!be\b)|when|in) [^.;!?,]*", ""),
    # the purpose after a request ("… in case somebody falls", "… so that parents pick …")
    (r",? (?:so that|in case|just in case) [^.;]*", ""),
    (r",? (?:can|could) you (?:add|do|set up|make) (?:that|this|it)(?: for (?:me|us))?\??$", ""),
    (r"\b(?P<x>[a-z]+) in which (?:it|they|he|she) (?:is|are|was|were) [a-z]+\b", r"\g<x>"),
    # "actually, leave it optional but default it to 45": a change to what was just said
    (r"^(?:actually|on second thought|hmm|ok so|wait)[,.]* (?=(?:please )?(?:make|set|change|"
     r"turn|switch|mark|leave|keep|default|give) (?:it|that|this|them)\b)", ""),
    # "make it an enum of the four seasons instead of a month": the values, and what it was
    (r"^(?P<h>(?:please )?(?:make|change|turn|switch) (?:it|that|them) .+?),? (?:instead of|rather "
     r"than) (?:an? |the )?[a-z ]+$", r"\g<h>"),
    (r"\b(?P<h>enum|choice|one) (?P<o>of|from) (?:the )?(?:four )?seasons\b"
     r"(?: instead\b)?",
     r"\g<h> \g<o> spring, summer, autumn or winter"),
    (r"\b(?P<h>enum|choice|one) (?P<o>of|from) (?:the )?(?:seven )?days of the week\b"
     r"(?: instead\b)?",
     r"\g<h> \g<o> monday, tuesday, wednesday, thursday, friday, saturday or sunday"),
    (r"\bleave (?P<p>it|that|them) (?=(?:optional|required|mandatory|unique|not required|"
     r"nullable)\b)", r"make \g<p> "),
    (r"^(?P<h>(?![^.;!?]*\b(?:don't|do not|not|never|no)\b)[^.;!?]*?) but (?=(?:default|make|set|"
     r"give|change) (?:it|that|them)\b)", r"\g<h> and "),
    # "we want daily backups and PITR": the database's backups, not a job of our own
    (r"\b(?:daily|nightly|regular|automatic|automated) (?:db |database )?back ?ups?\b(?! (?:job|"
     r"task|script|run|workflow|process)s?\b)", "backups"),
    # "don't make notes required": they should not be (never a removal)
    (r"^(?:please )?(?:don't|do not) make (?:the )?(?P<x>[a-z_ ]+?) (?P<m>required|mandatory|"
     r"unique)\b(?:,? but (?=(?:make|set|give) ))?",
     lambda m: f"{m['x']} should not be {m['m']}" + (". " if m[0].endswith(" ") else "")),
    # "tracks shouldn't be tied to one single episode": many of them
    (r"\b(?P<x>[a-z]+) (?:shouldn't|should not|mustn't|must not|don't|do not|can't|cannot|won't) "
     r"(?:be )?(?:tied|limited|restricted|locked|linked|attached) to (?:just |only )?(?:one|a) "
     r"(?:single )?(?P<y>[a-z]+)\b", r"\g<x> can belong to more than one \g<y>"),
    # "the same song gets played in loads of episodes": a song
    (r"\bthe same (?=[a-z]+ (?:gets?|can be|may be|is|goes|appears?|shows? up|turns? up)\b)", "a "),
)  # fmt: skip

COMPILED = tuple((rx.compile(p), r) for p, r in _REWRITES)
