"""Workflow items (schedules, queues, events, buckets) said to go by what they do, not by their
names: "we no longer print the packing slips" (schedule packing-slips), "the automatic reminder
can go" (the one reminder), "parcels don't go through a queue any more", "refunds shouldn't
trigger supplier emails anymore" (the event that links them), "we stopped texting drivers each
time a route changes" (the event whose queue texts them)."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.context import Context
from slipway.assistant.understand.words import singular

Item = tuple[str, str]
"""(kind, name): a schedule, queue, event or bucket of the spec."""

_FILLER = {
    "the", "a", "an", "our", "their", "your", "my", "that", "this", "those", "these", "any",
    "of", "for", "to", "on", "in", "at", "by", "with", "from", "and", "or", "all", "every",
    "each", "some", "automatic", "automatically", "automated", "auto", "s3", "anymore",
    "more", "longer", "now", "too", "also", "just", "still", "we", "us", "them", "it", "they",
    "people", "thing", "stuff", "time", "same", "somebody", "someone", "anyone", "after",
    "before", "when", "whenever", "about", "there", "here", "is", "are", "be", "was", "were",
}  # fmt: skip
_SAME = {"ask": "reque", "asks": "reque", "asked": "reque", "asking": "reque", "alert": "notif",
         "ping": "notif", "inform": "notif", "picture": "photo", "pic": "photo",
         "image": "photo"}  # fmt: skip
"""A word said for another one of an item's name ("ask for reviews": review-request)."""
KIND_WORDS = {"schedule": "schedule", "scheduled": "schedule", "job": "schedule",
              "cron": "schedule", "task": "schedule", "reminder": "schedule",
              "queue": "queue", "event": "event", "bucket": "bucket", "storage": "bucket",
              "store": "bucket"}  # fmt: skip


def roots(text: str) -> set[str]:
    """The words of a phrase or an item's name as roots of five letters ("notifying" and
    "notifications" are one word), filler away."""
    out = set()
    for word in rx.findall(r"[a-z0-9]+", text.lower()):
        if word in _FILLER:
            continue
        out.add(_SAME.get(word, singular(word)[:5]))
    return out


def _kind_roots(item: Item) -> set[str]:
    return {k[:5] for k, v in KIND_WORDS.items() if v == item[0]}


def by_words(what: str, ctx: Context, items: list[Item]) -> Item | None:
    """The one item all of whose name words are said; else the one item sharing a word with
    what is said, when that word names nothing else of the spec (an entity, a field)."""
    said = roots(what)
    kinds = {KIND_WORDS[w] for w in rx.findall(r"[a-z]+", what) if w in KIND_WORDS}
    full = [  # a kind word ("reminder") stands for its part of a name only when it is said
        i
        for i in items
        if roots(i[1]) <= said | (_kind_roots(i) if kinds else set()) and roots(i[1])
    ]
    named = {r for e in ctx.vocab.find_entities(what) for r in roots(_spaced(e))}
    if not kinds and any(roots(i[1]) <= named for i in full):
        return None  # "we stopped doing deliveries": the Delivery entity as much as the queue
    if kinds and len(full) > 1:
        full = [i for i in full if i[0] in kinds]
    if len(full) == 1:
        return full[0]
    if full or (ctx.vocab.find_entities(what) and not kinds):
        return None
    spec_words = _spec_roots(ctx)
    loose = [i for i in items if (roots(i[1]) & said) - spec_words and (not kinds or i[0] in kinds)]
    return loose[0] if len(loose) == 1 else None


def _spaced(entity: str) -> str:
    return rx.sub(r"(?<=[a-z])(?=[A-Z])", " ", entity)


def _spec_roots(ctx: Context) -> set[str]:
    out: set[str] = set()
    for name, info in ctx.vocab.entities.items():
        out |= roots(_spaced(name))
        for field in info.fields:
            out |= roots(field.replace("_", " "))
    return out


