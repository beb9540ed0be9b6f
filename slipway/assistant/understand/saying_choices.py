"""A choice of values said in the many ways people say one, put as the form the enum rules read:
"<entity> has a <field>: a, b or c, a by default".

- values said in a sentence of their own ("Give dogs a size. Possible values: …");
- values between bars ("size (small|medium|large)");
- a default said in brackets, or as what new records start as ("New stays are booked.");
- a lifecycle ("stays go from booked to checked in to checked out");
- a stage asked for ("track where each stay is at: booked, in, out or cancelled");
- a classification ("we classify every dog as …", "each dog should be marked …");
- a yes/no someone may choose or that marks some ("customers can opt in to sms reminders",
  "flag dogs of rare breeds"), its default said next ("Off unless they ask.");
- a fact then its name ("each dog is small, medium or large - store that as its size");
- how it was done among ways said with their words ("each stay should say how it was booked:
  by phone, on our own website, or via an agency"), a value added "as an option", and "most are
  on early so use that as the default".
"""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant import rx
from slipway.assistant.understand.words import singular

_VALUE = r"[a-z][a-z-]*(?: [a-z][a-z-]*)?"
_LIST = rf"(?:an? )?{_VALUE}(?:, (?:an? )?{_VALUE})*,? (?:or|and) (?:an? )?{_VALUE}"
"""An "a, b or c" list of values of a word or two."""
_NOT_VALUES = r"(?:not null|null|required|optional|unique|max|min|fk|pk|index)\b"
"""Words of a column's constraints ("label -> name, not null, max 30"), never values."""
_Q = r"(?P<q>each|every|all|our|the|an?)"


def _bars(m: rx.Match) -> str:
    values = m.group("v").split("|")
    return f"({', '.join(v.strip() for v in values[:-1])} or {values[-1].strip()})"


def _lifecycle(m: rx.Match) -> str:
    stages = rx.split(r" to ", m.group("x"))
    return f"{m.group('e')} have a status: {', '.join(stages[:-1])} or {stages[-1]}"


LANGUAGES = {"english", "welsh", "french", "german", "spanish", "italian", "portuguese", "dutch",
             "polish", "irish", "gaelic", "cornish", "arabic", "urdu", "hindi", "bengali",
             "punjabi", "mandarin", "cantonese", "chinese", "japanese", "korean", "russian",
             "ukrainian", "romanian", "turkish", "greek", "swedish", "norwegian", "danish", "bsl",
             "sign language"}  # fmt: skip


def _languages(m: rx.Match) -> str:
    """ "tours: we run them in English, French or German": the language of each one."""
    said = rx.split(r",\s*(?:or |and )?|\s+(?:or|and)\s+", m["v"])
    values = [rx.sub(r" (?:now|too|also)$", "", v.strip()) for v in said if v.strip()]
    if not all(v in LANGUAGES for v in values):
        return m[0]
    return f"{m['e']} have a language: {', '.join(values[:-1])} or {values[-1]}"


def _ways_in(m: rx.Match) -> str:
    """ "bookings come in from the website, over the phone or at the door": where each came from."""
    said = rx.split(r",? or |, ", m["l"])
    values = [rx.sub(r"^(?:from|via|over|at|by|through|on|in) ", "", v).split()[-1] for v in said]
    return f"{m['e']} have a source: {', '.join(values[:-1])} or {values[-1]}"


_WAY = r"(?:(?:from|via|through|by|over|at|on) )?(?:the )?[a-z]+"
_MEANS = r"(?:(?:from|via|through|by|over|at|on|in) )?(?:an? |the |our own |our )?[a-z]+"


def _how_done(m: rx.Match) -> str:
    """ "each stay should say how it was booked: by phone, on our own website, or via an
    agency": the way, one of those."""
    said = rx.split(r",? or |, ", m["l"])
    values = [v.split()[-1] for v in said if v.strip()]
    return f"{m['e']} have a {m['v']}_via: {', '.join(values[:-1])} or {values[-1]}"


FIRST: tuple[tuple[rx.Pattern, str | Callable[[rx.Match], str]], ...] = (
    # "Bookings come in from the website, over the phone or at the door. Record which one it was"
    (rx.compile(
        r"\b(?P<e>[a-z]+) (?:come in|comes in|arrive|arrives|come|comes) "
        rf"(?P<l>(?:from|via|through|by|over|at|on) (?:the )?[a-z]+(?:, {_WAY})*,? or {_WAY})[.;] "
        r"(?:please )?(?:record|track|store|note|keep) (?:which|where|how)(?: one| way)?(?: it was|"
        r" they came(?: in)?(?: from)?| it came(?: in)?(?: from)?)?(?=$|[.;])"), _ways_in),
    # "…; website is the usual": the default of what was just said
    (rx.compile(r"^(?P<v>[a-z]+) is (?:the )?(?:usual|most common|normal|default)(?: one)?[.!]*$"),
     r"default \g<v>"),
)  # fmt: skip
"""Read before the other rewrites, whose "which one it was" would hide what was asked."""

