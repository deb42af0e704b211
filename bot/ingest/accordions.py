"""FAQ widgets made plain before an HTML page is read: an accordion's toggles and the answers they open, what a
<details> holds, tab panels under their tab's name, and a bold question that opens its answer's paragraph.

An accordion (WAI-ARIA's disclosure pattern, Bootstrap's collapse) shows a question as a button that opens the
answer's panel, which the saved page holds hidden. A hidden part is otherwise not content (a template, a closed
modal), and a button is a form control; a toggle and what it opens are the page's FAQ. A toggle whose panel holds
no answer (a menu, a language picker, a search box) is left a control.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag

from .blocks import asks
from .chrome import HEADINGS, HIDDEN_STYLE, aria_hidden, dropped, hidden

TARGET_ATTRIBUTES = ("aria-controls", "data-bs-target", "data-target")  # the panel a toggle opens, by id
WIDGET_ROLES = {"menu", "menubar", "navigation", "dialog", "alertdialog", "listbox", "tree", "grid", "tooltip"}
CONTROLS = {"form", "input", "select", "option", "textarea", "button", "nav", "script", "style", "template"}
FIELDS = ["form", "input", "select", "textarea"]
FENCES = CONTROLS | {"a"}  # text inside these is no answer: a form's, a menu's, a link's
BLOCKS = {"p", "div", "ul", "ol", "dl", "table", "pre", "blockquote", "section", "article", *HEADINGS}
MAX_TITLE_CHARS = 300  # a toggle's text longer than this is no title
NEXT_LEVELS = 3  # how far up from a toggle with no named panel its panel, the next element, is looked for


@dataclass
class Place:
    """Where an element lies: its place in document order and its last descendant's, the heading holding it, whether
    a paragraph holds it, and whether it holds text of its own (not a link's or a control's)."""

    order: int
    end: int
    heading: Tag | None
    in_paragraph: bool
    free_text: bool = False  # it holds text outside the links and controls within it


def unfold(soup: BeautifulSoup) -> None:
    """Make a page's disclosures plain (see the module's docstring) before it is read."""
    places = _places(soup)
    _open_toggles(soup, places)
    for button in soup.find_all("button"):  # a heading's only text ("<h2><button>How do I pay?</button></h2>")
        heading = places[id(button)].heading
        if heading is not None and not _text_outside_buttons(heading):
            button.name = "span"
    for details in soup.find_all("details"):  # a disclosure by itself: what it holds besides its summary is the answer
        for part in details.find_all(True, recursive=False):
            if part.name != "summary" and part.get("role") not in WIDGET_ROLES:
                _shown(part)
    _title_tab_panels(soup)
    for paragraph in soup.find_all("p"):
        _part_bold_question(soup, paragraph)


def _open_toggles(soup: BeautifulSoup, places: dict[int, Place]) -> None:
    """Each toggle whose panels hold an answer (text besides links and controls) has them shown and, when it is a
    short title before them, reads as an entry's title (in a heading, as the heading's text)."""
    by_id = {str(tag["id"]): tag for tag in soup.find_all(id=True)}
    answers: dict[int, bool] = {}  # by panel, whether it holds an answer (many toggles may name one panel)
    for toggle in soup.find_all(_is_toggle):
        at = places[id(toggle)]
        panels = [panel for panel in _panels(by_id, toggle)
                  if not places[id(panel)].order < at.order <= places[id(panel)].end]  # not a panel holding its toggle
        for panel in panels:
            if id(panel) not in answers:
                answers[id(panel)] = _answers(panel, places)
        if not panels or not all(answers[id(panel)] for panel in panels):
            continue  # a menu's, a dialog's, a search box's or a language picker's button
        for panel in panels:
            _shown(panel)
        if at.heading is not None:
            toggle.name = "span" if toggle.name == "button" else toggle.name
        elif (toggle.name not in HEADINGS and not at.in_paragraph and _title_like(toggle)
              and all(places[id(panel)].order > at.order for panel in panels)
              and (toggle.name == "button" or not dropped(toggle, True))):
            toggle.name = "dt"  # a title over the answer after it ("Read more" after the text it opens is none)


def _places(soup: BeautifulSoup) -> dict[int, Place]:
    """Each element's Place, by id(), in one walk with an explicit stack (a page may nest thousands deep)."""
    places: dict[int, Place] = {}
    count = 0
    Around = tuple[Tag | None, bool]  # what holds an element: a heading, a paragraph?
    stack: list[tuple[Tag, Around | None]] = [(soup, (None, False))]
    while stack:
        node, around = stack.pop()
        if around is None:  # the element's descendants are all placed
            place = places[id(node)]
            place.end = count - 1
            place.free_text = any(isinstance(child, NavigableString) and child.strip() for child in node.contents) or any(
                isinstance(child, Tag) and child.name not in FENCES and places[id(child)].free_text for child in node.contents)
            continue
        heading, in_paragraph = around
        places[id(node)] = Place(count, count, heading, in_paragraph)
        count += 1
        inner = (node if node.name in HEADINGS else heading, in_paragraph or node.name == "p")
        stack.append((node, None))
        stack.extend((child, inner) for child in reversed(node.contents) if isinstance(child, Tag))
    return places


