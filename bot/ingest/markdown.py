"""Markdown into blocks with a CommonMark parser (markdown-it-py): headings, raw HTML, lists, tables, code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from . import directives
from .blocks import SUB_ITEM, Block, Link, UnreadableFile, joined_item, labelled_entries
from .links import safe_link, with_links
from .mkdocs import as_directives
from .text import decode_text, title_from_name

MAX_BOLD_TITLE = 300
MAX_DIRECTIVE_DEPTH = 8  # directives nested deeper are read as code, not parsed again


def _inline_text(token) -> str:
    """The visible text of an inline token: markup dropped, code and link text kept, breaks as spaces."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)  # its alt text; no image is ever loaded
    return " ".join("".join(parts).split())


def _links(token) -> Iterator[Link]:
    """The links an inline token makes, as (text, target), safe targets only."""
    href: str | None = None
    text: list[str] = []
    for child in token.children or []:
        if child.type == "link_open":
            href, text = str(child.attrs.get("href", "")), []
        elif child.type == "link_close" and href is not None:
            link = safe_link("".join(text), href)
            if link:
                yield link
            href = None
        elif href is not None and child.type in ("text", "code_inline"):
            text.append(child.content)


def _only_in_page_links(token) -> bool:
    """Whether an inline token's text is all link text pointing within the page (a table of contents line)."""
    inside = False
    linked = False
    for child in token.children or []:
        if child.type == "link_open":
            inside = str(child.attrs.get("href", "")).startswith("#")
            linked = linked or inside
        elif child.type == "link_close":
            inside = False
        elif child.type in ("text", "code_inline") and child.content.strip() and not inside:
            return False
    return linked


def _bold_only(token) -> bool:
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    return len(children) >= 3 and children[0].type == "strong_open" and children[-1].type == "strong_close"


def _html_blocks(html: str) -> list[Block]:
    from .html import read_html

    try:
        return read_html(Path("fragment.html"), html.encode("utf-8"))[1]
    except UnreadableFile:
        return []


def _restructured_blocks(text: str) -> list[Block]:
    from .restructured import read_restructured

    try:
        return read_restructured(Path("fragment.rst"), text.encode("utf-8"))[1]
    except UnreadableFile:
        return []


def _directive(info: str, content: str, depth: int) -> list[Block] | None:
    """The blocks a fenced MyST directive shows (see directives.py: "{dropdown} Title" its title over its Markdown,
    "{code-block} python" its code, "{toctree}" nothing), its ":option:" lines dropped; None for a fence that is no
    directive."""
    name, _, argument = info.strip().partition(" ")
    if not (name.startswith("{") and name.endswith("}")):
        return None
    name = name[1:-1].lower()
    lines = content.split("\n")
    while lines and lines[0].startswith(":") and lines[0].count(":") >= 2:
        lines.pop(0)
    body = "\n".join(lines).strip("\n")
    if directives.silent(name):
        return []
    if name in directives.CODE or depth >= MAX_DIRECTIVE_DEPTH:
        return [Block("code", body)] if body.strip() else []
    if name == "eval-rst":  # reStructuredText inside Markdown
        return _restructured_blocks(body)
    if name in directives.VERSION_LABELS:  # "Added in version 2.1", then what changed
        title = [Block("paragraph", f"{directives.VERSION_LABELS[name]} {argument.strip()}".strip())]
    elif shown := directives.shown_argument(name, argument):  # a title over its text (a dropdown's), as <summary> is
        title = [Block("question" if body.strip() else "paragraph", shown)]
    else:
        title = []
    return title + (_blocks(body, depth + 1)[0] if body.strip() else [])


def read_markdown(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of a Markdown file."""
    blocks, links = _blocks(as_directives(decode_text(data)))
    if not blocks:
        raise UnreadableFile("the Markdown file holds no text")
    first_heading = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
    return (first_heading.text if first_heading else title_from_name(path)), with_links(labelled_entries(blocks), links)


def _blocks(markdown: str, depth: int = 0) -> tuple[list[Block], list[Link]]:
    """The blocks of a Markdown text and the links it makes; `depth`: how deep in MyST directives it lies."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    blocks: list[Block] = []
    links: list[Link] = []
    items: list[str] = []  # the items of the list being read (nested lists join their item)
    rows: list[list[str]] = []
    list_depth = 0
    heading_level = 0
    for number, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            if list_depth == 0:
                items = [joined_item(item) if SUB_ITEM in item else item for item in items]
                if any(items):
                    blocks.append(Block("list", items=tuple(item for item in items if item)))
                items = []
        elif token.type == "list_item_open" and list_depth == 1:
            items.append("")
        elif token.type == "list_item_open" and list_depth > 1 and items:
            items[-1] += SUB_ITEM  # a nested list's item, written out by joined_item
        elif token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "tr_open":
            rows.append([])
        elif token.type == "table_close":
            blocks.append(Block("table", rows=tuple(tuple(row) for row in rows if any(row))))
            rows = []
        elif token.type == "inline":
            text = _inline_text(token)
            links += _links(token)
            opener = tokens[number - 1].type
            if opener in ("th_open", "td_open"):
                rows[-1].append(text)
            elif not text:
                continue
            elif _only_in_page_links(token):
                continue  # a table of contents is not a passage
            elif list_depth:
                items[-1] = f"{items[-1]} {text}".strip()
            elif opener == "heading_open":
                blocks.append(Block("heading", text, level=heading_level))
            elif _bold_only(token) and len(text) <= MAX_BOLD_TITLE:
                blocks.append(Block("question", text))  # a bold line over text is an entry's title, asked or not
            else:
                blocks.append(Block("paragraph", text))
        elif token.type == "fence" and (shown := _directive(token.info, token.content, depth)) is not None:
            if list_depth:
                items[-1] = "\n".join([items[-1], *(b.text for b in shown if b.text)]).strip()
            else:
                blocks += shown
        elif token.type in ("fence", "code_block") and token.content.strip():
            code = Block("code", token.content.strip("\n"))
            if list_depth:
                items[-1] = f"{items[-1]}\n{code.text}".strip()
            else:
                blocks.append(code)
        elif token.type == "html_block":
            blocks += _html_blocks(token.content)
    return blocks, links
