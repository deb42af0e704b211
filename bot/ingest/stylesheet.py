"""Bold set by a page's own stylesheet, made markup before the page is read: a document exported from Google Docs
(or another editor) marks its bold question lines with a class (`<span class="c4">`, `.c4{font-weight:700}`), not
with <b>, so the HTML reader would not see them as titles.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

CLASS_SELECTOR = re.compile(r"^\s*\.([\w-]+)\s*$")  # a plain ".c4", not ".c4 p" or "p.c4:hover"
BOLD = re.compile(r"(?:^|;)\s*font-weight\s*:\s*(?:bold|bolder|[6-9]00)\s*(?:!important\s*)?(?:;|$)", re.IGNORECASE)
MAX_STYLE_CHARS = 1_000_000  # of one <style> element read


def bold_classes(soup: BeautifulSoup) -> frozenset[str]:
    """The classes the page's <style> elements make bold, by plain class selectors."""
    classes: set[str] = set()
    for style in soup.find_all("style"):
        for rule in style.get_text()[:MAX_STYLE_CHARS].split("}"):  # "selectors { declarations", one a rule
            selectors, _, declarations = rule.rpartition("{")
            if BOLD.search(declarations):
                classes.update(match.group(1) for selector in selectors.split(",")
                               if (match := CLASS_SELECTOR.match(selector)))
    return frozenset(classes)


def mark_bold(soup: BeautifulSoup) -> None:
    """Each inline element of a bold class made <b>, as the page shows it."""
    classes = bold_classes(soup)
    if not classes:
        return
    for tag in soup.find_all("span"):
        if classes.intersection(tag.get_attribute_list("class")):
            tag.name = "b"