def _is_toggle(tag: Tag) -> bool:
    """A disclosure's button: it says whether its panel is open (aria-expanded, and no menu pops up from it), or
    Bootstrap's collapse opens it; not Bootstrap's dropdown, modal or offcanvas."""
    kinds = {str(tag.get(name)) for name in ("data-bs-toggle", "data-toggle") if tag.has_attr(name)}
    if kinds:
        return kinds == {"collapse"}
    return tag.has_attr("aria-expanded") and str(tag.get("aria-haspopup", "false")).lower() == "false"


def _panels(by_id: dict[str, Tag], toggle: Tag) -> list[Tag]:
    """The panels a toggle opens: those its attributes name by id; else the hidden part it holds; else, for a toggle
    that asks, the element after it (or after the heading or wrapper holding it)."""
    ids = [word.lstrip("#") for name in TARGET_ATTRIBUTES for word in str(toggle.get(name) or "").split()]
    href = str(toggle.get("href") or "")
    ids += [href[1:]] if href.startswith("#") and len(href) > 1 else []
    if named := [by_id[name] for name in ids if name in by_id]:
        return named
    if isinstance(inner := toggle.find(hidden), Tag):  # a container saying whether the answer it holds is open
        return [inner]
    if not asks(_text(toggle)):
        return []
    holder: Tag | None = toggle
    for _ in range(NEXT_LEVELS):
        if holder is None:
            break
        if isinstance(following := holder.find_next_sibling(), Tag):
            return [following]
        holder = holder.parent
    return []


def _answers(panel: Tag, places: dict[int, Place]) -> bool:
    """Whether a panel holds an answer: text outside the links and controls it holds, and it is no menu, dialog or
    search box (nothing to fill in)."""
    return (panel.get("role") not in WIDGET_ROLES and panel.name not in CONTROLS and places[id(panel)].free_text
            and panel.find(FIELDS) is None)


def _title_like(toggle: Tag) -> bool:
    """Whether a toggle's own content is a title: a short text, no paragraphs or lists of its own."""
    return toggle.find(BLOCKS) is None and 0 < len(_text(toggle)) <= MAX_TITLE_CHARS


def _text_outside_buttons(heading: Tag) -> str:
    return "".join(text for text in heading.find_all(string=True) if text.find_parent("button") is None).strip()


def _title_tab_panels(soup: BeautifulSoup) -> None:
    """Each tab panel shown, under the name of its tab when that tab is not read as text itself: a button (named by
    the panel's or its own id), or an item of a tab list whose tabs name no panel, paired with the panels after the
    list in order (Docusaurus: the list then goes, its names now over their panels)."""
    names: dict[str, str] = {}  # a tab's name by the id of its panel or its own id
    for tab in soup.find_all("button", role="tab"):
        for name in [*str(tab.get("aria-controls") or "").split(), *str(tab.get("id") or "").split()]:
            names.setdefault(name, _text(tab))
    titles: dict[int, str] = {}
    for tablist in soup.find_all(role="tablist"):
        tabs = tablist.find_all(role="tab")
        if tabs and not any(tab.name == "button" or tab.get("aria-controls") for tab in tabs):
            panels = tablist.find_all_next(role="tabpanel", limit=len(tabs))
            if len(panels) == len(tabs):
                titles.update((id(panel), _text(tab)) for tab, panel in zip(tabs, panels))
                tablist.decompose()
    for panel in soup.find_all(role="tabpanel"):
        _shown(panel)
        label = titles.get(id(panel)) or names.get(str(panel.get("id") or "").strip(), "") or " ".join(
            names.get(name, "") for name in str(panel.get("aria-labelledby") or "").split()).strip()
        if label:
            title, strong = soup.new_tag("p"), soup.new_tag("strong")
            strong.string = label
            title.append(strong)
            panel.insert(0, title)


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _shown(panel: Tag) -> None:
    """The panel no longer hidden by its own attributes (what it holds keeps theirs: a dialog, a template)."""
    panel.attrs.pop("hidden", None)
    if aria_hidden(panel):
        del panel["aria-hidden"]
    if "style" in panel.attrs:
        panel["style"] = HIDDEN_STYLE.sub("", str(panel["style"]))


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
