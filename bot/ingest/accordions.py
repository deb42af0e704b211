"""FAQ widgets made plain before an HTML page is read: an accordion's toggles and the answers they open, and a bold
question that opens its answer's paragraph.

An accordion (WAI-ARIA's disclosure pattern, Bootstrap's collapse) shows a question as a button that opens the
answer's panel, which the saved page holds hidden. A hidden part is otherwise not content (a template, a closed
modal), and a button is a form control; a toggle and what it opens are the page's FAQ.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from .blocks import asks

HEADINGS = {f"h{n}" for n in range(1, 7)}
TARGET_ATTRIBUTES = ("aria-controls", "data-bs-target", "data-target")  # the panel a toggle opens, by id
WIDGET_ROLES = {"menu", "menubar", "navigation", "dialog", "alertdialog", "listbox", "tree", "grid", "tooltip"}
HIDDEN_STYLE = re.compile(r"display\s*:\s*none\s*;?", re.IGNORECASE)


def unfold(soup: BeautifulSoup) -> None:
    """Each accordion toggle read as its entry's title (inside a heading, as the heading's text; a menu's or a
    dialog's button stays a control), the panel it opens and every tab panel shown under its tab's name; a paragraph
    opening with a bold question and a line break parted into the question and its answer."""
    by_id = {str(tag["id"]): tag for tag in soup.find_all(id=True)}
    for toggle in soup.find_all(_is_toggle):
        panels = _panels(by_id, toggle)
        if str(toggle.get("aria-haspopup", "false")).lower() != "false" or any(
                panel.get("role") in WIDGET_ROLES or panel.name == "nav" or _only_links(panel) for panel in panels):
            continue  # a menu's or a dialog's button
        for panel in panels:
            _shown(panel)
        if toggle.find_parent(HEADINGS):
            toggle.name = "span" if toggle.name == "button" else toggle.name
        else:
            toggle.name = "dt"
    for button in soup.find_all("button"):
        if button.find_parent(HEADINGS):
            button.name = "span"  # a heading's text, whatever the button does
    labels = {name: _text(tab) for tab in soup.find_all(role="tab") for name in str(tab.get("aria-controls") or "").split()}
    for panel in soup.find_all(role="tabpanel"):
        _shown(panel)
        label = labels.get(str(panel.get("id") or "")) or " ".join(
            _text(by_id[name]) for name in str(panel.get("aria-labelledby") or "").split() if name in by_id)
        if label:  # the tab's name, which stays a control, titles its panel's text
            title, strong = soup.new_tag("p"), soup.new_tag("strong")
            strong.string = label
            title.append(strong)
            panel.insert(0, title)
    for paragraph in soup.find_all("p"):
        _part_bold_question(soup, paragraph)


def _is_toggle(tag: Tag) -> bool:
    """A disclosure's button: it says whether its panel is open (aria-expanded), or Bootstrap's collapse opens it."""
    return tag.has_attr("aria-expanded") or any(tag.get(name) == "collapse" for name in ("data-bs-toggle", "data-toggle"))


def _panels(by_id: dict[str, Tag], toggle: Tag) -> list[Tag]:
    """The panels a toggle opens: those its attributes name by id, else the element right after it (or after the
    heading holding it)."""
    ids = [word.lstrip("#") for name in TARGET_ATTRIBUTES for word in str(toggle.get(name) or "").split()]
    href = str(toggle.get("href") or "")
    ids += [href[1:]] if href.startswith("#") and len(href) > 1 else []
    panels = [by_id[name] for name in ids if name in by_id]
    if panels:
        return panels
    holder = toggle.find_parent(HEADINGS) or toggle
    following = holder.find_next_sibling()
    return [following] if isinstance(following, Tag) else []


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _only_links(panel: Tag) -> bool:
    """Whether all the panel's text is its links' (a menu)."""
    text = "".join(panel.get_text().split())
    return bool(text) and text == "".join("".join(link.get_text().split()) for link in panel.find_all("a"))


def _shown(panel: Tag) -> None:
    """The panel and what it holds no longer hidden by their attributes."""
    for part in [panel, *panel.find_all(True)]:
        part.attrs.pop("hidden", None)
        if str(part.get("aria-hidden", "")).lower() == "true":
            del part["aria-hidden"]
        if "style" in part.attrs:
            part["style"] = HIDDEN_STYLE.sub("", str(part["style"]))


def _part_bold_question(soup: BeautifulSoup, paragraph: Tag) -> None:
    """`<p><strong>Can I pay later?</strong><br>Yes, ...</p>` as a bold question line over the paragraph of its
    answer, as people write an FAQ in a page editor."""
    children = [child for child in paragraph.contents if not (isinstance(child, NavigableString) and not child.strip())]
    if (len(children) < 3 or not isinstance(children[0], Tag) or children[0].name not in ("b", "strong")
            or not isinstance(children[1], Tag) or children[1].name != "br" or not asks(children[0].get_text())):
        return
    question = soup.new_tag("p")
    paragraph.insert_before(question)
    question.append(children[0].extract())
    children[1].extract()
