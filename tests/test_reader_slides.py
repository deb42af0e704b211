"""The PowerPoint (.pptx) reader: slide titles head their slides' text in reading order, bullets nest by level,
tables, grouped text boxes and speaker notes are read; the master's dates and numbers, hidden slides and broken
files are not."""

import io
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

from bot.ingest.blocks import UnreadableFile
from bot.ingest.slides import read_slides

from .test_quality import one_document_bot
from .zips import changed_zip

TITLE, TITLE_AND_CONTENT, SECTION_HEADER, TITLE_ONLY, BLANK = 0, 1, 2, 5, 6  # the default template's layouts


def travel_deck() -> bytes:
    """An FAQ deck as people make one: a title slide, a section header, question titles over bullets with notes, a
    table beside a text box, a grouped bold question over its answer, a footer and slide number, a hidden draft."""
    deck = Presentation()
    deck.core_properties.title = "Travel policy FAQ"
    opening = deck.slides.add_slide(deck.slide_layouts[TITLE])
    opening.shapes.title.text = "Travel policy"
    opening.placeholders[1].text = "Questions staff ask most"
    deck.slides.add_slide(deck.slide_layouts[SECTION_HEADER]).shapes.title.text = "Booking"
    flight = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    flight.shapes.title.text = "How do I book a flight?"
    body = flight.placeholders[1].text_frame
    body.text = "Use the travel portal"
    detail = body.add_paragraph()
    detail.text, detail.level = "economy class under six hours", 1
    body.add_paragraph().text = "Book two weeks ahead"
    flight.notes_slide.notes_text_frame.text = "Managers approve bookings over 800 euros."
    allowances = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    allowances.shapes.title.text = "Daily allowances"
    note = allowances.shapes.add_textbox(Inches(1), Inches(5), Inches(6), Inches(1)).text_frame  # below the table
    note.text = "Receipts are not needed for allowances."
    table = allowances.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for row, values in enumerate((("City", "Allowance"), ("Paris", "90 €"), ("Lyon", "70 €"))):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    train = deck.slides.add_slide(deck.slide_layouts[BLANK]).shapes.add_group_shape()
    question = train.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(1)).text_frame.paragraphs[0].add_run()
    question.text, question.font.bold = "Can I travel by train?", True
    train.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1)).text_frame.text = "Yes, under four hours."
    draft = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    draft.shapes.title.text = "Draft: upgrades"
    draft.placeholders[1].text = "Not decided yet."
    draft.element.set("show", "0")
    data = io.BytesIO()
    deck.save(data)
    return data.getvalue()


def test_slides_read_as_sections_in_reading_order_with_lists_tables_groups_and_notes():
    title, blocks = read_slides(Path("travel.pptx"), travel_deck())
    assert title == "Travel policy FAQ"
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("heading", 1, "Travel policy"), ("paragraph", 0, "Questions staff ask most"), ("heading", 1, "Booking"),
        ("heading", 2, "How do I book a flight?"),
        ("list", 0, ""),
        ("paragraph", 0, "Managers approve bookings over 800 euros."),
        ("heading", 2, "Daily allowances"), ("table", 0, ""), ("paragraph", 0, "Receipts are not needed for allowances."),
        ("question", 0, "Can I travel by train?"), ("paragraph", 0, "Yes, under four hours.")]
    assert blocks[4].items == ("Use the travel portal: economy class under six hours", "Book two weeks ahead")
    assert blocks[7].rows == (("City", "Allowance"), ("Paris", "90 €"), ("Lyon", "70 €"))


