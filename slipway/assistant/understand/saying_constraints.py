"""Constraints and removals in the words people use, put as the forms the schema rules read:

- "you shouldn't be able to save a dog without a breed", "a dog can't exist without a breed"
  → "make breed required on dog";
- "two owners can't have the same phone" → "no two owners can share a phone"; "instructors need an
  email and no two instructors can share one" → "… need an email, unique";
- "unless told otherwise, the nightly rate is 40", "start the rate at 40 by default" → "the
  rate defaults to 40";
- "saunas hold 12 people", "each room sleeps 4" → "… have a capacity (integer), default 12";
- "stop storing the breed", "the breed field can go", "nobody uses the phone field on owners,
  remove it" → "remove …" (a removal names a field: "the dog can go" is left alone).
"""

from __future__ import annotations

from slipway.assistant import rx

_NOT = r"(?:shouldn't|should not|mustn't|must not|can't|cannot|can not|may not|won't|will not)"
_F = r"(?:an? |the |its |their |a valid )?(?P<f>[a-z][a-z_ ]*?)"
_SO = r"(?:^|(?<=, so )|(?<=^so ))"
"""Where a constraint starts: the sentence, or after ", so" ("we need the headcount, so …")."""


_ONE_OF = (
    r"(?:^|(?<=, so )|(?<=^so ))(?:an? |the |each |every |some |our )?(?P<e>[a-z]+) (?:doesn't|"
    r"don't|does not|do not|won't|"
    r"will not|needn't|need not) "
)
_AFTER = (
    r"(?: (?:yet|at first|straight away|right away))?(?:[,;] .*| when .*| because .*| until .*)?$"
)
_LINKED = rf"(?:an? |the |one |any )?(?P<f>[a-z]+)(?: (?:assigned|attached|linked|set))?{_AFTER}"
_OPTIONAL = r"the \g<f> of a \g<e> doesn't have to be known"


def _remove(m: rx.Match) -> str:
    return f"remove {m['x']}" + (f" from {m['e']}" if m["e"] else "")