REWRITES: tuple[tuple[str, str | Callable[[rx.Match], str]], ...] = (
    # "… early, late or split. most are on early so use that as the default"
    (r"\b(?:most|mostly|nearly all|almost all)(?: of them| of ours| of us)? (?:are|is|work|go|get) "
     r"(?:on |in |at |with )?(?P<v>[\w-]+),? so (?:(?:use|make|set|take) (?:that|it|this|those)"
     r"(?: as| to be)? (?:the |our )?default|default to (?:that|it|this))", r"\g<v> by default"),
    # "each stay should say how it was booked: by phone, on our own website, or via an agency"
    (rf"\b(?P<e>(?:each|every|the|an?) [a-z]+) should (?:say|record|show|know|note) how "
     rf"(?:it|they) (?:was|were|got) (?P<v>[a-z]+ed)\s*:\s*"
     rf"(?P<l>{_MEANS}(?:, {_MEANS})*,? or {_MEANS})(?=$|[.;!?])", _how_done),
    # "Hedge style: add 'lancashire' as an option": the value
    (r"\b(?P<v>add|include|allow) (?P<x>'[\w -]+'|[\w-]+) as (?:an?|another|a new|one more) "
     r"(?:new )?(?:option|choice|value|possible value|possibility)\b", r"\g<v> \g<x>"),
    # "tours: we run them in English, French or German now, need to record which"
    (r"\b(?P<e>[a-z]+s)(?::| are| is)? (?:(?:we|they) (?:run|hold|give|teach|do|offer|deliver) "
     r"(?:them|it) |(?:run|held|given|taught|done|offered|delivered|available) )in "
     rf"(?P<v>{_LIST})(?: now| too)?(?:,? (?:and )?(?:we )?(?:need|want|have) to (?:record|know|"
     r"track|note|store) which(?: one)?)?(?=$|[.;?!])", _languages),
    # "vans need a status. active, servicing or retired"
    (r"\b(?P<h>needs?|has|have|gets?) (?P<f>an? (?:status|state|stage|type|kind|category|level|"
     rf"grade|priority|size|tier))\. (?P<v>{_LIST})(?=$|[.;!])", r"\g<h> \g<f>: \g<v>"),
    # "size (small|medium|large)"
    (r"\((?P<v>[a-z][a-z _-]*(?:\|[a-z][a-z _-]*)+)\)", _bars),
    # "rental status -> reserved, active, completed"
    (rf"^(?P<h>[a-z]+(?: [a-z]+){{1,2}}) (?:\u2014|\u2013) (?={_LIST}$)", r"\g<h>: "),
    (rf"(?<![.\w])(?P<h>[a-z]+(?: [a-z]+)?) ?(?:->|=>|\u2192) "
     rf"(?!{_NOT_VALUES})(?={_VALUE}, "
     rf"(?!{_NOT_VALUES}){_VALUE}(?:, | or | and ))",
     r"\g<h>: "),
    # "we sell adult, child, concession and student tickets": a type of ticket
    (rf"^(?:we |you |they )?(?:sell|offer|have|take|accept|run|rent|book|issue) (?P<l>{_LIST}) "
     r"(?P<e>[a-z]+)(?=$|[.,;])", r"\g<e> have a type: \g<l>"),
    # "add a payment method to bookings, it's either card, invoice or credits"
    (rf"(?P<h>\b(?:add|give|put) (?:an? |the )?[a-z]+(?: [a-z]+)? (?:to|on|for) [a-z]+),? (?:it|"
     rf"which|that)(?: is| can be| will be| should be|'s)? (?:either |one of )?"
     rf"(?={_LIST}(?:$|[.,;]))",
     r"\g<h>: "),
    # "(booked by default)", "(default: booked)"
    (r",?\s*\((?:the )?(?:default(?: is|:| =)? (?P<a>[a-z][a-z ]*?)|(?P<b>[a-z][a-z ]*?) by "
     r"default)\)", r", \g<a>\g<b> by default"),
    # "… or cancelled. New stays are booked."
    (rf"(?P<l>{_LIST})\. (?:new|newly created|freshly created|fresh) [a-z]+ (?:are|is|start out "
     rf"as|starts? as|starts?|begins? as|begins?) (?P<v>{_VALUE})(?=\.?$|\. )",
     r"\g<l>, \g<v> by default"),
    # "give commissions a stage: enquiry, confirmed, carving, delivered": the values, an "or" list
    (r"(?P<h>\b(?:an? |the )(?:[a-z_]+ )?(?:status|stage|state|phase|step|type|kind|category|level|"
     r"tier|priority|size|grade|rating|mode|method|channel|class): (?:[a-z_-]+(?: [a-z_-]+)?, )"
     r"{2,})(?P<z>(?!or |and )[a-z_-]+(?: [a-z_-]+)?)(?=$|[.;])", r"\g<h>or \g<z>"),
    # "… cash, bank or cheque. bank default", "… . default is bank"
    (rf"(?P<l>{_LIST})\. (?:(?P<v>[a-z][a-z-]*(?: (?!by\b)[a-z][a-z-]*)?) (?:is )?(?:the )?"
     rf"default|(?:the )?default(?: is|:)? (?P<w>{_VALUE})|(?P<u>[a-z][a-z_-]*) by default)"
     rf"(?=\.?$|\. )", lambda m: f"{m['l']}, {m['v'] or m['w'] or m['u']} by default"),
    # "Give dogs a size. Possible values: small, medium, large"
    (r"(?P<h>\b(?:an? |the )[a-z]+(?: [a-z]+)?)\. (?:the )?(?:possible |allowed |valid |"
     r"available )?(?:values|options|choices)(?: are| would be| could be)?:? (?=[a-z])",
     r"\g<h>: "),
    # "add size on dogs with values small, medium, large"
    (r"^(?:please )?(?:add|put|give) (?:an? |the )?(?P<f>[a-z]+) (?:on|to|for) (?P<e>(?:the |all "
     r"|each |every )?[a-z]+),? with (?:the )?(?:possible |allowed )?(?:values|options|choices)"
     r"(?: of)?:? (?=[a-z])", r"\g<e> have a \g<f>: "),
    # "sizes for dogs: small, medium, large"
    (r"^(?P<f>[a-z]+s) for (?:the |all |each |every |our )?(?P<e>[a-z]+): (?=[a-z])",
     lambda m: f"{m['e']} have a {singular(m['f'])}: "),
    # "stays go from booked to checked in to checked out"
    (rf"\b(?P<e>[a-z]+) (?:go|goes|move|moves|progress|progresses|flow|flows|pass|passes) from "
     rf"(?P<x>{_VALUE}(?: to {_VALUE})+)(?=$|[.;,])", _lifecycle),
    # "stays move through stages: booked, in, out"
    (r"\b(?P<e>[a-z]+) (?:go|goes|move|moves|pass|passes|progress|progresses|run|runs) through "
     r"(?:these |the following |several |a few |a number of |some )?(?:stages|states|steps|phases|"
     r"statuses)(?: like| such as|, namely)?:? (?=[a-z])", r"\g<e> have a status: "),
    # "track where each stay is at: …"
    (r"\b(?:track|record|know|store|see|show|keep) (?:where|what stage|what state|which stage|"
     r"which state|the stage|the state) (?:each|every|an?|the) (?P<e>[a-z]+) is(?: at| in)?(?=:)",
     r"each \g<e> has a status"),
    # "we classify every dog as small, medium or large"
    (rf"\b(?:we |i |you |they |staff )?(?P<v>classify|categori[sz]e|class|grade|label|tag|sort) "
     rf"{_Q} (?P<e>[a-z]+) (?:as|into) (?={_LIST})",
     lambda m: f"{m['q']} {m['e']} has a {'grade' if m['v'] == 'grade' else 'category'}: "),
    # "each dog should be marked small, medium or large"
    (rf"\b{_Q} (?P<e>[a-z]+) (?:should |must |will |can |is to |are to )?(?:be )?(?:marked|"
     rf"classed|classified|categori[sz]ed|labell?ed|tagged|graded) (?:as )?(?={_LIST})",
     r"\g<q> \g<e> has a category: "),
    # "each dog is small, medium or large - store that as its size"
    (rf"^(?P<s>(?:each |every |an? |the )?[a-z]+) (?:is|are|can be) (?P<l>{_LIST})\s*"
     r"(?:[-\u2013\u2014,;:.]\s*)?(?:please |so )?(?:store|keep|record|save|track) "
     r"(?:that|it|this) (?:as|in) (?:its|their|the|a) (?P<f>[a-z]+)\b",
     r"\g<s> has a \g<f>: \g<l>"),
    # a yes/no's default said next ("… opt in to reminders. Off unless they ask.", "Flag … .
    # Most aren't, so false …")
    (r"(?P<h>\b(?:opt in|opt into|flag|mark)\b[^.;]*)[.;] (?:(?:most|many|few) (?:of them )?(?:are|"
     r"aren't|are not|do|don't|will|won't)[a-z' ]*,? )?(?:so )?(?P<v>off|on|false|true|no|yes) by "
     r"default(?=$|[.;])", r"\g<h>, \g<v> by default"),
    # "… residential or commercial. Most of ours are residential so default to that": a default
    (r"(?P<l>\bor [\w-]+)[.;,] (?:but )?most (?:of (?:ours|them|these|our [a-z]+|the [a-z]+) |"
     r"[a-z]+ )?(?:are|is|pay (?:by|with|in)|use|go for|choose|pick|want|get|come (?:by|in|as)) "
     r"(?P<v>[\w-]+),? (?:so |and )?(?:make (?:that|it|this) (?:the )?default|(?:please )?default "
     r"(?:to|it to|them to) (?:that|it|this)|that (?:should be|is|can be) the default|use (?:that|"
     r"it) as (?:the )?default|(?:make |set )?(?:that|it) (?:as )?(?:the )?default)"
     r"(?: please| for new ones)?(?=$|[.;!?])", r"\g<l>, \g<v> by default"),
    # "swimmers work towards a badge: none, bronze, silver or gold": a choice they have
    (r"(?:^|(?<=[.;!?] ))(?P<e>(?:each |every |all |the |our )?(?!(?:give|add|make|set|put|let|"
     r"create|allow|track|store|keep|record|want|need|use|i|we|you|they|please|also|and|so|then|"
     r"now|just|maybe)\b)[a-z]+) (?!(?:have|has|need|needs|"
     r"get|gets|is|are|should|must|can)\b)[a-z]+(?: (?:towards?|for|into|in|on|up|through))? "
     r"(?:an? |one )(?P<n>[a-z]+(?: [a-z]+)?): (?=[\w-]+(?:, [\w-]+)*,? or [\w-]+)",
     r"\g<e> have a \g<n>: "),
    # "… a photo consent tick box. Assume no unless the parent says yes.": its default
    (r"(?P<h>(?:\bflag|\bcheckbox|\btick ?box|\bcheck box|\btoggle|\byes/no|\(boolean\))"
     r"[^.;]*)[.;] (?:assume|default"
     r"(?: to| is)?|start(?: as| at| with| on)?|it is|it should be|should be|set it to)? ?"
     r"(?P<v>off|on|false|true|no|yes) (?:unless|until)\b[^.;]*(?=$|[.;])",
     r"\g<h>, \g<v> by default"),
    # a yes/no said as what someone may choose ("customers can opt in to sms reminders")
    (r"(?:^|(?<=[.;] ))(?:an? |the |each |every |our )?(?P<e>[a-z]+) (?:can|may|could|should be "
     r"able to) (?:opt in (?:to|for)|opt into|sign up for|choose to (?:get|receive)) (?:get |"
     r"receive )?(?P<x>[a-z]+(?: [a-z]+){0,2}?)(?P<r>(?:,| by default| if)[^.;]*)?(?=$|[.;])",
     r"\g<e> have a \g<x> flag\g<r>"),
    # "a simple yes/no on each sculptor for whether they've got the certificate"
    (r"\b(?:keep |add |store |have )?(?:an? )?(?:simple )?(?:yes/no|yes or no|boolean|flag|"
     r"checkbox|tick ?box|true/false) (?:on|for) (?:each |every |the |all )?(?P<e>[a-z]+) "
     r"(?:for|saying|showing|about|on) (?=whether |if )", r"\g<e> need "),
    # "Trees should say what fruit they are: apple, pear or plum": a choice of fruit
    (r"\b(?:should |must |need to |needs to )?(?:say|show|record|tell|note) (?:what|which) "
     r"(?P<x>[a-z]+) (?:they are|it is|they're|each one is)(?=:)", r"have a \g<x>"),
    # "mark a performance as sold out": a yes/no
    (r"(?:^|(?<=[.;?!] )|(?<=can we )|(?<=could we )|(?<=can you )|(?<=could you )|(?<=possible "
     r"to ))mark (?:an? |each |every )(?P<e>[a-z]+) as (?:being )?(?!(?:required|optional|unique|"
     r"indexed|mandatory|encrypted|public|private|read)\b)(?P<x>[a-z]+(?: [a-z]+)?)"
     r"(?=$|[.;?!])", r"\g<e> have a \g<x> flag"),
    # a yes/no said as which ones to flag ("flag specimens of protected species")
    (r"(?:^|(?<=[.;?!] )|(?<=can we )|(?<=could we )|(?<=can you )|(?<=could you ))(?:please )?"
     r"(?:flag|mark) (?:the |any |all )?(?P<e>[a-z]+s) (?:of|with|from|"
     r"that are|which are|that have|which have) (?:an? )?(?P<x>[a-z]+(?: [a-z]+)?)"
     r"(?P<r>,[^.;?]*)?(?=$|[.;?])", r"\g<e> have a \g<x> flag\g<r>"),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
