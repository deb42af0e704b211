"""Links that documents make: kept for http(s) and mailto targets only, attached to the blocks showing their text."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

from .blocks import Block, Link

_UNSAFE = re.compile(r"[\x00-\x20\x7f]")


GOOGLE_REDIRECTS = {"www.google.com", "google.com"}  # "https://www.google.com/url?q=<target>&sa=D..."


def safe_link(text: str, href: str) -> Link | None:
    """(text, href) when the link can be shown: a web or mail target and some words to click on; else None."""
    text, href = " ".join(text.split()), _unwrapped(href.strip())
    if not re.search(r"\w", text) or _UNSAFE.search(href):
        return None
    try:
        parts = urlsplit(href)
    except ValueError:  # a placeholder like http://[hostname]:8080/ is no address
        return None
    if (parts.scheme.lower() in ("http", "https") and parts.netloc) or (parts.scheme.lower() == "mailto" and parts.path):
        return text, href
    return None


def _unwrapped(href: str) -> str:
    """The target of a link a Google Docs export wrapped in Google's redirect ("https://www.google.com/url?q=<target>
    &sa=D..."), once; any other link as it is."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return href
    target = parse_qs(parts.query).get("q", [""])[0] if parts.netloc.lower() in GOOGLE_REDIRECTS and parts.path == "/url" else ""
    return target or href


def links_in(text: str, links: Iterable[Link]) -> tuple[Link, ...]:
    """The links whose text appears in `text`, each once, in their order."""
    return tuple(dict.fromkeys(link for link in links if link[0] in text))


def with_links(blocks: Iterable[Block], links: Iterable[Link]) -> list[Block]:
    """The blocks, each carrying the document's links whose text it shows (the first target for a repeated text)."""
    targets: dict[str, str] = {}
    for text, href in links:
        targets.setdefault(text, href)
    if not targets:
        return list(blocks)
    found = list(targets.items())
    attached = []
    for block in blocks:
        shown = "\n".join([block.text, *block.items, *("\n".join(row) for row in block.rows)])
        attached.append(dataclasses.replace(block, links=tuple(dict.fromkeys([*block.links, *links_in(shown, found)]))))
    return attached