REWRITES = (
    # "a booking shouldn't be savable without the number of players"
    (r"\b(?P<n>shouldn't|should not|mustn't|must not|can't|cannot) be (?:savable|saveable|storable|"
     r"possible to save|able to be saved)\b", r"\g<n> be saved"),
    # "Customers: no need for the village field anymore": a removal
    (r"(?:^|(?<=: ))(?:there's |there is |we have )?no (?:need|use) for (?:the |a |an |that )?"
     r"(?P<x>[a-z_]+(?: [a-z_]+)?) (?:field|column)(?: anymore| any more| now| any longer)?"
     r"(?=$|[.;!?])", r"remove the \g<x> field"),
    # "a booking can be for a school but doesn't have to be": an optional link
    (r"\b(?:an? |each |every |the )?(?P<e>[a-z]+) (?:can|may|could) be (?:for|linked to|tied to|"
     r"attached to|part of|from|with) (?:an? |the |one )(?P<t>[a-z]+),? but (?:it )?(?:doesn't|"
     r"does not|don't|do not|needn't|need not) (?:have to|need to)(?: be)?(?=$|[.;!])",
     r"\g<e> belongs to a \g<t>"),
    # "bookings can also be 'waitlisted' if the room is already taken": when, no part of it
    (r"(?P<h>\bcan (?:also |now )?be '?[a-z][a-z_-]*'?) (?:if|when|once|because|since|while) "
     r"[^.;]*", r"\g<h>"),
    (rf"{_SO}(?:you |we |staff |people |one |users |anyone |anybody )?{_NOT} (?:be able to )?"
     r"(?:save|"
     rf"create|add|make|enter|store|book|register|have|submit) (?:an? |the |any )?(?P<e>[a-z]+) "
     rf"without {_F}(?=[.!?]*$|[.;!?] )", r"make \g<f> required on \g<e>"),
    (rf"{_SO}(?:an? |the |each |every |no )?(?P<e>[a-z]+) {_NOT} (?:exist|be saved|be created|be "
     rf"added|be stored|be booked|be registered|be submitted|be entered) without "
     rf"{_F}(?=[.!?]*$|[.;!?] )",
     r"make \g<f> required on \g<e>"),
    # "when someone deletes a vehicle, don't actually remove it, just mark it as deleted"
    (r"^when (?:someone|somebody|a user|users|staff|we|you|anyone|people) (?:deletes?|removes?) "
     r"(?:an? |the )?(?P<e>[a-z]+),? (?:don't|do not|never) (?:actually |really )?(?:remove|delete|"
     r"erase) (?:it|them)[,;]? (?:just |only |simply )?(?:mark|flag|hide|archive) (?:it|them)"
     r"(?: as (?:deleted|removed|archived|hidden|gone))?$",
     r"deleting a \g<e> should just hide it"),
    # "make and model should both be mandatory on vehicles"
    (r"^(?:the )?(?P<a>[a-z_]+) and (?:the )?(?P<b>[a-z_]+) (?:should|must|need to|have to) "
     r"(?:both |each |all )?be (?P<m>mandatory|required|optional|unique)(?: on| for| in) "
     r"(?P<e>[a-z]+)$", r"make \g<a> \g<m> on \g<e> and make \g<b> \g<m> on \g<e>"),
    # "change the field plate to registration_number"
    (r"^(?:please )?change (?:the )?(?:field|column|name of(?: the)?(?: field)?) (?P<x>[a-z_ ]+?) "
     r"(?:to|into) (?P<y>[a-z_]+(?: [a-z_]+)?)$", r"rename \g<x> to \g<y>"),
    # "a vehicle doesn't have to be assigned to a branch", "appointments don't always have a vet
    # assigned yet": the link is optional ("vehicles don't have a colour" is left alone)
    (rf"{_ONE_OF}(?:have to |need to )?(?:be assigned to|belong to|be linked to|be tied to|be "
     rf"given) {_LINKED}", _OPTIONAL),
    (rf"{_ONE_OF}(?:always|necessarily) (?:have to )?(?:have|get|come with) {_LINKED}", _OPTIONAL),
    (rf"{_ONE_OF}(?:always|necessarily) (?:be part of|be for|be tied to|be linked to|belong to|"
     rf"come from) {_LINKED}", _OPTIONAL),
    # "some people book open-ended stays, so we can't insist on a departure date"
    (r"(?:^|(?<=, so )|(?<=^so ))(?:we )?(?:can't|cannot|can not|won't|shouldn't|mustn't) "
     r"(?:insist on|require|demand|force people to give|ask for) (?:a |an |the )?"
     r"(?P<f>[a-z][a-z_ ]*?)(?: any more| anymore)?(?=$|[.;!?])", r"make \g<f> optional"),
    # "exhibit titles are engraved on brass plaques, so nothing longer than 40 characters"
    (r"^(?P<f>[a-z][a-z' ]*?) (?:are|is|get|gets|go|goes) [^,]*?,? so (?:nothing|no more|nothing "
     r"more|none) (?:longer|more) than (?P<n>\d+) (?:characters|chars|letters)(?: please)?$",
     r"\g<f> at most \g<n> characters"),
    # "I sort jobs by due date constantly, can you speed that up?"
    (r"^(?:i|we) (?:sort|search|filter|look up|find|order|list)(?: the| our)? (?P<e>[a-z ]+?) by "
     r"(?:the )?(?P<f>[a-z_ ]+?)(?: (?:constantly|all the time|a lot|every day|daily|several "
     r"times a day|all day))?,? (?:so )?(?:can you |could you |please )?(?:speed (?:that|it|this) "
     r"up|index (?:that|it|this)|make (?:that|it|this) (?:faster|quicker))\??$",
     r"index \g<e> by \g<f>"),
    (rf"{_ONE_OF}(?:have|get) (?:an? |the |one |any )?(?P<f>[a-z]+) (?:assigned|attached|linked|"
     rf"set)(?: yet)?{_AFTER}", _OPTIONAL),
    (r"^(?:two|no two) (?P<e>[a-z]+) (?:can't|cannot|can not|can never|may never|must never|should "
     r"never|shouldn't|should not|mustn't|must not|may not|are not allowed to|can|should|may)? ?"
     r"(?:have|share|use|get) the same "
     r"(?P<f>[a-z][a-z_ ]*)$", r"no two \g<e> can share a \g<f>"),
    (r"^(?:unless (?:told|said|stated|specified|set|entered) otherwise|if nothing (?:is|was) "
     r"(?:given|said|set|entered|specified)|if not (?:given|set|specified|entered)),? (?:the )?"
     r"(?P<f>[a-z][a-z_ ]*?) (?:is|should be|will be|=) (?P<v>[\w.-]+)$",
     r"the \g<f> defaults to \g<v>"),
    (r"^(?:please )?(?:start|set|initiali[sz]e|begin) (?:the |every |each |new )?(?P<f>[a-z]"
     r"[a-z_ ]*?) (?:at|to|as|with) (?P<v>[\w.-]+) (?:by default|as (?:a |the )?default)$",
     r"the \g<f> defaults to \g<v>"),
    # "no commission without a quote", "the quote shouldn't be allowed to be empty any more"
    (r"(?:^|(?<=[.;!?:] ))no (?P<e>[a-z]+) without (?:an? |the |its |their )?(?P<f>[a-z][a-z_ ]*?)"
     r"(?: any more| anymore| ever| from now on)?(?=$|[.;!?])", r"make \g<f> required on \g<e>"),
    (rf"(?:^|(?<=[.;!?] ))(?:so )?(?:the |a |an )?(?P<f>(?![a-z_ ]*\b(?:and|it|they|this|that|"
     rf"them)\b)[a-z][a-z_ ]*?) (?:{_NOT}|shouldn't be "
     r"allowed to|should not be allowed to|can no longer|may no longer) (?:be )?(?:empty|blank|"
     r"left (?:empty|blank|out)|missing|null)(?: any more| anymore| from now on)?(?=$|[.;!?])",
     r"make \g<f> required"),
    # "gets a tag number when it comes in": when it is given, no part of its name
    (r"(?P<h>\b(?:gets?|has|have|needs?|receives?|is given|are given) (?:an? |the |its |their )?"
     r"[a-z_]+(?: [a-z_]+)?) (?:when|once|as soon as|on the day) (?:it|they|he|she|the [a-z]+) "
     r"(?:comes? in|arrives?|is created|are created|is added|are added|gets? added|is booked|are "
     r"booked|signs? up|registers?|joins?|checks? in|is received|are received)\b", r"\g<h>"),
    # "… a tag number, and tags are never reused", "…; two guests can never have the same one"
    (r"(?P<h>\b(?:gets?|has|have|needs?|receives?) (?:an? |the |its |their )?(?P<f>[a-z_]+)"
     r"(?: [a-z_]+)?)(?:,? and|[,;]) (?:the )?(?P=f)s? (?:are|is|can be|should be|must be|will be) "
     r"(?:never|not) (?:reused|repeated|shared|duplicated|used twice|the same)\b",
     r"\g<h>, unique"),
    (r"(?P<h>\b(?:gets?|has|have|needs?|receives?) (?:an? |the |its |their )?[a-z_]+(?: [a-z_]+)?"
     r")(?: for the [a-z]+)?(?:,? and|[,;]) (?:two|no two) [a-z]+ (?:can't|cannot|can not|can "
     r"never|may never|must never|should never|may not|must not) (?:have|share|get|use) the same"
     r"(?: one| [a-z]+)?(?=$|[.;!?])", r"\g<h>, unique"),
    # "day rate default 350 for new shearers": new ones are what a default is for
    (r"(?P<h>\bdefaults?(?: to| at| of| is)? [\w.-]+) for (?:all |each |every )?new (?:ones|[a-z]+)"
     r"(?=$|[.;,!?])", r"\g<h>"),
    # "default to 4 rather than 1": the new value
    (r"\b(?P<h>defaults? (?:to |at |of )?|by default |should be |to be )(?P<v>[\w.-]+) (?:rather "
     r"than|instead of|not) [\w.-]+\b", r"\g<h>\g<v>"),
    (r"\b(?P<h>defaults? (?:to |at |of )?|by default |should be |to be )(?P<v>\d[\d.]*), (?:rather "
     r"than|instead of|not) \d[\d.]*\b", r"\g<h>\g<v>"),
    # "we don't always know a venue's address when we first add it, can that be left blank?"
    (r"^(?:we|i) (?:don't|do not|can't|cannot) always (?:know|have|get) (?:an? |the )?"
     r"(?P<e>[a-z]+)'s (?P<f>[a-z_]+(?: [a-z_]+)?)(?: when [^,]+)?,? (?:so )?(?:can|could) "
     r"(?:that|it|this|those) be (?:left )?(?:blank|empty|optional|unfilled)\??$",
     r"make the \g<f> of \g<e> optional"),
    # "no two cows in the herd can have the same name": where they are is no part of the name
    (r"\bno two (?P<e>[a-z]+) (?:in|on|at|across|within) (?:the|our) (?:herd|flock|system|"
     r"database|app|club|fleet|shop|business|company|register|collection|sanctuary|stable|yard|"
     r"kennel|farm|school|studio|workshop) "
     r"(?=(?:can|may|"
     r"should|must|are allowed to) )", r"no two \g<e> "),
    # "instructors need an email address and no two instructors can share one": unique
    (r"(?P<x>\b(?:need|needs|have|has|add|want) (?:an? |the )?[a-z][a-z ]*?),? and no two "
     r"[a-z]+ (?:can|may|should|must|are allowed to) (?:have|share|use) (?:one|it|the same "
     r"one)(?=$|[.;!?])", r"\g<x>, unique"),
    # "saunas hold 12 people unless we say otherwise", "each room sleeps 4": a capacity
    (r"(?:^|(?<=[.;!?] ))(?:an? |the |each |every |our )?(?P<e>[a-z]+) (?:can |usually |normally "
     r"|typically )?"
     r"(?:holds?|seats?|fits?|sleeps?|takes?|accommodates?) (?:up to |at most |a maximum of |max "
     r"|about |around )?(?P<n>\d+)(?: (?:people|persons|guests|passengers|visitors|kids|children|"
     r"adults|riders|players|dogs|animals|cars|vehicles|boats))?(?: by default| at most| max)?"
     r"(?=$|[.;!?])",
     r"\g<e> have a capacity (integer), default \g<n>"),
    (r"^(?:please )?(?:let's |we can |we should )?(?:stop|quit) (?:storing|tracking|recording|"
     r"keeping|collecting|capturing|asking for|saving) (?P<x>.+)$", r"remove \g<x>"),
    (r"^(?:the )?(?P<x>[a-z_ ]+?) (?:field|column|attribute) (?:can go|can be removed|can be "
     r"dropped|can be deleted|is not needed|isn't needed|is no longer needed|is useless|is "
     r"obsolete)(?: now| anymore| any more)?$", r"remove the \g<x>"),
    (r"^(?:nobody|no one|no-one|we never|nobody ever) (?:uses?|looks? at|fills? in|needs?|"
     r"reads?) (?:the )?(?P<x>[a-z_ ]+?)(?: field| column)?(?: (?:on|in|of|for) (?P<e>[a-z]+))?,? "
     r"(?:so )?(?:(?:please |just |let's )?(?:remove|drop|delete|get rid of) it|it can go)$",
     _remove),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
