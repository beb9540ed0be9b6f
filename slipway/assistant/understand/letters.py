"""The background a longer message gives before its request ("At the moment teachers keep
paper registers. … Could each enrolment record the share of lessons attended?"): sentences that
tell how things are, not what to change, are set apart so that no rule reads them as a request.
They are only set apart when the message also holds a request. So is what a request is for,
said after it ("we like to know when the elements need swapping"); a story followed only by
"Could we store that?" is itself the request."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.vocab import Vocab

_NO_VERB = (
    r"(?![^.;!?]*\b(?:track|record|store|keep|log|drop|flag|mark|delete|remove|add|note|save|"
    r"rename|change)\b)"
)
"""Before an opener that may hold a request ("Dogs sometimes arrive late so track …")."""
_OPENERS = (
    r"at the moment|currently|right now|until now|so far|for the past|for (?:years|months|ages)",
    r"since [a-z0-9]+|following (?:the|a|an|our)|every (?:year|season|week|month|day)",
    r"last (?:week|month|year|season|term)|some context|a bit of background|background",
    r"a quick question|as you (?:can imagine|know|may know)|we recently|recently|today|yesterday",
    r"this (?:morning|week)|in the past|historically|the problem is|the issue is",
    r"(?:loads|lots|a lot|half|plenty|most|many|some|a few|a couple|one or two|several) of "
    r"(?:our|ours|the|them|these|those)\b",
    r"[a-z]+ (?:get|gets|are|is|feel|feels|got) (?:really |very |so )?(?:angry|annoyed|upset|"
    r"confused|frustrated|cross|mad|unhappy|lost)\b",
    r"let me (?:explain|tell you|describe)|i will explain|here is (?:how|what|the)|"
    r"(?:i am|i'm|we are|we're|i) (?:writing|write) (?:on behalf of|for|from)|"
    r"some [a-z]+ (?:have|has|are|is|do|don't|can|get)\b|our [a-z]+ (?:is|are) (?:very|quite|"
    r"really|pretty|a bit|rather)\b",
    r"(?:most|many|some|few|lots of|loads of|half of|half the) (?:people|folk|customers|guests|"
    r"visitors|members|clients|of us|of them|of our [a-z]+)\b",
    r"(?:i|we) (?:manage|run|own|work|have been|had|realised|realized|noticed|used to|currently|"
    r"still|can't|cannot|can not|couldn't)\b",
    r"(?:i|we)(?:'ve| have) (?:had|seen|noticed|lost|been getting)\b",
    r"(?:it|this|that|they|the (?:shape|format|structure|layout|content|contents|data)) (?:varies|"
    r"vary|changes|change|differs|differ)\b|there(?:'s| is) no (?:fixed|set|standard|single) "
    r"(?:structure|format|shape|schema|layout)\b",
    r"(?:i|we) (?:sell|offer) (?![^.;!?]*\b(?:too|as well|also|now)[.!]?$)",
    r"(?:i|we) (?:do|send|give|print|post|charge) (?:an? |the |our |"
    r"some |it |them |more |less |extra )?(?:little |few |lot |bit )?[a-z-]+\b",
    rf"{_NO_VERB}(?:the |our |my |this |that )?[a-z]+ (?:keeps?|kept) (?:on )?(?:changing|"
    r"moving|growing|breaking|nagging|going up)\b",
    rf"{_NO_VERB}(?:there's |there is |it's )?no point (?:in )?(?:making|adding|having|doing|"
    r"building)\b",
    r"hope (?:you're|you are|all is|everything is)\b",
    r"(?:big|some|good|great|exciting) news\b",
    r"(?:i|we) (?:have |'ve )?(?:just )?(?:started|begun) [a-z]+ing\b",
    r"(?:i|we|they|you) (?:don't|do not|can't|cannot|won't) always\b",
    r"(?:the |our |some )?[a-z]+s keep (?:on )?(?!(?:asking|requesting|wanting|saying|telling|"
    r"mentioning|emailing|ringing|calling)\b)[a-z]+ing\b",
    rf"{_NO_VERB}(?:some |most |many |a lot of |lots of )?[a-z]+(?: [a-z]+)? (?:often|sometimes|"
    r"rarely|occasionally) (?!(?:be|have|has|need|needs|get|gets|"
    r"require|requires|include|includes|contain|contains|start|starts|come with|comes with|"
    r"want|wants|should|must)\b)[a-z]+",
    r"(?:parents|customers|members|people|staff|users|clients|guests|riders|drivers|families|"
    r"students|teachers|volunteers|our [a-z]+|the [a-z]+ (?:manager|officer|team|inspector|"
    r"accountant|office|desk)) (?:keep|always|often|sometimes|ring|call|ask|complain|tell|"
    r"want to see|have been|go round)\b",
)
_STORY = rx.compile(rf"^(?:(?:and|but|so|also|now) )?(?:{'|'.join(_OPENERS)})")
_TOLD = rx.compile(
    r"^(?:(?:some|a (?:bit|little) of|a quick|quick|for) )?(?:background|context)(?: first)?"
    r"(?: info)?\s*[:,\u2014\u2013-]"
)
"""A sentence said to be background ("Some background: …"), whatever it holds."""
_PURPOSE = rx.compile(
    r"^(?:(?:that|this) way (?:we|i)|(?:this|that|it) (?:is|'s) so (?:we|i)|(?:this|that|it) "
    r"(?:helps|lets) (?:us|me)|(?:we|i) (?:like|love) to (?:know|see|keep|check|plan)|(?:we|i) "
    r"use (?:it|that|this|them|those) (?:to|for) (?!be\b)|so that (?:we|i|the [a-z]+|they) "
    r"(?:can|know|don't)|(?:it|that|this) (?:is|'s) (?:what|how) (?:we|i|the [a-z]+))\b"
    r"(?![^.;!?]*\b(?:must|should|has to|have to|required|unique|optional|mandatory)\b)"
)
"""What a request is for, said after it ("we like to know when the elements need swapping")."""
_ASKS = rx.compile(
    r"\b(?:could|can you|can we|can it|would you|would it|please|need|needs|want|wants|should|"
    r"must|has to|have to|add|make|remove|rename|create|turn on|enable|switch|set up|let's|"
    r"would like|i'd like|we'd like)\b"
)


_KEEP_THAT = (
    r"(?:store|record|keep|track|note|capture|save|add|log|have) (?:that|this|it|those|these)"
    r"(?: (?:down|too|as well|please|in the system|somewhere))*"
)
_STORE_THAT = rx.compile(
    rf"^(?:so |and )?(?:(?:could|can|would|should) (?:we|you|it)(?: please)?(?: {_KEEP_THAT})?|"
    rf"(?:please |(?:we'd|we would|i'd|i would) like to |let's )?{_KEEP_THAT})[?.!]*$"
)
"""A request that only points at the background ("Could we store that?")."""


def background(sentences: list[str]) -> tuple[list[str], list[str]]:
    """The sentences to read and those that only tell the background, when the message holds
    a request besides; else every sentence is read."""
    story = [
        s
        for s in sentences
        if _TOLD.match(s.strip())
        or _PURPOSE.match(s.strip())
        or (_STORY.match(s.strip()) and not _ASKS.search(s))
    ]
    if not story or len(story) == len(sentences):
        return sentences, []
    if all(_STORE_THAT.match(s.strip()) for s in sentences if s not in story):
        return story, []  # "Most exhibits have a rough year they were made. Could we store that?"
    return [s for s in sentences if s not in story], story


def tells(clause: str) -> bool:
    """Does the clause tell how things are ("some labels don't have one till late")?"""
    return _STORY.match(clause.strip()) is not None and _ASKS.search(clause) is None


def told_of(told: list[str], vocab: Vocab) -> str | None:
    """The one entity the background speaks of: "it" in the request after it ("At the moment we
    only have the date a firing was planned for. We'd like to record when it finished")."""
    named = vocab.find_entities(" ".join(told)) if told else []
    return named[0] if len(named) == 1 else None


_SO_WE_WANT = rx.compile(
    r"^(?P<l>[^,]+?),? so (?:we|i) (?:want|need|would like|'d like|have) to (?P<r>(?:record|"
    r"store|track|keep|log|note|know|add|see) .+)$"
)


def so_we_want(clause: str) -> tuple[str, str] | None:
    """What happens, then what is wanted for it ("the donkeys get weigh-taped every month, so we
    want to record their weight"): (what happens, the request)."""
    said = _SO_WE_WANT.match(clause)
    return (said["l"], said["r"]) if said is not None else None
