"""A default's number said with its unit ("45 minutes", "£6", "20%"): the number, when the
field's name says that unit (``duration_minutes``) or is money or a share."""

from __future__ import annotations

from slipway.assistant import rx

_UNITS_OF = (
    (r"minutes?|mins?", "minute"), (r"hours?|hrs?", "hour"), (r"days?", "day"),
    (r"weeks?", "week"), (r"months?", "month"), (r"years?", "year"), (r"kg|kilos?", "kg"),
    (r"grams?|g", "gram"), (r"ml", "ml"), (r"litres?|liters?", "litre"), (r"cm", "cm"),
    (r"metres?|meters?|m", "metre"), (r"km", "km"), (r"miles?", "mile"), (r"%|percent", "pct"),
)  # fmt: skip
"""A unit said after a default's number, and the word the field's name has for it."""
_MONEY = r"price|cost|fee|amount|rate|deposit|total|charge|fine|pay|wage|balance"
_PERCENT = r"percent|pct|rate|share|discount|split|cut"


def unit_dropped(text: str, name: str) -> str:
    """ "45 minutes" for ``duration_minutes``, "£6" for a price, "20%" for a rate: the number;
    a unit the field's name does not say ("2 hours" for minutes) stays, and is refused."""
    money = rx.fullmatch(r"[£$€](\d[\d.,]*)|(\d[\d.,]*) ?(?:pounds|euros|dollars)", text)
    if money and rx.search(_MONEY, name):
        return money.group(1) or money.group(2)
    said = rx.fullmatch(r"(\d[\d.,]*) ?([a-z%]+)", text)
    if said is None:
        return text
    for units, word in _UNITS_OF:
        if rx.fullmatch(units, said.group(2)) and (
            word in name or (word == "pct" and rx.search(_PERCENT, name))
        ):
            return said.group(1)
    return text
