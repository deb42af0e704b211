"""Lines drawn with characters in plain text: a box's borders, a banner's dashes; a title's underline is kept."""

from __future__ import annotations

import re

UNDERLINE = re.compile(r"^\s*(=+|-+|~+|\*+)\s*$")
RULE = re.compile(r"^\s*([-=*~_#])\1{9,}\s*$")  # a line drawn across: a box's border, a separator
BANNER = re.compile(r"^\s*([-=*~_#])\1{2,}\s+(\w(?:.*\w)?)\s+\1{3,}\s*$")  # "---- Frequently Asked Questions ----"


def underlined(group: list[str]) -> bool:
    """Whether a group of lines is a title over its underline: one line of text, one line drawn under it."""
    return len(group) == 2 and bool(UNDERLINE.match(group[1])) and not UNDERLINE.match(group[0])


def undecorated(group: list[str]) -> list[str]:
    """A group of lines without the rules drawn above or below its text and the dashes a banner line is drawn
    with; a group of rules only is nothing. A title over its underline stays as it is."""
    if underlined(group):
        return group
    while group and RULE.match(group[0]):
        group = group[1:]
    while group and RULE.match(group[-1]):
        group = group[:-1]
    return [BANNER.sub(r"\2", line) for line in group]
