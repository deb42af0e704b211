"""reStructuredText into blocks: docutils parses it and writes HTML, which the HTML reader reads.

Sphinx's own markup, which docutils alone does not know, is read for the text it shows: a role
(":ref:`the headers <custom-headers>`", ":func:`~requests.get`") as its title; a version note, a tab,
a card, a dropdown, an object's description ("versionadded", "tab", "py:function") or any other directive
docutils does not know as its text; "code-block" with any options as code; directives that instruct the
documentation tool (toctree, index, autodoc) show nothing. No file is ever read (no include, no embedded
image), no raw HTML passes through, no configuration file is consulted, and a document cannot change how
another is read (its own roles and default role are not registered).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.parsers.rst.directives.body import CodeBlock
from docutils.parsers.rst.languages import en

from . import directives as kinds
from .blocks import Block, UnreadableFile
from .text import decode_text, title_from_name

SETTINGS = {
    "_disable_config": True,  # no docutils.conf, ~/.docutils or DOCUTILSCONFIG changes the reading
    "report_level": 5,  # no "System Message" text in the output; a markup error keeps what it can
    "halt_level": 5,  # and never stops the reading
    "warning_stream": False,  # docutils would write its warnings to standard error
    "file_insertion_enabled": False,  # ".. include:: /etc/passwd" reads nothing
    "raw_enabled": False,  # ".. raw:: html" passes nothing through
    "image_loading": "link",  # an image is never read to embed it
    "doctitle_xform": False,  # as Sphinx reads: the first title stays a heading, a lone subsection too
    "docinfo_xform": False,
    "initial_header_level": 1,
    "math_output": "latex",  # formulas as written, not MathML
    "syntax_highlight": "none",  # code stays plain text, without Pygments
    "line_length_limit": 200_000,  # docutils' 10,000 would drop a whole document over one long line
    "embed_stylesheet": False,
    "stylesheet_path": "",
    "output_encoding": "unicode",
}
# A role the parser does not know, as the source wrote it: ":role:`text`" or "`text`:role:".
UNKNOWN_ROLE = re.compile(r"^(?::[\w.:+-]+:`(?P<before>.*)`|`(?P<after>.*)`:[\w.:+-]+:)$", re.DOTALL)
TARGET = re.compile(r"^(?P<title>.*?)\s*<[^<>]*>$", re.DOTALL)  # "the headers <custom-headers>"
# A directive's name wherever one may open (".. dropdown:: How do I ...?", also in a list item or a table's cell).
DIRECTIVE = re.compile(r"\.\.[ \t]+([\w.:+-]+)[ \t]*::")


class Shown(Directive):
    """A directive docutils does not know (Sphinx's and its extensions': an object's description, a tab, a dropdown, a
    version note) read for its text: its argument first, as the title of the body after it (a version note's as a
    sentence with its label), then its body; its options (":open:", ":sync: linux") are not text."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    # Every option accepted (and not shown); not empty, for docutils parses options only when a directive has some.
    option_spec: defaultdict[str, Callable[[str], Any]] = defaultdict(lambda: directives.unchanged,
                                                                      {"class": directives.unchanged})

    def run(self) -> list:
        shown = nodes.container()
        argument = self.arguments[0] if self.arguments else ""
        if self.name in kinds.VERSION_LABELS and argument:  # "Added in version 2.1: the --user flag ..."
            version, *text = argument.split(None, 1)
            argument = f"{kinds.VERSION_LABELS[self.name]} {version}" + (f": {text[0]}" if text else "")
            shown += nodes.paragraph("", "", *self.state.inline_text(argument, self.lineno)[0])
        elif argument := kinds.shown_argument(self.name, argument):
            inline = self.state.inline_text(argument, self.lineno)[0]
            if self.content:  # a title over its text, as <summary> is
                inline = [nodes.strong("", "", *inline)]
            shown += nodes.paragraph("", "", *inline)
        self.state.nested_parse(self.content, self.content_offset, shown)
        return [shown]


class Code(CodeBlock):
    """docutils' code block taking Sphinx's options too (linenos, emphasize-lines, caption: ignored); no line numbers."""

    option_spec = defaultdict(lambda: directives.unchanged, CodeBlock.option_spec)

    def run(self) -> list:
        self.options.pop("number-lines", None)
        return super().run()


