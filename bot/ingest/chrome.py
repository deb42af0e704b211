"""What of an HTML page is not its content: site chrome (navigation, banners, sidebars, footers, forms), hidden
parts and permalink anchors."""

from __future__ import annotations

import re

from bs4 import NavigableString, PageElement, Tag

DROPPED = {*"nav aside script style noscript template form input select button option textarea svg iframe".split(),
           *"object embed canvas title meta link base".split()}
CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog"}  # dialogs: popups, modals
# or a word ending in one of CHROME_ENDINGS; popups, modals, tooltips and off-canvas menus are the page's widgets,
# hidden by its style
CHROME_WORDS = {"toc", "nav", "navigation", "related", "popup", "modal", "tooltip", "offcanvas"}
CHROME_ENDINGS = ("sidebar", "navbar", "menu", "footer", "breadcrumb", "breadcrumbs")
STATE_WORDS = {"has", "with", "without", "no", "is", "show", "hide", "toggle", "open", "collapsed"}
CHROME_TAGS = set("div section ul ol dl table tr td th p li".split())  # inline elements are never chrome
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
# In a part hidden from screen readers only (aria-hidden), these make it the page itself, saved while a dialog was
# open over it (a carousel's cloned slides, aria-hidden too, hold at most a slide's heading).
WHOLE_PAGE = ["main", "article", "h1"]
SCREEN_READER_ONLY = ({"sr", "only"}, {"visually", "hidden"}, {"screen", "reader", "text"}, {"offscreen"})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none\s*;?", re.IGNORECASE)
PERMALINK_CLASSES = {"headerlink", "anchor", "anchor-link", "anchorjs-link", "hash-link", "permalink"}


def dropped(tag: Tag, sectioned: bool) -> bool:
    """Site chrome, hidden parts, form controls and permalink anchors."""
    name, attrs = tag.name, tag.attrs
    page_form = name == "form" and _wraps_page(tag)  # ASP.NET and SharePoint: its controls go one by one
    if (name in DROPPED and not page_form) or name == "footer" or (name == "header" and not sectioned):
        return True  # a <header> inside an article or section holds its title, not the site's banner
    if not attrs:
        return False
    if attrs.get("role") in CHROME_ROLES or (hidden(tag) and not _page_under_dialog(tag)):
        return True
    classes = list(tag.get_attribute_list("class"))
    if any(_screen_reader_only(name) for name in classes):
        return True
    names = [*classes] if not attrs.get("id") or _titled_id(tag) else [*classes, str(attrs["id"])]
    if name in CHROME_TAGS and any(_chrome(word) for word in names):
        return True
    return name == "a" and (bool(PERMALINK_CLASSES.intersection(classes)) or _symbol_only(tag))


def hidden(tag: Tag) -> bool:
    """Whether the tag's own attributes hide it: `hidden`, `aria-hidden="true"`, `display: none`."""
    return "hidden" in tag.attrs or aria_hidden(tag) or bool(HIDDEN_STYLE.search(str(tag.get("style", ""))))


def aria_hidden(tag: Tag) -> bool:
    return str(tag.get("aria-hidden", "")).lower() == "true"


def _page_under_dialog(tag: Tag) -> bool:
    """Whether a part hidden from screen readers only is the page itself, as a dialog open over it when it was saved
    leaves it: it holds a main part, an article or the h1."""
    return (aria_hidden(tag) and "hidden" not in tag.attrs and not HIDDEN_STYLE.search(str(tag.get("style", "")))
            and tag.find(WHOLE_PAGE) is not None)


def _wraps_page(form: Tag) -> bool:
    """Whether a form holds the page (as ASP.NET and SharePoint write every page): a main part, an article, the
    page's h1 or several headings; not a sign-up or log-in form under a heading of its own."""
    return form.find(WHOLE_PAGE) is not None or len(form.find_all(HEADINGS, limit=2)) >= 2


def _screen_reader_only(class_name: str) -> bool:
    """A class that shows its text to screen readers only ("sr-only", "visually-hidden", WordPress's
    "screen-reader-text"): "(opens in a new tab)", "Skip to content", "Show this section" are not the page's words."""
    words = set(_words(class_name))
    return "not" not in words and any(needed <= words for needed in SCREEN_READER_ONLY)  # Tailwind's "not-sr-only"


def _titled_id(tag: Tag) -> bool:
    """Whether the tag's id is made from its own heading, as documentation tools name sections
    (`<section id="related-projects"><h2>2. Related projects</h2>`, a label's empty anchor before it): it names
    content, not the page's chrome."""
    words = _words(str(tag.get("id") or ""))
    for child in tag.children:
        if not isinstance(child, Tag):
            continue
        if child.name in HEADINGS:
            title = _words(child.get_text())
            return bool(words) and (title == words or title[1:] == words and title[0].isdigit())
        if child.get_text(strip=True):
            return False  # text before any heading
    return False


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _chrome(class_name: str) -> bool:
    """A class or id naming navigation, a sidebar, a menu or a footer (not a state like `has-sidebar`)."""
    words = _words(class_name)
    if not words or words[0] in STATE_WORDS:
        return False
    return any(word in CHROME_WORDS or word.endswith(CHROME_ENDINGS) for word in words)


def _symbol_only(link: Tag) -> bool:
    """A link whose only text is a mark like ¶, #, § or 🔗 (looked at briefly: permalinks are tiny)."""
    text, stack, budget = "", list[PageElement]([link]), 12
    while stack and budget:
        node, budget = stack.pop(), budget - 1
        if isinstance(node, Tag):
            stack.extend(reversed(node.contents[:12]))
        elif type(node) is NavigableString:
            text += node.strip()
            if len(text) > 3 or any(ch.isalnum() for ch in text):
                return False
    return bool(text)