NO_MORE = rx.compile(
    r"^(?:so |and |but )?(?:we |i |they |you )?(?:(?:have |had )?stopped|(?:don't|do not|no "
    r"longer|won't|will not|never) (?:need to |have to |want to )?)(?P<what>.+?)"
    r"(?: any ?more| any longer| now)?$"
)
"""A thing no longer done ("we stopped printing the bake list", "we no longer text drivers")."""
CUE = rx.compile(r"\bany ?more\b|\bany longer\b|\bno longer\b|\bstopped\b|\bnow$")
THROUGH = rx.compile(
    r"^(?:the |our )?(?P<what>.+?) (?:doesn't|does not|don't|do not|shouldn't|should not|won't|"
    r"no longer|isn't|aren't|is not|are not)(?: need to| have to| has to)? (?:go|goes|run|runs|"
    r"pass|get|be|need|use|uses)(?: (?:through|via|on|in|into|over))? (?:an? |the |its |their )?"
    r"(?P<kind>queue|schedule|bucket|storage|job)s?(?: any ?more| any longer| now)?$"
)
"""An item's kind said of what it carries ("boarding doesn't go through a queue any more")."""
CAUSES = rx.compile(
    r"^(?P<cause>.+?) (?:shouldn't|should not|no longer|don't|doesn't|won't|mustn't|must not|"
    r"needn't|need not) (?:trigger|start|kick off|fire|cause|create|send|queue|produce|notify)"
    r"s? (?P<effect>.+?)(?: any ?more| any longer| now)?$"
)
EACH_TIME = rx.compile(
    r"^(?P<effect>.+?) (?:each time|every time|whenever|when|after|as soon as) (?P<cause>.+?)"
    r"(?: any ?more| any longer| now)?$"
)


_BACK = rx.compile(
    r"^(?:so |and )?(?:please )?(?:stop|quit|cease|no more|stop doing|don't|do not)(?: (?:sending|"
    r"running|doing|emailing|texting|publishing|posting|printing))? (?:them|it|those|these|that|"
    r"this)(?: any ?more| altogether| entirely)?(?: please)?$"
)


_KIND_BACK = rx.compile(
    r"^(?:so |and )?(?:please )?(?:remove|drop|delete|get rid of|scrap|kill|stop) (?:that|this|"
    r"those|these) (?P<k>schedule|job|task|reminder|queue|event|bucket|storage)s?$"
)


def pointed_back(clause: str, ctx: Context, items: list[Item]) -> Item | None:
    """ "Customers find the monday reminder emails annoying. Please stop sending them.": the one
    item another sentence of the message names by a kind word or its own words; "we don't take
    photos anymore, remove that storage": the one of that kind another part names."""
    kind = _KIND_BACK.match(clause)
    if kind is not None:
        items = [i for i in items if i[0] == KIND_WORDS[kind.group("k")]]
    elif not _BACK.match(clause):
        return None
    cut = r"[.!?]+\s*" if kind is None else r"[.!?,;]+\s*"
    others = [s for s in rx.split(cut, ctx.text or "") if s.strip() and clause not in s]
    found = {i for s in others if (i := by_words(s, ctx, items)) is not None}
    return found.pop() if len(found) == 1 else None


def by_deed(clause: str, ctx: Context, items: list[Item]) -> Item | None:
    """The item a clause says is no longer done, queued or triggered."""
    if (back := pointed_back(clause, ctx, items)) is not None:
        return back
    through = THROUGH.match(clause)
    if through:
        kind = KIND_WORDS[through.group("kind")]
        return by_words(through.group("what"), ctx, [i for i in items if i[0] == kind])
    link = _link(clause, ctx, items)
    if link is not None:
        return link
    stop = NO_MORE.match(clause)
    if stop is None or not CUE.search(clause):
        return None
    return by_words(stop.group("what"), ctx, items)


def _link(clause: str, ctx: Context, items: list[Item]) -> Item | None:
    """ "renewals shouldn't trigger roast orders", "we stopped notifying bidders each time
    somebody bids": the one event caused by the one and sent on to the other."""
    said = CAUSES.match(clause) or EACH_TIME.match(clause)
    if said is None or not (CUE.search(clause) or said.re is CAUSES):
        return None
    if said.re is EACH_TIME and not NO_MORE.match(said.group("effect")):
        return None
    cause, effect = roots(said.group("cause")), roots(said.group("effect"))
    assert ctx.bp is not None
    found = [
        ("event", e.name)
        for e in ctx.bp.workflows.events
        if roots(e.name) & cause and (e.target is None or roots(e.target) & effect)
    ]
    return found[0] if len(found) == 1 else None
