"""reStructuredText into blocks: docutils parses it and writes HTML, which the HTML reader reads.

Sphinx's own markup, which docutils alone does not know, is read for the text it shows: a role
(":ref:`the headers <custom-headers>`", ":func:`~requests.get`") as its title; an admonition or
version note ("versionadded", "seealso") as its text; "code-block" as code; the directives that
instruct the documentation tool (toctree, index, autodoc) show nothing. No file is ever included
and no raw HTML passed through.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .blocks import Block, UnreadableFile
from .markdown import CODE_DIRECTIVES, PROSE_DIRECTIVES
from .text import decode_text, title_from_name

SETTINGS = {
    "report_level": 5,  # no "System Message" text in the output; a markup error keeps what it can
    "halt_level": 5,  # and never stops the reading
    "file_insertion_enabled": False,  # ".. include:: /etc/passwd" reads nothing
    "raw_enabled": False,  # ".. raw:: html" passes nothing through
    "syntax_highlight": "none",  # code stays plain text, without Pygments
    "embed_stylesheet": False,
    "stylesheet_path": "",
    "output_encoding": "unicode",
    "warning_stream": False,  # docutils would write its warnings to standard error
}
# A role the parser does not know, as the source wrote it: ":role:`text`" or "`text`:role:".
UNKNOWN_ROLE = re.compile(r"^(?::[\w.:+-]+:`(?P<before>.*)`|`(?P<after>.*)`:[\w.:+-]+:)$", re.DOTALL)
TARGET = re.compile(r"^(?P<title>.*?)\s*<[^<>]*>$", re.DOTALL)  # "the headers <custom-headers>"


def read_restructured(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of a reStructuredText file."""
    from docutils import nodes
    from docutils.core import publish_doctree, publish_from_doctree

    from .html import read_html

    _know_sphinx_directives()
    doctree = publish_doctree(decode_text(data), source_path=str(path), settings_overrides=SETTINGS)
    for problem in list(doctree.findall(nodes.problematic)):
        problem.parent.replace(problem, nodes.Text(role_text(problem.astext())))
    for message in list(doctree.findall(nodes.system_message)):
        message.parent.remove(message)
    _inline_asides(doctree)
    for element in doctree.findall(nodes.Element):
        element["ids"] = []  # link targets only; a label such as ".. _toc:" would read as the page's chrome
    html = publish_from_doctree(doctree, writer="html5", settings_overrides=SETTINGS)
    try:
        _, blocks = read_html(path, html.encode("utf-8"))
    except UnreadableFile:
        raise UnreadableFile("the reStructuredText file holds no text") from None
    return str(doctree.get("title") or title_from_name(path)), blocks


def role_text(source: str) -> str:
    """The text a role shows: its title without the link target, a dotted name's last part after "~"."""
    match = UNKNOWN_ROLE.match(source)
    if not match:
        return source  # an undefined substitution or reference: left as written
    text = match.group("before") if match.group("before") is not None else match.group("after")
    if target := TARGET.match(text):
        return target.group("title")
    text = text.lstrip("!")
    return text[1:].rsplit(".", 1)[-1] if text.startswith("~") else text


def _inline_asides(doctree) -> None:
    """Admonitions, sidebars, topics and footnotes made plain containers of their text: docutils writes them as
    <aside>, which the HTML reader drops as a page's margin. Innermost first, so nested ones are kept too. The table
    of contents (".. contents::") goes."""
    from docutils import nodes

    asides = (nodes.Admonition, nodes.sidebar, nodes.topic, nodes.footnote, nodes.citation)
    for contents in list(doctree.findall(nodes.topic)):
        if "contents" in contents["classes"]:
            contents.parent.remove(contents)  # a table of contents is not a passage
    for aside in reversed(list(doctree.findall(lambda node: isinstance(node, asides)))):
        shown = nodes.container()
        for child in list(aside.children):
            if isinstance(child, nodes.title):
                shown += nodes.paragraph("", "", *child.children)
            elif not isinstance(child, nodes.label):  # a footnote's number: its mark in the text stays
                shown += child
        aside.replace_self(shown)


def _know_sphinx_directives() -> None:
    """Teach docutils the Sphinx directives that show text: prose ones read as a container of their text (their
    argument first), code ones as docutils' code block; any option is accepted and ignored."""
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives
    from docutils.parsers.rst.directives.body import CodeBlock
    from docutils.parsers.rst.languages import en

    any_option: defaultdict[str, Callable[[str], Any]] = defaultdict(lambda: directives.unchanged)

    class Prose(Directive):
        optional_arguments = 1
        final_argument_whitespace = True
        has_content = True
        option_spec = any_option

        def run(self) -> list:
            shown = nodes.container()
            if self.arguments:
                shown += nodes.paragraph("", "", *self.state.inline_text(self.arguments[0], self.lineno)[0])
            self.state.nested_parse(self.content, self.content_offset, shown)
            return [shown]

    class Code(CodeBlock):
        option_spec = defaultdict(lambda: directives.unchanged, CodeBlock.option_spec)

    for name in PROSE_DIRECTIVES - en.directives.keys():
        directives.register_directive(name, Prose)
    for name in CODE_DIRECTIVES:
        directives.register_directive(name, Code)
