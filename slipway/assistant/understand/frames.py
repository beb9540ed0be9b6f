"""The ways people frame a request for something to be kept, put as the one the rules read best:
"we need to know <what> for <whom>".

"We have to know …", "staff want to see … on each stay", "we should be able to note …",
"there's no place to put … on a stay", "stays are missing …", "we don't capture … yet",
"make room for …", "how about … on stays?" all ask for the same thing: a field. What follows the
frame is read as before (the field's words, then the entity it is on), so a frame never decides a
name or a type, and a frame around something the spec cannot hold still ends in a question.
"""

from __future__ import annotations

from slipway.assistant import rx

_START = r"(?:^|(?<=[.!?] ))(?:and |also |so |but |ok,? |okay,? )?"
_ON = r" (?:on|for|of|per|against|with|in) (?:each |every |an? |the |all |our )?[a-z]"
"""Where the field goes ("… on each stay"), said later in the sentence."""
_LISTED = r"(?:all|every|each|any|the list|a list|lists?|which|who|how many|what)\b"
"""What is seen that is no field: a list of records, or a question ("see all stays in a
kennel", "see which dogs are in")."""
_WHO = (
    r"(?:(?:we|i|you|they|staff|everyone|people|someone|somebody)|(?:[a-z]+ staff|the [a-z]+"
    rf"(?: [a-z]+)?|our [a-z]+(?: [a-z]+)?|[a-z]+)(?=[^.;?!]*{_ON}))"
)
"""Who asks: a person, or anyone else when the sentence says where the field goes ("the lease
must record which notary did it" is the lease's own, left to the rules)."""
_KEEP = (
    r"(?:(?:know|note|record|store|keep|capture|log|save|track|write down)(?: down)? "
    r"(?!in\b|on\b|out\b|into\b)(?=[a-z])|"
    rf"(?:see|view|enter|fill in|input|put in|put down|add|set|look up|check) (?!{_LISTED})"
    rf"(?=[a-z][^.;?!]*"
    rf"{_ON}))"
)
"""What is kept ("know", "record", …), or what is seen or entered on something: "admins must
see all stays" asks for access, "staff must see the deposit on each stay" for a field."""
_BEAR = r"(?:record|have|carry|show|store|keep|hold|bear|include|note) "
"""What a record is asked to bear in a formal request ("… if each invoice could carry …")."""
_SUBJECT = rf"{_START}{_WHO}(?:'ve|'d|'ll)? (?:really |also |still )?"
_TO_KNOW = "we need to know "
FILES = (
    r"(?:photos?|pictures?|images?|scans?|pdfs?|documents?|docs|files?|certificates?|"
    r"attachments?|videos?|recordings?|receipts?|x-rays?|uploads?|contracts?|forms?|reports?)"
)
"""Things kept as files: somewhere to store them is file storage, not a field."""

