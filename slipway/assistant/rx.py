"""Regular expressions for the assistant's rules, with a compile cache large enough for them.

The rules write their patterns inline (``re.search(rf"\\b{name}\\b", clause)``), and a message
runs through far more distinct patterns than the 512 that ``re`` keeps compiled: every long
message recompiled most of them (cProfile over 390 messages: 20,202 compiles, 56% of the time).
These functions are ``re``'s own, with the pattern compiled through one larger LRU cache (all
the sets of cases together use about 1,400 patterns).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

Pattern = re.Pattern[str]
Match = re.Match[str]
Replacement = str | Callable[[Match], str]

compile: Callable[..., Pattern] = functools.lru_cache(maxsize=4096)(re.compile)


def search(pattern: str | Pattern, string: str, flags: int = 0) -> Match | None:
    return compile(pattern, flags).search(string)


def match(pattern: str | Pattern, string: str, flags: int = 0) -> Match | None:
    return compile(pattern, flags).match(string)


def fullmatch(pattern: str | Pattern, string: str, flags: int = 0) -> Match | None:
    return compile(pattern, flags).fullmatch(string)


def sub(
    pattern: str | Pattern, repl: Replacement, string: str, count: int = 0, flags: int = 0
) -> str:
    return compile(pattern, flags).sub(repl, string, count)


def subn(
    pattern: str | Pattern, repl: Replacement, string: str, count: int = 0, flags: int = 0
) -> tuple[str, int]:
    return compile(pattern, flags).subn(repl, string, count)


def split(pattern: str | Pattern, string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
    return compile(pattern, flags).split(string, maxsplit)


def findall(pattern: str | Pattern, string: str, flags: int = 0) -> list[Any]:
    return compile(pattern, flags).findall(string)


def finditer(pattern: str | Pattern, string: str, flags: int = 0) -> Iterator[Match]:
    return compile(pattern, flags).finditer(string)
