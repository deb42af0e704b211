"""Bold set by a page's own stylesheet, made markup before the page is read: a document exported from Google Docs
(or another editor) marks its bold question lines with a class (`<span class="c4">`, `.c4{font-weight:700}`), not
with <b>, so the HTML reader would not see them as titles.
"""

from __future__ import annotations

import re

import tinycss2
from bs4 import BeautifulSoup

CLASS_SELECTOR = re.compile(r"^\s*\.([\w-]+)\s*$")  # a plain ".c4", not ".c4 p" or "p.c4:hover"
BOLD_WEIGHTS = {"bold", "bolder", "600", "700", "800", "900"}
MAX_STYLE_CHARS = 1_000_000  # of a page's <style> elements read, in all


def bold_classes(soup: BeautifulSoup) -> frozenset[str]:
    """The classes the page's <style> elements make bold, by plain class selectors (tinycss2 parses the rules:
    comments, "@charset" and "@import" lines, rules inside "@media" are not mistaken for selectors). Only style
    sheets that set a weight are parsed, MAX_STYLE_CHARS of them in all; one nested too deeply to parse counts for
    nothing."""
    classes: set[str] = set()
    budget = MAX_STYLE_CHARS
    for style in soup.find_all("style"):
        sheet = style.get_text()
        if budget <= 0:
            break
        if "font-weight" not in sheet.lower():
            continue
        sheet = sheet[:budget]
        budget -= len(sheet)
        try:
            classes.update(_bold_classes(sheet))
        except RecursionError:
            continue
    return frozenset(classes)


def _bold_classes(sheet: str) -> list[str]:
    return [match.group(1) for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True)
            if rule.type == "qualified-rule" and _sets_bold(rule.content)
            for selector in tinycss2.serialize(rule.prelude).split(",") if (match := CLASS_SELECTOR.match(selector))]


def _sets_bold(declarations: list) -> bool:
    """Whether the declarations set a bold weight: a "font-weight" of one word or number that is bold."""
    for declaration in tinycss2.parse_blocks_contents(declarations, skip_comments=True, skip_whitespace=True):
        if declaration.type == "declaration" and declaration.lower_name == "font-weight":
            value = [token for token in declaration.value if token.type not in ("whitespace", "comment")]
            if len(value) == 1 and value[0].type in ("ident", "number") and value[0].serialize().lower() in BOLD_WEIGHTS:
                return True
    return False


def mark_bold(soup: BeautifulSoup) -> None:
    """Each inline element of a bold class made <b>, as the page shows it."""
    classes = bold_classes(soup)
    if not classes:
        return
    for tag in soup.find_all("span"):
        if classes.intersection(tag.get_attribute_list("class")):
            tag.name = "b"
