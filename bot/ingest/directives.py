"""Directives of Sphinx and its extensions (MyST's fenced "{name}" blocks, reStructuredText's ".. name::"), by what
they show a reader.

Code directives show their code; those that instruct the documentation tool, and pictures, show nothing; a version
note shows its label. Any other directive (an admonition, a dropdown, a tab, a card, an extension's or a project's
own "faq") shows its argument as the title of its text: a directive not listed here more likely holds the
document's words than an instruction to the tool.
"""

from __future__ import annotations

import re

CODE = frozenset("code-block code sourcecode code-cell code-tab doctest testcode testoutput ipython jupyter-execute "
                 "plot math".split())
SILENT = frozenset("toctree contents index include literalinclude image raw highlight highlightlang tabularcolumns "
                   "sectionauthor codeauthor moduleauthor currentmodule module program default-domain default-role "
                   "role graphviz digraph graph inheritance-diagram mermaid plantuml uml testsetup testcleanup "
                   "bibliography todolist program-output command-output".split())  # and autodoc's "auto..." family
# Shown, and known to Sphinx or its common extensions: registered for reStructuredText before any document is read.
SHOWN = frozenset("note warning tip important caution attention danger error hint seealso admonition topic sidebar "
                  "dropdown versionadded versionchanged versionremoved deprecated glossary hlist tabs tab group-tab "
                  "tab-set tab-item card grid grid-item grid-item-card centered only ifconfig function class method "
                  "attribute data exception decorator describe object option envvar confval".split())
OBJECTS = frozenset("function class method attribute data exception decorator".split())  # also as "py:function"
VERSION_LABELS = {"versionadded": "Added in version", "versionchanged": "Changed in version",
                  "deprecated": "Deprecated since version", "versionremoved": "Removed in version"}
UNSHOWN_ARGUMENT = frozenset("figure only ifconfig".split())  # a picture's path (its text is the caption), a condition
GRID = re.compile(r"\d+(?: \d+)+")  # numbers in a row
PATH_OR_URL = re.compile(r"\S*://\S*|\S+\.(?:png|jpe?g|gif|svg|webp|pdf)", re.IGNORECASE)  # an address, a picture


def bare(name: str) -> str:
    """A directive's name without its domain: "py:module" as "module"."""
    return name.lower().rpartition(":")[2]


def silent(name: str) -> bool:
    """Whether a directive shows nothing of the document's text: an instruction, a picture, or autodoc's and its
    kin's ("automodule", "autosummary", "automodapi"), which only name code to document."""
    return bare(name) in SILENT or bare(name).startswith("auto")


def shown_argument(name: str, argument: str) -> str:
    """The directive's argument as the text it shows; empty for a condition, a picture's path, a link's address
    ("{button-link} https://...") or a row of numbers (a grid's "1 2 2 3" columns; a tab's "2023" stays)."""
    argument = " ".join(argument.split())
    if bare(name) in UNSHOWN_ARGUMENT or GRID.fullmatch(argument) or PATH_OR_URL.fullmatch(argument):
        return ""
    return argument
