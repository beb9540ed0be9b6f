"""Requests in the word order and words of someone writing in a second language, put as the
forms the rules read:

- "The hirer, we must know his date of birth, please add it." → "hirer need a date of birth";
- "In the booking I need to keep how many persons are coming" → "booking need a number of
  persons";
- "a price for one night, it is with cents" → "a price per night, with decimals";
- "… ready or retired. When is a new boat, it is ready." → "…, ready by default";
- "can not be more long than 60 letters" → "can not be longer than 60 letters";
- "Length of the boat, this we don't need no more." → "remove length of the boat";
- "the Canal as own thing, with …" → "add a canal entity with …"; "how long it is in miles" →
  "length (miles)";
- "The list of moorings, everybody on internet can see it, but not to change." → "moorings are
  public but read only".
"""

from __future__ import annotations

from collections.abc import Callable

from slipway.assistant import rx

_E = r"(?:the |a |an |each |every |for the |for )?(?P<e>[a-z]+(?: [a-z]+)?)"
_THEIR = r"(?:his|her|their|its|the|a|an)"
_EVERYONE = (
    r"(?:everybody|everyone|anybody|anyone|all people|the public|people)(?: on (?:the )?internet|"
    r" online| outside)? (?:can|may|should|must be able to) (?:see|read|view|look at) (?:it|them)"
)

REWRITES: tuple[tuple[str, str | Callable[[rx.Match], str]], ...] = (
    # "The part need information of supplier name": the supplier name
    (r"\b(?P<v>need|needs|want|wants|have|has|must have|should have) (?:the |some |an? )?"
     r"(?:information|info|informations) of (?:the |their |its )?(?=[a-z])", r"\g<v> "),
    # "…, please add it", "please put it"
    (r",? (?:please )?(?:(?:can|could) you )?(?:add|put|make|do|create) (?:it|this|that|them)"
     r"(?: thing| one| field)?(?: please| for me| for us)?(?=$|[.;!])", ""),
    # "i want to know for each blade how many …"
    (r"(?:^|(?<=[.;!,] ))(?:i|we) (?:want|need|would like|have|must)(?: to)? (?:know|keep|store|"
     r"record|track|see|save) (?:for|on|about) (?:each|every|all|the) (?P<e>[a-z]+),? "
     r"(?=how |what |when |whether |which |who |if |the |its |their )", r"\g<e> need "),
    # "the hirer, we must know his date of birth"
    (rf"(?:^|(?<=[.;] )){_E}, (?:we|i) (?:must|need to|have to|should|want to|would like to|"
     rf"need) (?:know|keep|store|record|have|save|see) {_THEIR} ", r"\g<e> need a "),
    # "in the booking i need to keep how many persons are coming"
    # "we need count how many fruits is picked": a count of them
    (r"\b(?P<n>need|want|must) count how many (?P<x>[a-z]+) (?:is|are|was|were|gets?|got) "
     r"(?P<v>[a-z]+ed|done|given|taken|sold|made|seen|kept)\b",
     r"\g<n> to store a count of \g<x> \g<v>"),
    (r"(?:^|(?<=[.;] ))(?:in|on|for|at|by) (?:the |a |an |each |every )?(?P<e>[a-z]+),? "
     r"(?:please,? )?(?:i|we) "
     r"(?:need|want|would like|have|must|should)(?: to)?(?: also)? (?:keep|store|record|know|track|"
     r"have|save|see) ", r"\g<e> need "),
    (r"\bhow many (?P<x>persons|people|guests|passengers|adults|children|kids|visitors) (?:are |"
     r"will be |is )?(?:coming|travell?ing|joining|attending|staying|sailing|on board|in the group)"
     r"\b[^,.;]*", r"a number of \g<x>"),
    # "a price for one night, it is with cents"
    (r"\b(?P<h>price|cost|fee|rate|charge) for (?:one|a|each|1) (?P<u>night|day|hour|week|month|"
     r"person|guest|visit)\b", r"\g<h> per \g<u>"),
    (r",? (?:and )?(?:it|this|that) (?:is|has|comes|must be|should be) with (?:cents|pence|"
     r"decimals|decimal places|a comma)\b", ", with decimals"),
    # "… ready or retired. when is a new boat, it is ready."
    (r"\. when (?:is )?(?:a |the )?new (?:one|[a-z]+)(?: is (?:new|created|made|added|registered|"
     r"bought))?,? (?:it is|it's|is|it starts|starts) (?:as )?(?P<v>[a-z_]+)(?=$|[.;])",
     r", \g<v> by default"),
    (r"\bmore (?P<a>long|short|big|small|high|low)(?:er)? than\b",
     lambda m: {"long": "longer", "short": "shorter", "big": "bigger", "small": "smaller",
                "high": "higher", "low": "lower"}[m["a"]] + " than"),
    # "length of the boat in feet, this we don't need no more"
    (r"^(?P<x>[a-z][a-z ]*?)(?: in [a-z]+)?,? (?:this|that|these|those|it|them) (?:we|i) (?:don't|"
     r"do not|dont|not) (?:need|use|want)(?: (?:no|any) ?more| anymore| now)?(?=$|[.;!])",
     r"remove \g<x>"),
    # "we need also the canal as own thing, with name …"
    (r"^(?:we need (?:also )?|we (?:also )?need |please add (?:also )?|add (?:also )?|make )?"
     r"(?:the |a |an )?(?P<e>[a-z]+(?: [a-z]+)?) (?:also )?as (?:its |an? |their )?own "
     r"(?:thing|entity|table|object|record|item)", r"add a \g<e> entity"),
    (r"\bhow long (?:it|they) (?:is|are) in (?P<u>miles|kilometres|kilometers|km|metres|meters|"
     r"feet|yards)\b", r"length (\g<u>)"),
    # "each gang sees only own stuff": each one's data kept apart
    (r"(?:^|(?<=[.;] ))(?:and )?(?:each|every) (?P<e>[a-z]+) (?:sees?|gets?|can see|should see|"
     r"must see) only (?:its |their |his |her )?own (?:stuff|data|things|records|bits)(?=$|[.;!?])",
     r"each \g<e> sees only its own data"),
    # "the list of moorings, everybody on internet can see it, but not to change"
    (rf"^(?:the )?(?:list of |data of |data about )?(?P<e>[a-z]+), {_EVERYONE},? but (?:not|no one|"
     r"nobody) (?:to |can |may )?(?:change|edit|modify|update)(?: (?:it|them))?(?=$|[.;!])",
     r"\g<e> are public but read only"),
    # "I want see who change the kiln and when": who changed it and when
    (r"\b(?P<v>want|need|would like|like) see who (?:change|edit|modify|update)s? (?=(?:the|a|an|"
     r"each|every|our) [a-z]+ and when\b)", r"\g<v> to see who changed "),
    # "the crew must to have name with max 40 letters": a name of at most 40
    (r"\b(?P<m>must|should|shall|can|could|will|would|may) to (?=(?:have|get|be)\b)", r"\g<m> "),
    (r"\b(?P<f>[a-z_]+) with (?:a )?(?:max|maximum|at most|up to|maximal) (?=\d+ (?:letters|"
     r"characters|chars|signs)\b)", r"\g<f>, max "),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
