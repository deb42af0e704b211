"""MkDocs' block markup (Python-Markdown's admonitions, pymdownx's details and tabs) written as the MyST directives
the Markdown reader knows, before CommonMark reads the text.

    ??? question "How do I install it?"        ```{dropdown} How do I install it?
        Run `pip install thing`.          ->   Run `pip install thing`.
                                               ```
CommonMark alone would read the marker line as a paragraph and the indented answer as code, which is never matched
as prose. `!!! note "Title"` becomes a note, `=== "Linux"` a tab; fenced code is left as it is.
"""

from __future__ import annotations

import re

# "!!! note", "??? question "Title"", "???+ faq": a kind is needed; "=== "Linux"": a label is (a bare "===" underlines
# a heading).
OPENING = re.compile(r'^(?P<indent> *)(?:(?P<marker>!!!|\?\?\?\+?) +(?P<kind>[\w-]+)(?: +[\w-]+)*(?: +"(?P<title>[^"]*)")?'
                     r'|(?P<tab>===\+?) +"(?P<label>[^"]*)") *$')
FENCE = re.compile(r"^ *(`{3,}|~{3,})")
MAX_OPENING_CHARS = 300  # an opening is a marker, a kind and a short title
MAX_DEPTH = 8  # blocks nested deeper are left as written


def as_directives(text: str, depth: int = 0) -> str:
    """The text with each MkDocs block written as a fenced MyST directive whose body is the block's own lines,
    dedented (and converted in turn); the rest unchanged."""
    if depth >= MAX_DEPTH or not any(_opening(line) for line in text.split("\n")):
        return text
    lines, out, n = text.split("\n"), [], 0
    fence = ""
    while n < len(lines):
        line = lines[n]
        opening = None if fence else _opening(line)
        if opening is None:  # text as it is; fenced code copied up to its closing fence
            if fence and line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            elif not fence and (match := FENCE.match(line)):
                fence = match.group(1)
            out.append(line)
            n += 1
            continue
        indent = len(opening.group("indent"))
        body, n = _indented_body(lines, n + 1, indent + 4)
        if opening.group("tab"):
            name, title = "tab-item", opening.group("label")
        else:  # an admonition is a note (or its own kind), a collapsible one a dropdown; a title only if it has one
            name = "dropdown" if opening.group("marker").startswith("?") else opening.group("kind").lower()
            title = opening.group("title") or ""
        inner = as_directives("\n".join(body), depth + 1)
        ticks = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", inner)), default=0))
        prefix = " " * indent
        out += [f"{prefix}{ticks}{{{name}}} {title}".rstrip(), *(prefix + part if part else "" for part in inner.split("\n")),
                f"{prefix}{ticks}"]
    return "\n".join(out)


def _opening(line: str) -> re.Match[str] | None:
    """The line's match as a block's opening; a line longer than any opening is none (and is never searched)."""
    return OPENING.match(line) if len(line) <= MAX_OPENING_CHARS else None


def _indented_body(lines: list[str], start: int, indent: int) -> tuple[list[str], int]:
    """The lines from `start` indented at least `indent` spaces (blank lines between them too), dedented, and the
    number of the first line after them."""
    body, n = [], start
    while n < len(lines) and (not lines[n].strip() or len(lines[n]) - len(lines[n].lstrip(" ")) >= indent):
        body.append(lines[n][indent:] if lines[n].strip() else "")
        n += 1
    while body and not body[-1]:
        body.pop()
        n -= 1
    return body, n