class Ignored(Shown):
    """A directive that shows nothing: it instructs the documentation tool ("toctree", "automodule"), or would change
    how every later document is read (".. role::", ".. default-role::")."""

    def run(self) -> list:
        return []


for _name in kinds.CODE - {"math"}:  # docutils' own math writes the formula as written
    directives.register_directive(_name, Code)
for _name in (kinds.SHOWN | {f"py:{name}" for name in kinds.OBJECTS}) - en.directives.keys():
    directives.register_directive(_name, Shown)  # not docutils' own: its "note", "topic" and "class" stay
for _name in kinds.SILENT - en.directives.keys() | {"role", "default-role"}:
    directives.register_directive(_name, Ignored)
REGISTERED = set(en.directives) | kinds.CODE | kinds.SHOWN | kinds.SILENT | {f"py:{name}" for name in kinds.OBJECTS}


def _register_unknown(text: str) -> None:
    """The directives the text names that nothing registered yet (an extension's, a project's own), registered to
    show their text (or nothing, if they instruct the tool): a name reads the same whichever document names it
    first."""
    for name in {name.lower() for name in DIRECTIVE.findall(text)} - REGISTERED:
        directives.register_directive(name, Ignored if kinds.silent(name) else Shown)
        REGISTERED.add(name)


def read_restructured(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of a reStructuredText file."""
    from docutils.core import publish_doctree, publish_from_doctree

    from .html import read_html

    try:
        text = decode_text(data)
        _register_unknown(text)
        doctree = publish_doctree(text, source_path=str(path), settings_overrides=SETTINGS)
        _plain(doctree)
        html = publish_from_doctree(doctree, writer="html5", settings_overrides=SETTINGS)
    except RecursionError:
        raise UnreadableFile("nested too deeply to read") from None
    try:
        _, blocks = read_html(path, html.encode("utf-8"))
    except UnreadableFile:
        raise UnreadableFile("the reStructuredText file holds no text") from None
    first_heading = next((b.text for b in blocks if b.kind == "heading"), "")
    return first_heading or title_from_name(path), blocks


def _plain(doctree: nodes.document) -> None:
    """The doctree made plain for the HTML reader: unknown roles as their text, no system messages, no images, no
    file-wide metadata (a field list first), no table of contents, asides as containers, no ids or classes (docutils
    makes them from titles and authors' names; "toc" or "related" would read as the page's chrome)."""
    for problem in list(doctree.findall(nodes.problematic)):
        problem.parent.replace(problem, nodes.Text(role_text(problem.astext())))
    for dropped in [*doctree.findall(nodes.system_message), *doctree.findall(nodes.image)]:
        dropped.parent.remove(dropped)
    for classifier in list(doctree.findall(nodes.classifier)):  # "term : type" reads "term (type)"
        item = classifier.parent
        item.next_node(nodes.term).append(nodes.Text(f" ({classifier.astext()})"))
        item.remove(classifier)
    if doctree.children and isinstance(doctree[0], nodes.field_list):
        doctree.remove(doctree[0])  # ":orphan:", ":tocdepth: 2": metadata for Sphinx
    _inline_asides(doctree)
    for element in doctree.findall(nodes.Element):
        element["ids"], element["classes"] = [], []


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


def _inline_asides(doctree: nodes.document) -> None:
    """Admonitions, sidebars, topics and footnotes made plain containers of their text: docutils writes them as
    <aside>, which the HTML reader drops as a page's margin. Innermost first, so nested ones are kept too. The table
    of contents (".. contents::") goes."""
    for contents in list(doctree.findall(nodes.topic)):
        if "contents" in contents["classes"]:
            contents.parent.remove(contents)  # a table of contents is not a passage
    asides = (nodes.Admonition, nodes.sidebar, nodes.topic, nodes.footnote, nodes.citation)
    for aside in reversed(list(doctree.findall(lambda node: isinstance(node, asides)))):
        shown = nodes.container()
        for child in list(aside.children):
            if isinstance(child, (nodes.title, nodes.subtitle)):
                shown += nodes.paragraph("", "", *child.children)
            elif not isinstance(child, nodes.label):  # a footnote's number: its mark in the text stays
                shown += child
        aside.replace_self(shown)
