"""Bucket names said in prose: clean nouns ("photo", "invoice pdfs" → ``invoice-pdfs``), never
the words of a sentence ("a photo that they can show" names ``photos``; "stuff" names nothing)."""

from __future__ import annotations

from slipway.assistant import rx
from slipway.assistant.understand.context import NOT_NOUNS, PREPOSITIONS, VERBS
from slipway.assistant.understand.words import plural, singular

DETERMINERS = {"a", "an", "the", "their", "his", "her", "its", "our", "my", "your", "some",
               "any", "all", "each", "every", "one", "more", "several", "multiple", "new",
               "extra"}  # fmt: skip
NOT_NAMING = NOT_NOUNS | PREPOSITIONS | VERBS | DETERMINERS | {
    "they", "we", "you", "he", "she", "i", "theirs", "hers", "ours", "mine", "yours", "who",
    "which", "whose", "what", "where", "can", "could", "will", "would", "should", "must", "may",
    "might", "shall", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did",
    "have", "has", "had", "get", "gets", "and", "or", "but", "so", "if", "when", "because",
    "while", "then", "than", "too", "also", "just", "only", "well", "here", "there", "later",
    "now", "upload", "uploads", "uploaded", "attach", "attached", "see", "view", "want", "need",
    "please", "somewhere", "online", "cloud", "actually", "instead", "maybe", "etc", "those",
    "these", "this", "that", "them", "it", "ones", "things", "before", "after", "during",
    "until", "upon", "next", "near", "per", "via", "somehow",
}  # fmt: skip
"""Words that are no part of a thing's name: pronouns, verbs, modals, joining words."""


def noun_words(text: str) -> list[str]:
    """The leading noun of a phrase: determiners skipped, cut at the first word that cannot be
    part of a name ("photo that they can show" → ["photo"]); [] when it starts with none."""
    words = rx.findall(r"[a-z0-9']+", text.lower())
    while words and words[0] in DETERMINERS:
        words.pop(0)
    out: list[str] = []
    for word in words:
        if word in NOT_NAMING or not rx.fullmatch(r"[a-z][a-z0-9]*", word):
            break
        out.append(word)
    return out[:3]


def bucket_name(words: list[str]) -> str | None:
    """``a-b-cs`` from clean noun words (the last one plural), or None when there are none."""
    words = [singular(w) for w in words if w not in NOT_NAMING]
    if not words or not all(rx.fullmatch(r"[a-z][a-z0-9]*", w) for w in words):
        return None
    name = "-".join([*words[:-1], plural(words[-1])])[:40].strip("-")
    return name if len(name) >= 2 else None
