"""How relationships are said: the patterns of "X belongs to Y", "X has many Y", "X can be in
several Y" and the words they are built of, read by ``rules_relations``."""

from __future__ import annotations

from slipway.assistant import rx

DET = r"(?:each |every |all |an? |the |our |one )?"
SUBJECT = r"(?P<a>[a-z][a-z ]*?)"
ONE = (
    r"(?:one of (?:our |the |their |your |its |these |those |my )?|(?:an?|one|the) (?:particular|"
    r"specific|certain|given|designated|home|main|primary|preferred|usual|regular|fixed) |an? |"
    r"one |the |exactly one |a single |one single |only one |just one |some )"
)
OBJECT = rf"{ONE}?(?P<b>[a-z][a-z ]*?)"
BELONGS = (
    rf"^{DET}{SUBJECT} (?:only |always |usually |each |all )?(?:is |are )?[a-z]+(?: out| up| in)? "
    rf"(?:at|in|for|to|under|with|from|on|through|via|into|by|of) one of (?:our|the|their|its|your"
    rf"|these|those) (?P<b>[a-z][a-z ]*?)$",
    rf"^{DET}{SUBJECT} (?:always |must |should |can only |only |can |may |could |might |will )?"
    rf"(?:belongs?|belong) to {OBJECT}$",
    rf"^{DET}{SUBJECT} (?:is|are|gets|get|must be|should be|will be|can only be|is always|are "
    rf"always|"
    rf"can be|may be|could be) (?P<verb>[a-z]+(?:ed|en|wn|t)|done|made|run|led|held|kept|paid|sold|"
    rf"taught|bought|brought|caught|given|driven|written|seen)(?: up| in| on| over| after| out)? "
    rf"(?:in|to|by|at|with|for|on|under|into|from|inside|within) (?:exactly |only |precisely )?"
    rf"{ONE}(?P<b>[a-z][a-z ]*?)$",
    rf"^(?:link|connect|relate|associate|tie|assign|attach) (?:each |every |the )?{SUBJECT} "
    rf"(?:to|with) "
    rf"{OBJECT}$",
    rf"^(?:each|every) {SUBJECT} (?:[a-z]+ly )?(?P<verb>assigned|attached|linked|tied|allocated|"
    rf"registered|connected) (?:to|with) {OBJECT}$",
    rf"^{DET}{SUBJECT} (?:only |always )?(?:works?|lives?|reports?|sits?|stays?|is based|are based|"
    rf"ships?|(?:is|are) (?:shipped|delivered|sent)|delivers?|goes|go|"
    rf"operates?|studies|study|teaches|teach|plays?|parks?|comes?|(?:is|are) (?:sourced|bought|"
    rf"supplied|ordered|purchased)) (?:at|in|for|to|under|with|from|on|by) "
    rf"(?:exactly |only )?(?:one|an?|a single|the same|a specific) (?P<b>[a-z][a-z ]*?)$",
    rf"^{DET}{SUBJECT} (?:only |always )?[a-z]+ (?:at|in|for|to|under|with|from|on|through|via|"
    rf"into|by) "
    rf"(?:exactly one|only one|one single|a single|just one|one|(?:an?|one|the) (?:particular|"
    rf"specific|certain|given|designated)) (?P<b>[a-z][a-z ]*?)$",
    rf"^{DET}{SUBJECT} (?:has|have|gets?|is given|are given|uses?|needs?|requires?|takes?|is "
    rf"assigned|"
    rf"are assigned) (?:exactly one|only one|one single|a single|just one|one) "
    rf"(?P<b>[a-z][a-z ]*?)$",
    rf"^{DET}{SUBJECT} (?:always |usually |only |all )?(?:takes? place|happens?|occurs?|(?:is|are) "
    rf"(?:held|located|kept|stored|shelved|registered|hosted|housed|parked|based)|sits?|lives?) "
    rf"(?:at|in|on|inside|within) {OBJECT}$",
)
DOES_ONE = rx.compile(
    rf"^{DET}{SUBJECT} (?:only |always |usually |just )?(?P<verb>[a-z]+s) (?:exactly one|only "
    rf"one|one "
    r"single|a single|just one|(?:an?|one|the) (?:particular|specific|certain|given|designated|"
    r"fixed|chosen)|one) (?P<b>[a-z][a-z ]*?)$"
)
"""Any verb with one thing of an entity the spec has ("each subscription ships one specific
bean"): it belongs to that one."""
PLURAL_PASSIVE = rx.compile(
    rf"^(?:all |the |our )?{SUBJECT} (?:are|get|can be|will be) (?P<verb>[a-z]+(?:ed|en|wn|t)) "
    r"(?:to|for|on|in|at|with) (?:several |many |multiple |different )?(?P<b>[a-z][a-z ]*?s)$"
)
"""Both sides plural, the object bare: "pieces are performed at concerts" (many on both sides;
"… at a concert" is one, a belongs-to)."""
MANY_WORDS = (
    r"(?:many|several|multiple|lots of|loads of|tons of|heaps of|plenty of|a bunch of|a lot of|"
    r"a list of|any number of|one or more|zero or more|"
    r"a number of|a few|various|more than one|one or several|several different)"
)
MANY = (
    rf"^{DET}{SUBJECT} (?:has|have|can have|could have|may have|will have|contains?|includes?|"
    rf"holds?|"
    rf"owns?|gets?|keeps?|is made of|consists of) {MANY_WORDS} (?P<b>[a-z][a-z ]*?)$",
    rf"^{DET}{SUBJECT} (?:is|are|gets?|can be|will be) (?:[a-z]+(?:ed|en|t)|paid|split) (?:out |"
    rf"up )?"
    rf"(?:in|into|across|over|as) {MANY_WORDS} (?P<b>[a-z][a-z ]*?)$",
    rf"^{DET}{SUBJECT} (?:can |may |could |will |usually |often )?(?P<verb>[a-z]+)(?: after| over| "
    rf"for| into| up| out| on| with| to)? {MANY_WORDS} (?P<b>[a-z][a-z ]*?)$",
)
M2M = (
    rf"^{DET}{SUBJECT} (?:can |may |could )?(?:belong to|be in|be part of|appear in|be linked to|"
    rf"be "
    rf"tagged with|be assigned to|be attached to) {MANY_WORDS} (?P<b>[a-z][a-z ]*?)$",
    rf"^{DET}{SUBJECT} (?:can |may |could |often |usually )?(?:be )?(?:[a-z]+) (?:in|at|for|with|"
    rf"on|to|"
    rf"into|by) "
    rf"{MANY_WORDS} (?P<b>[a-z][a-z ]*?)$",
    r"^(?P<a>[a-z][a-z ]*?) and (?P<b>[a-z][a-z ]*?) (?:are|should be|have an?) many[- ]to[- ]many"
    r"(?: relationship| relation)?$",
    r"^(?:add |make |create |set up )?(?:an? )?many[- ]to[- ]many(?: relationship| relation| link)?"
    r" (?:between|from) (?P<a>.+?) (?:and|to) (?P<b>.+)$",
)
SHARED = {"tag", "label", "category", "skill", "topic", "keyword", "genre", "interest", "language",
          "feature", "amenity", "group", "badge", "hashtag"}  # fmt: skip


STATIVE = {"is", "are", "be", "was", "were", "like", "likes", "love", "loves", "want", "wants",
           "see", "sees", "know", "knows", "do", "does", "make", "makes", "take"}  # fmt: skip
"""Verbs that relate nothing: "a job requires many skills" makes Skill, "sees many" does not."""
KEPT_FOR = rx.compile(
    r"\b(?:is|are|be|gets?) (?:[a-z]+ed|set aside|kept|meant|made|suitable) for (?:the |our )?"
    r"(?P<x>[a-z]+(?: [a-z]+)?)$"
)
"""Who a thing is kept for ("reserved for wheelchair users"): a link only to an entity the spec
has, never a new one."""
