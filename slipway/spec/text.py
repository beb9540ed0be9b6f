"""Naming and keyword helpers shared by the compiler, the renderer and the assistant."""

from __future__ import annotations

import re

_IRREGULAR = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "mouse": "mice",
    "goose": "geese",
    "foot": "feet",
    "tooth": "teeth",
    "datum": "data",
    "criterion": "criteria",
    "analysis": "analyses",
    "status": "statuses",
    "quiz": "quizzes",
}
_UNCOUNTABLE = {
    "data",
    "information",
    "equipment",
    "news",
    "series",
    "species",
    "metadata",
    "feedback",
}
_SINGULAR_IRREGULAR = {v: k for k, v in _IRREGULAR.items()}


def snake_case(name: str) -> str:
    """``OrderItem`` → ``order_item``; ``HTTPRequest`` → ``http_request``."""
    step = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    step = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", step)
    return re.sub(r"[^a-z0-9]+", "_", step.lower()).strip("_")


def pascal_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)


def _plural_word(word: str) -> str:
    lower = word.lower()
    if lower in _UNCOUNTABLE:
        return word
    if lower in _IRREGULAR:
        plural = _IRREGULAR[lower]
        return plural if word.islower() else plural.capitalize()
    if re.search(r"(s|x|z|ch|sh)$", lower):
        return word + "es"
    if re.search(r"[^aeiou]y$", lower):
        return word[:-1] + "ies"
    if lower.endswith("fe"):
        return word[:-2] + "ves"
    if re.search(r"[^f]f$", lower) and lower not in ("chef", "roof", "proof", "belief"):
        return word[:-1] + "ves"
    return word + "s"


def pluralize(word: str) -> str:
    """English plural of the last word: ``Category`` → ``Categories``, ``order_item`` →
    ``order_items``, ``OrderItem`` → ``OrderItems``, ``Person`` → ``People``."""
    match = re.match(r"^(.*?)([A-Z]?[a-z0-9]+|[A-Z]+)$", word)
    if match is None:
        return word + "s" if word else word
    head, last = match.groups()
    return head + _plural_word(last)


def singularize(word: str) -> str:
    """Best-effort inverse of ``pluralize`` (used to read "has many Tasks")."""
    lower = word.lower()
    if lower in _SINGULAR_IRREGULAR:
        single = _SINGULAR_IRREGULAR[lower]
        return single if word.islower() else single.capitalize()
    if lower in _UNCOUNTABLE:
        return word
    for suffix, repl in (
        ("ies", "y"),
        ("ves", "f"),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
    ):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 1:
            return word[: -len(suffix)] + repl
    if lower.endswith("s") and not lower.endswith("ss") and len(lower) > 2:
        return word[:-1]
    return word


def slugify(name: str) -> str:
    """Lowercase ``[a-z0-9-]``, at most 40 characters, never empty."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    slug = slug[:40].rstrip("-")
    return slug or "app"


_ASCII_UINT = re.compile(r"[0-9]{1,18}")


def parse_uint(value: str, max_digits: int = 18) -> int | None:
    """``"42"`` → 42; anything but 1..max_digits ASCII digits → None.

    ``str.isdigit`` is not enough: it accepts superscripts such as ``"¹"``,
    which ``int()`` then rejects with a ValueError.
    """
    if len(value) > max_digits or not _ASCII_UINT.fullmatch(value):
        return None
    return int(value)


def words(text: str) -> str:
    """Keyword form of spec text: lowercase, '-' and '_' as spaces, runs of spaces as one
    (``"Multi-Tenant  by"`` → ``"multi tenant by"``)."""
    return re.sub(r"\s+", " ", text.strip().lower().replace("-", " ").replace("_", " "))


def split_top(text: str) -> list[str]:
    """Split on commas that are not inside parentheses (``enum(a, b), default a`` → two parts)."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]
