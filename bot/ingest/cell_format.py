"""A spreadsheet cell's value as Excel shows it: its number format's currency, decimals, thousands separators and
percent sign ("$1,234.50", "7.5%", "(5.00)"), a date without a midnight time.

Formats the reader does not render (scientific, fractions, text between digits such as "000-0000", elapsed time)
show the plain number, never a wrong one.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache

# One piece of a number format: quoted text, an escaped character, a currency ("[$€-407]": the symbol, then a locale),
# another bracket (a colour, a condition, a locale alone), a space as wide as a character ("_)"), a fill ("* "),
# a section break, any other character.
TOKEN = re.compile(r'"(?P<quoted>[^"]*)"?|\\(?P<escaped>.)|\[\$(?P<currency>[^\]\-]*)[^\]]*\]|\[[^\]]*\]|_(?P<space>.)'
                   r'|\*.|(?P<section>;)|(?P<char>.)', re.S)
DIGITS = set("0#?")  # digit placeholders: "0" shows a zero, "#" and "?" show nothing (or a space) in its place
NUMBER = DIGITS | {".", ","}
MAX_FORMAT_CHARS = 255  # Excel's own limit: a longer format is no format Excel wrote
# Rounding as Excel shows it, half away from zero (2.675 to 2.68), with digits enough for any float and format.
ROUNDING = Context(prec=800, rounding=ROUND_HALF_UP)
UNRENDERED = set("Ee/@") | set("hmsdyHMSDY")  # scientific, fractions, text, dates and times: not rendered here


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell's value as it reads: numbers by their format (whole numbers without ".0" and others to 15 significant
    digits where the format is General), a date without a midnight time."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _formatted(value, number_format) or _plain(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _plain(value: int | float) -> str:
    """A number as General shows it: 5.0 as "5", 1/3 as 0.333333333333333."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    return str(value)


def _formatted(value: int | float, number_format: str) -> str | None:
    """The number in its format's section for its sign, or None when the format is General or not one rendered
    (also a format of conditions, "[>=100]0;0", whose sections do not go by the sign)."""
    if len(number_format) > MAX_FORMAT_CHARS or (isinstance(value, float) and not math.isfinite(value)):
        return None
    sections = _sections(number_format)
    if not sections:
        return None
    section = sections[0]
    if value < 0 and len(sections) > 1:  # the negative section writes its own sign: "(5.00)"
        section, value = sections[1], -value
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    try:
        return _render(Decimal(repr(value)), section)
    except InvalidOperation:  # more digits than ROUNDING holds (an integer of hundreds of digits)
        return None


@lru_cache(maxsize=256)
def _sections(number_format: str) -> tuple[tuple[tuple[str, str], ...], ...] | None:
    """A number format's sections, each its pieces: ("char", c) for a character that formats, ("text", t) for text it
    shows; None for a format of conditions. Parsed once per format: a sheet's cells share a few."""
    if re.search(r"\[[<>=]", number_format):
        return None
    sections: list[list[tuple[str, str]]] = [[]]
    for match in TOKEN.finditer(number_format):
        if match["section"]:
            sections.append([])
        elif match["char"] is not None:
            sections[-1].append(("char", match["char"]))
        else:
            literal = next((match[name] for name in ("quoted", "escaped", "currency") if match[name] is not None), None)
            if match["space"] is not None:
                literal = " "
            if literal:
                sections[-1].append(("text", literal))
    return tuple(tuple(section) for section in sections)


def _render(value: Decimal, section: tuple[tuple[str, str], ...]) -> str | None:
    """The value in one section's pieces: the text before its digits, the number, the text after."""
    chars = "".join(text for kind, text in section if kind == "char")
    if not DIGITS & set(chars) or UNRENDERED & set(chars):
        return None
    placeholders = [n for n, (kind, text) in enumerate(section) if kind == "char" and text in DIGITS]
    first, last = placeholders[0], placeholders[-1]
    inside, outside = section[first:last + 1], section[:first] + section[last + 1:]
    if (any(kind == "text" or text not in NUMBER for kind, text in inside)
            or any(kind == "char" and text in NUMBER for kind, text in outside)):
        return None  # text among the digits ("000-0000"), a comma that divides by 1,000 ("#,##0,")
    pattern = "".join(text for _, text in inside)
    if "%" in chars:
        value *= 100
    whole, _, decimals = pattern.partition(".")
    number = _number(abs(value), whole, decimals)
    before = "".join(text for _, text in section[:first])
    after = "".join(text for _, text in section[last + 1:])
    sign = "-" if value < 0 and number.strip("0.,") else ""
    return f"{sign}{before}{number}{after}".strip() or None


def _number(value: Decimal, whole: str, decimals: str) -> str:
    """The digits of a non-negative value for its whole-part and decimal-part placeholders: "0" places always shown,
    "#" and "?" only when needed; thousands separated when the whole part holds a comma."""
    text = f"{value.quantize(Decimal(1).scaleb(-len(decimals)), context=ROUNDING):f}"
    integer, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(decimals.count("0"), "0") if fraction else ""
    integer = integer.lstrip("0").rjust(whole.count("0"), "0")
    if "," in whole:
        integer = f"{int(integer):,}" if integer else ""
    return f"{integer}.{fraction}" if fraction else integer