def placeholder(kind: str, text: str) -> bytes:
    """A placeholder shape as PowerPoint writes a slide's footer, date or number into the slide's XML."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="90" name="{kind}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>'
            f'<p:ph type="{kind}" sz="quarter" idx="1{len(kind)}"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>'
            f'<a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>').encode()


def test_the_masters_footer_date_and_slide_number_are_not_text():
    shapes = b"".join(placeholder(kind, text) for kind, text in (("dt", "12/03/2026"), ("ftr", "Internal"), ("sldNum", "3")))
    changed = changed_zip(travel_deck(), {"ppt/slides/slide3.xml": lambda part: part.replace(
        b"</p:spTree>", shapes + b"</p:spTree>")})
    _, blocks = read_slides(Path("travel.pptx"), changed)
    assert [b.text for b in blocks] == [b.text for b in read_slides(Path("travel.pptx"), travel_deck())[1]]


def test_questions_and_answers_on_one_slide_are_entries_not_list_items():
    """A slide of labelled lines, and one of bold questions over plain answers, in the body placeholder the master
    bullets: each question opens an entry."""
    deck = Presentation()
    for title, lines in (("Parking", [("Q: Where can I park?", False), ("A: Behind building B.", False)]),
                         ("Badges", [("Lost your badge?", True), ("Call security on 4444.", False),
                                     ("Visitors?", True), ("They sign in at the desk.", False)])):
        slide = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
        slide.shapes.title.text = title
        body = slide.placeholders[1].text_frame
        for number, (text, bold) in enumerate(lines):
            run = (body.paragraphs[0] if number == 0 else body.add_paragraph()).add_run()
            run.text, run.font.bold = text, bold
    data = io.BytesIO()
    deck.save(data)
    _, blocks = read_slides(Path("office.pptx"), data.getvalue())
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Parking"), ("question", "Where can I park?"), ("paragraph", "Behind building B."),
        ("heading", "Badges"), ("question", "Lost your badge?"), ("paragraph", "Call security on 4444."),
        ("question", "Visitors?"), ("paragraph", "They sign in at the desk.")]


def test_a_moved_group_reads_where_it_stands_and_links_keep_their_targets():
    """A group dragged down the slide keeps its shapes' offsets in its own coordinates: it is read at its place. A
    linked run keeps its address; a deck without a properties part has no title of python-pptx's making."""
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[BLANK])
    slide.shapes.add_textbox(Inches(1), Inches(3), Inches(6), Inches(1)).text_frame.text = "Second: the middle box"
    group = slide.shapes.add_group_shape()
    for top, text in ((0.5, "Third: group line A"), (1, "Fourth: group line B")):
        group.shapes.add_textbox(Inches(1), Inches(top), Inches(6), Inches(0.5)).text_frame.text = text
    group.top = Inches(5)
    first = slide.shapes.add_textbox(Inches(1), Inches(0.2), Inches(6), Inches(0.5)).text_frame.paragraphs[0]
    first.add_run().text = "First: the "
    link = first.add_run()
    link.text, link.hyperlink.address = "top box", "https://intranet.example/top"
    data = io.BytesIO()
    deck.save(data)
    stripped, out = zipfile.ZipFile(io.BytesIO(data.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in stripped.infolist():
            if item.filename != "docProps/core.xml":
                archive.writestr(item, stripped.read(item))
    title, blocks = read_slides(Path("moved.pptx"), out.getvalue())
    assert [b.text for b in blocks] == ["First: the top box", "Second: the middle box", "Third: group line A",
                                        "Fourth: group line B"]
    assert blocks[0].links == (("top box", "https://intranet.example/top"),)
    assert title == "Moved"


def test_an_agenda_slide_listing_the_decks_questions_is_not_text():
    """A contents slide repeats the titles of the slides after it (and the question lines they hold): a passage of
    every question, no answer. A slide whose bullets merely share a line with a title keeps it."""
    deck = Presentation(io.BytesIO(travel_deck()))
    agenda = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    agenda.shapes.title.text = "Agenda"
    agenda.placeholders[1].text = "How do I book a flight?\nDaily allowances\nCan I travel by train?\nBooking"
    recap = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    recap.shapes.title.text = "Recap"
    recap.placeholders[1].text = "Daily allowances\nBook through the portal\nKeep your receipts"
    data = io.BytesIO()
    deck.save(data)
    _, blocks = read_slides(Path("travel.pptx"), data.getvalue())
    agenda_at = next(n for n, b in enumerate(blocks) if b.text == "Agenda")
    assert blocks[agenda_at + 1].text == "Recap"  # the agenda's lines left out
    assert [b.items for b in blocks if b.kind == "list"][-1] == ("Daily allowances", "Book through the portal",
                                                                 "Keep your receipts")


DIAGRAM_FRAME = (b'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="40" name="Diagram 1"/><p:cNvGraphicFramePr/><p:nvPr/>'
                 b'</p:nvGraphicFramePr><p:xfrm><a:off x="914400" y="4572000"/><a:ext cx="5486400" cy="914400"/>'
                 b'</p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram">'
                 b'<dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" r:dm="rId90" '
                 b'r:lo="rId91" r:qs="rId92" r:cs="rId93"/></a:graphicData></a:graphic></p:graphicFrame>')


def diagram_data(points: list[tuple[str, str, int, str]]) -> bytes:
    """A SmartArt data part: a document point, then (id, parent id, place under the parent, text) points."""
    dgm, a = "http://schemas.openxmlformats.org/drawingml/2006/diagram", "http://schemas.openxmlformats.org/drawingml/2006/main"
    text = "".join(f'<dgm:pt modelId="{key}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:p><a:r><a:t>{words}</a:t></a:r>'
                   f'</a:p></dgm:t></dgm:pt><dgm:pt modelId="{key}t" type="parTrans"><dgm:prSet/></dgm:pt>'
                   for key, _, _, words in points)
    links = "".join(f'<dgm:cxn modelId="c{key}" srcId="{parent}" destId="{key}" srcOrd="{place}" destOrd="0"/>'
                    for key, parent, place, _ in points)
    return (f'<dgm:dataModel xmlns:dgm="{dgm}" xmlns:a="{a}"><dgm:ptLst><dgm:pt modelId="doc" type="doc"><dgm:prSet/>'
            f'</dgm:pt>{text}</dgm:ptLst><dgm:cxnLst>{links}</dgm:cxnLst></dgm:dataModel>').encode()


def with_diagram(data_part: bytes) -> bytes:
    """The travel deck with a SmartArt diagram on its "Daily allowances" slide, its data part `data_part`."""
    return changed_zip(travel_deck(), {
        "ppt/slides/slide4.xml": lambda part: part.replace(b"</p:spTree>", DIAGRAM_FRAME + b"</p:spTree>"),
        "ppt/slides/_rels/slide4.xml.rels": lambda part: part.replace(b"</Relationships>", b'<Relationship Id="rId90" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData" '
            b'Target="../diagrams/data1.xml"/></Relationships>'),
        "[Content_Types].xml": lambda part: part.replace(b"</Types>", b'<Override PartName="/ppt/diagrams/data1.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml"/></Types>'),
    }, added={"ppt/diagrams/data1.xml": data_part})


def test_a_smartart_diagrams_text_reads_as_a_list_nested_as_its_points():
    """PowerPoint keeps a SmartArt diagram's text in a data part of its own: a process's steps, a step's details. A
    broken one costs its own text only."""
    # The steps written in another order than they are placed: their place decides.
    points = [("s2", "doc", 1, "Sign the form"), ("s1", "doc", 0, "Fill in the form"), ("d1", "s1", 0, "Use block capitals")]
    _, blocks = read_slides(Path("travel.pptx"), with_diagram(diagram_data(points)))
    steps = next(b for b in blocks if b.kind == "list" and "Sign the form" in b.items)
    assert steps.items == ("Fill in the form: Use block capitals", "Sign the form")
    _, without = read_slides(Path("travel.pptx"), with_diagram(diagram_data(points)[:-20]))
    assert without == [b for b in blocks if b is not steps]


def test_slides_that_repeat_lines_or_a_few_titles_and_a_bold_bullet_stay_as_they_are():
    """Two help slides sharing their bold lines, a list of three platforms that have slides of their own, a section
    header over its topics, a bulleted list with one bold step: none is a contents slide or a list of questions."""
    deck = Presentation()
    for title, lines in (("Which platforms are supported?", ["Windows", "macOS", "Linux"]),
                         ("Windows", ["Run the installer."]), ("macOS", ["Open the disk image."]),
                         ("Linux", ["Use the package."]), ("Need help?", ["Helpdesk: extension 4444"]),
                         ("Still stuck?", ["Helpdesk: extension 4444"]),
                         ("Upgrading", ["Stop the service", "Run the installer", "Back up the database first"])):
        slide = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
        slide.shapes.title.text = title
        body = slide.placeholders[1].text_frame
        for number, line in enumerate(lines):
            run = (body.paragraphs[0] if number == 0 else body.add_paragraph()).add_run()
            run.text, run.font.bold = line, title in ("Need help?", "Still stuck?") or line.startswith("Back up")
    data = io.BytesIO()
    deck.save(data)
    _, blocks = read_slides(Path("help.pptx"), data.getvalue())
    lists = [b.items for b in blocks if b.kind == "list"]
    assert ("Windows", "macOS", "Linux") in lists
    assert ("Stop the service", "Run the installer", "Back up the database first") in lists
    assert sum(b.text == "Helpdesk: extension 4444" or "Helpdesk: extension 4444" in b.items for b in blocks) == 2


def test_a_deck_faq_answers_from_its_slides(tmp_path):
    bot, _ = one_document_bot(tmp_path, "travel.pptx", travel_deck())
    answer = bot.answer("How do I book a flight?")
    assert answer.found and answer.answer.startswith("- Use the travel portal: economy class")
    assert answer.sources[0].section.endswith("How do I book a flight?")


@pytest.mark.parametrize("data, reason", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "an old .ppt"),
    (b"not a deck at all", "not a zip file"),
    (b"PK\x03\x04\x14\x00\x00\x00", "not a PowerPoint deck"),
])
def test_a_file_that_is_no_deck_is_unreadable_with_a_reason(data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        read_slides(Path("deck.pptx"), data)


def test_a_zip_without_a_deck_or_a_deck_without_text_is_unreadable():
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(UnreadableFile, match="not a PowerPoint deck"):
        read_slides(Path("other.pptx"), other.getvalue())
    empty = Presentation()
    empty.slides.add_slide(empty.slide_layouts[BLANK])
    data = io.BytesIO()
    empty.save(data)
    with pytest.raises(UnreadableFile, match="holds no text"):
        read_slides(Path("empty.pptx"), data.getvalue())
