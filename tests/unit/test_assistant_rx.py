"""``slipway.assistant.rx`` answers as ``re`` does, and compiles each pattern once."""

from __future__ import annotations

import re

from slipway.assistant import rx

TEXT = "Orders have a Total; orders HAVE a status, and an order has lines"


def test_every_function_answers_as_re_does() -> None:
    assert rx.search(r"have (\w+)", TEXT, re.I).group(1) == "a"  # type: ignore[union-attr]
    assert rx.match(r"orders", TEXT) is None and rx.match(r"orders", TEXT, re.I)
    assert rx.fullmatch(r"[a-z ]+", "an order") and not rx.fullmatch(r"[a-z]+", "an order")
    assert rx.sub(r"orders", "ORDERS", TEXT, 1, re.I) == re.sub(
        r"orders", "ORDERS", TEXT, count=1, flags=re.I
    )
    assert rx.sub(r"(\w+)s\b", lambda m: m.group(1), "lines") == "line"
    assert rx.subn(r"a", "A", TEXT, flags=re.I) == re.subn(r"a", "A", TEXT, flags=re.I)
    assert rx.split(r"[;,]\s*", TEXT, 1) == re.split(r"[;,]\s*", TEXT, maxsplit=1)
    assert rx.findall(r"\border\w*", TEXT, re.I) == ["Orders", "orders", "order"]
    assert [m.start() for m in rx.finditer(r"have", TEXT, re.I)] == [7, 28]
    compiled = re.compile(r"status")
    assert rx.search(compiled, TEXT) is not None


def test_a_pattern_is_compiled_once() -> None:
    pattern = r"\bthis pattern is used by this test only (\d+)\b"
    before = rx.compile.cache_info()  # type: ignore[attr-defined]
    for n in range(50):
        assert rx.search(pattern, f"this pattern is used by this test only {n}")
    after = rx.compile.cache_info()  # type: ignore[attr-defined]
    assert after.misses - before.misses == 1
    assert after.hits - before.hits == 49