REWRITES: tuple[tuple[str, str], ...] = (
    # "the dog must also capture a pick-up time": the subject is what keeps it
    (rf"{_START}(?P<e>(?:each |every |all |the |an? )?(?!we\b|i\b|you\b|they\b|staff\b|"
     rf"everyone\b|people\b)[a-z]+) (?:really |also |still )?(?:has to|have to|must|should|"
     rf"needs? to)(?: also)? (?:capture|record|store|save|carry|keep track of|track) "
     rf"(?!(?:all |every |the |its |their )?(?:changes?|history|edits?|who|whom|whose|which|"
     rf"whether|if|what|when|how|why|where|an? audit|an? log|logs?|them|it|this|that|these|"
     rf"those)\b)"
     rf"(?=[a-z](?![^.;?!]*{_ON}))", r"\g<e> need "),
    # a letter's greeting and what it follows up on ("Good morning.", "Further to our call, …")
    (r"^(?:good (?:morning|afternoon|evening)|(?:hello|hi|hey|hiya)(?: there| all| folks| team| "
     r"from (?:the |our )?[a-z]+(?: [a-z]+)?)?|dear [a-z]+)[,.!]? (?=[a-z])", ""),
    # "At the AGM it was decided (after much debate) that we should record …": the request
    (r"(?:^|(?<=[.!?] ))(?:at (?:the|our|last) [a-z]+(?: [a-z]+)?,? )?(?:it (?:was|has been|got) "
     r"(?:decided|agreed|voted)|we (?:decided|agreed|voted))(?: \([^)]*\))?,? that (?=[a-z])", ""),
    # "… Thanks a million, Dave": a sign-off with the name, at the end of the message
    (r"(?:^|(?<=[.!?] ))(?:thanks|thank you|cheers|many thanks|ta)(?: a (?:million|lot|bunch|ton)|"
     r" so much| again| in advance| very much)?,? (?!(?:required|optional|unique|please|integer|"
     r"number|text|string|date|boolean|yes|no|true|false|default)\b)[a-z]+(?: \([^)]*\))?[.!]*$",
     ""),
    # "so my accountant keeps nagging me … and i was wondering if …": the request starts there
    (r",? and (?=(?:i|we) (?:was|were|am|are) (?:just )?wondering (?:if|whether)\b)", ". "),
    (r"(?:^|(?<=[.!?] ))(?:further to|following|as discussed in|as per|with reference to) "
     r"[^,.;]*, ", ""),
    # a formal letter's request: "I should like each visit to record …", "I would be most
    # grateful if each venue could record …", "It would be of considerable assistance if …"
    (rf"{_START}(?:i|we) (?:should|would) (?:like|wish|prefer) (?:for )?(?P<e>(?:each|every|all|"
     rf"the|our) [a-z]+) to {_BEAR}", r"\g<e> need "),
    (rf"{_START}(?:i|we) (?:would|should) be (?:most |very |extremely |so |truly )?(?:grateful|"
     rf"obliged|pleased|thankful|glad) if (?P<e>(?:each|every|all|the|our) [a-z]+) could {_BEAR}",
     r"\g<e> need "),
    (rf"{_START}it would be (?:of )?(?:considerable |great |real |much |enormous )?(?:assistance|"
     rf"help|helpful|useful|benefit) if (?P<e>(?:each|every|all|the|our) [a-z]+) could {_BEAR}",
     r"\g<e> need "),
    # "…, as our tuners have on several occasions arrived to find …": the reason, no request
    (r",? as (?:our|we|they|it|this|there|several|many|some|otherwise)\b[^.;]*", ""),
    (r",? which (?:may|can|might|will|could)(?: of course| also| sometimes)? (?:include|contain|"
     r"be|have|involve) (?:fractions|decimals|halves|parts)\b[^.;]*", " with decimals"),
    # "we have to know …", "the desk must see …", "we've got to record …"
    (rf"{_SUBJECT}(?:have to|has to|must|got to|"
     rf"have got to|has got to|ought to)(?: also)? (?:be able to )?{_KEEP}",
     _TO_KNOW),
    # "we should record … for each vehicle" (a person's "should"; "tickets should record …" is
    # the tickets' own, read by the field rules)
    (rf"{_START}(?:we|i|you|they|staff)(?: also| really)? should (?:also )?(?:record|store|keep|"
     rf"track|note|log|capture|save|know) (?=[a-z][^.;?!]*(?:{_ON}| (?:each|every) [a-z]))",
     _TO_KNOW),
    # "we should be able to note …", "staff need to be able to enter …"
    (rf"{_SUBJECT}(?:should|need to|needs to|want to|wants to|"
     rf"would like to|like to|would love to|love to|will need to|will want to|would need "
     rf"to)(?: also)? be able to {_KEEP}", _TO_KNOW),
    # "staff want to see … on each stay"
    (rf"{_SUBJECT}(?:want|wants|need|needs|would like|like|"
     rf"would love|love) to (?:see|view|look up|check) (?!{_LISTED})(?=[a-z][^.;?!]*{_ON})",
     _TO_KNOW),
    # "there's no place to put … on a stay", "there is no field for …", "nowhere to record …"
    (rf"{_START}(?:right now |currently |at the moment )?there(?:'s| is| are) (?:nowhere |(?:no|"
     r"not an?y?) (?:place|field|way|spot|room|column|box|space|where)s? )(?:to |for |in which "
     r"to |where (?:we|i|you|staff|they) (?:can|could) )?(?:put |store |record |enter |keep |"
     r"note |save |capture |log |track |write |add |know |see )?(?:down )?(?=[a-z])", _TO_KNOW),
    # "stays are missing a deposit", "a stay lacks …", "stays don't have … yet"
    (rf"{_START}(?P<e>(?:an? |the |each |every |all |our )?[a-z]+(?: [a-z]+)?) (?:is|are) "
     r"(?:still )?missing (?=[a-z])", r"\g<e> need "),
    (rf"{_START}(?P<e>(?:an? |the |each |every |all |our )?[a-z]+(?: [a-z]+)?) (?:lacks?|"
     r"(?:is|are) lacking) (?=[a-z])", r"\g<e> need "),
    (rf"{_START}(?P<e>(?:an? |the |each |every |all |our )?[a-z]+(?: [a-z]+)?) (?:doesn't|"
     r"don't|does not|do not) (?:have|record|store|keep|track) (?P<x>[^.;?!]+?),? yet\b",
     r"\g<e> need \g<x>"),
    (rf"{_START}(?P<e>(?:an? |the |each |every |all |our )?[a-z]+(?: [a-z]+)?) (?:has|have) no "
     r"(?P<x>[^.;?!]+?),? yet\b", r"\g<e> need a \g<x>"),
    # "we don't capture the deposit on stays yet", "we're not recording … yet"
    (rf"{_START}(?:we|i|you|they|staff) (?:don't|do not|aren't|are not|'re not|re not) (?:yet )?"
     r"(?:capture|record|store|track|keep|log|save|note)(?:ing)? (?P<x>[^.;?!]+?),? yet\b",
     r"we need to know \g<x>"),
    # "we need somewhere to store the owner's address" (not files: those go to a bucket)
    (rf"{_START}(?:we |i )?(?:need|want|would like|'d like) (?:somewhere|a place|a field|a spot|"
     rf"space) (?:to|for|where we can) (?:store|keep|put|save|record|note|write) "
     rf"(?![a-z' -]*{FILES}\b)(?=[a-z])", _TO_KNOW),
    # "every ticket has to have a patron"
    (r"\b(?:has|have) (?:got )?(?:to )?have\b", "must have"),
    (r"\b(?:needs|need) to have\b(?= (?:an? |one |the |exactly ))", "must have"),
    # "is there anywhere to put a pet's microchip number?", "i cant find anywhere to put …"
    (rf"{_START}(?:is there|there is|i can't find|i cant find|i cannot find|we can't find|we "
     r"cant find|there's) (?:anywhere|a place|somewhere|a field|a spot) (?:to|where (?:we|i) can) "
     r"(?:put|store|record|enter|keep|note|write) (?=[a-z])", _TO_KNOW),
    # "tickets should remember when they were bought"
    (rf"{_START}(?P<e>(?:each |every |all |the |our )?(?!(?:we|i|you|they|staff|everyone|people|"
     rf"someone|somebody)\b)[a-z]+) (?:should|must|need to|needs to|has "
     r"to|have to|will) (?:remember|record|store|save|keep|log|capture|note|know) (?=(?:when|who|"
     r"whether|if|how (?:many|much|long|often)) )", r"\g<e> should track "),
    # "need to know when a booking got cancelled" (no one said who needs it)
    (r"^(?:really |also )?(?:need|have) to know (?=[a-z])", _TO_KNOW),
    # "add a yes/no for whether the pet is neutered", "add whether …": the entity is inside
    (r"^(?:please )?(?:add|include)(?: an? (?:yes/no|true/false|flag|checkbox|check box|tick "
     r"box|boolean)(?: field)? (?:for|saying|on|to say|to show))? (?=(?:whether|if) (?:the |an? "
     r"|each |every )[a-z]+ (?![^.;?!]* (?:to|on|for) (?:the |all |each |every )?[a-z]+"
     r"(?: please)?$))", _TO_KNOW),
    # "Members - the date they joined"
    (r"^(?P<e>[a-z]+) (?:-|\u2013|\u2014) (?=(?:the |an? |their |its |whether |if |when |how |"
     r"who )[a-z])", r"\g<e> need "),
    # "make room for …", "leave space for …"
    (rf"{_START}(?:please )?(?:make|leave|find) (?:room|space|a place|a spot) (?:for|to store|to "
     r"keep|to record) (?=[a-z])", _TO_KNOW),
    # "what about a deposit amount on stays?", "how about adding … to stays?"
    (rf"{_START}(?:what|how) about (?:adding |having |storing |recording |tracking |keeping "
     r"|capturing )?(?P<x>[^.;?!]+?) (?P<p>on|to|for|in|with) (?P<e>[^.;?!]+?)\?",
     r"we need to know \g<x> for \g<e>."),
)  # fmt: skip
REORDER_REWRITES = (
    # "we need to know a deposit for each stay" → "each stay need a deposit": the form the field
    # rules read best, when what is kept is a thing (not "when …", "whether …", "how many …")
    (r"^we need to know (?P<y>(?:an? |the |some |its |their |his |her |any )[^.;?!]+?) "
     r"(?:for|on|per|against|with|in) (?P<e>(?:each |every |an? |the |all |our )?[a-z]+)\.?$",
     r"\g<e> need \g<y>"),
)  # fmt: skip
COMPILED = tuple((rx.compile(p), r) for p, r in REWRITES)
REORDER = tuple((rx.compile(p), r) for p, r in REORDER_REWRITES)
