"""The OpenDocument text (.odt) reader: structure from the document's outline and styles; broken files refused."""

import io
import zipfile
from pathlib import Path

import pytest
from odfdo import TOC, Document, Header, LineBreak, List, Paragraph, Span, Style, Table

from bot.ingest.archive import MAX_INFLATED_BYTES
from bot.ingest.blocks import UnreadableFile
from bot.ingest.opendocument import read_odt

from .test_quality import one_document_bot
from .zips import changed_zip


def help_desk_faq() -> bytes:
    """A help-desk FAQ as people write it in LibreOffice: outline headings, a bold question line, a list, a table, a
    footnote, and the document's title in its properties."""
    document = Document("text")
    body = document.body
    document.insert_style(Style("text", name="Strong", bold=True), automatic=True)
    body.append(Header(1, "Connecting"))
    body.append(Header(2, "How do I connect from home?"))
    answer = Paragraph("Open the client and sign in with your badge number")
    answer.insert_note(note_id="n1", citation="1", body="Badges issued before 2020 need a PIN.")
    answer.append_plain_text(".")
    body.append(answer)
    body.append(List(["Choose the nearest office.", "Press Connect."]))
    question = Paragraph("")
    question.append(Span("Why is the connection slow?", style="Strong"))
    body.append(question)
    body.append(Paragraph("Traffic goes through the head office proxy."))
    table = Table("Servers", width=2, height=2)
    for cell, value in (("A1", "Office"), ("B1", "Server"), ("A2", "Paris"), ("B2", "vpn-fr")):
        table.set_value(cell, value)
    body.append(table)
    document.meta.title = "Help desk FAQ"
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def test_outline_headings_bold_questions_lists_tables_and_notes_come_from_the_document():
    title, blocks = read_odt(Path("faq.odt"), help_desk_faq())
    assert title == "Help desk FAQ"
    assert [(b.kind, b.level, b.text or b.items or b.rows) for b in blocks] == [
        ("heading", 1, "Connecting"), ("heading", 2, "How do I connect from home?"),
        ("paragraph", 0, "Open the client and sign in with your badge number (Badges issued before 2020 need a PIN.)."),
        ("list", 0, ("Choose the nearest office.", "Press Connect.")),
        ("question", 0, "Why is the connection slow?"), ("paragraph", 0, "Traffic goes through the head office proxy."),
        ("table", 0, (("Office", "Server"), ("Paris", "vpn-fr")))]


def test_an_odt_faq_answers_from_its_entries(tmp_path):
    bot, _ = one_document_bot(tmp_path, "faq.odt", help_desk_faq())
    answer = bot.answer("Why is the connection slow?")
    assert answer.found and answer.answer.startswith("Traffic goes through the head office proxy.")


def with_part(data: bytes, name: str, part: bytes) -> bytes:
    return changed_zip(data, {name: lambda _: part})


@pytest.mark.parametrize("change, reason", [
    (lambda data: b"", "not an OpenDocument file"),
    (lambda data: b"PK\x03\x04" + bytes(60), "not an OpenDocument file"),
    (lambda data: with_part(data, "content.xml", b"<office:document-content><unclosed"), "not an OpenDocument text"),
    (lambda data: with_part(data, "content.xml", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'), "entities"),
    (lambda data: with_part(data, "content.xml", b" " * (MAX_INFLATED_BYTES + 1)), "inflates"),
])
def test_a_broken_or_hostile_file_is_unreadable_with_a_reason(change, reason):
    with pytest.raises(UnreadableFile, match=reason):
        read_odt(Path("broken.odt"), change(help_desk_faq()))


def test_angle_brackets_and_ampersands_are_text_and_a_table_of_contents_is_not():
    document = Document("text")
    body = document.body
    body.append(Header(1, "Access"))
    body.append(Paragraph("Connect with ssh <username>@vpn.example.com, then type &amp; check."))
    body.append(TOC("Contents"))
    data = io.BytesIO()
    document.save(data)
    _, blocks = read_odt(Path("access.odt"), data.getvalue())
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Access"), ("paragraph", "Connect with ssh <username>@vpn.example.com, then type &amp; check.")]


def test_a_huge_repeat_count_is_refused_and_a_file_without_metadata_is_read():
    huge = with_part(help_desk_faq(), "content.xml", help_desk_faq_content().replace(
        b"</office:text>", b'<text:p>a<text:s text:c="1000000000"/>b</text:p></office:text>'))
    with pytest.raises(UnreadableFile, match="repeats"):
        read_odt(Path("huge.odt"), huge)
    title, blocks = read_odt(Path("no-meta.odt"), changed_zip(help_desk_faq(), {"meta.xml": lambda _: None}))
    assert title == "Connecting" and blocks[1].text == "How do I connect from home?"


def help_desk_faq_content() -> bytes:
    with zipfile.ZipFile(io.BytesIO(help_desk_faq())) as archive:
        return archive.read("content.xml")


def test_numbered_headings_kept_in_lists_head_their_sections():
    """LibreOffice keeps numbered headings (a converted Word file's) inside lists; they are headings all the same."""
    from odfdo import ListItem

    document = Document("text")
    for level, title, text in ((1, "Billing", "How billing works."), (2, "When am I charged?", "On the first day.")):
        item, numbered = ListItem(), List()
        item.append(Header(level, title))
        numbered.append(item)
        document.body.append(numbered)
        document.body.append(Paragraph(text))
    data = io.BytesIO()
    document.save(data)
    title, blocks = read_odt(Path("billing.odt"), data.getvalue())
    assert title == "Billing"
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("heading", 1, "Billing"), ("paragraph", 0, "How billing works."),
        ("heading", 2, "When am I charged?"), ("paragraph", 0, "On the first day.")]


def test_a_text_box_reads_as_paragraphs_after_its_anchor_not_run_into_it():
    """A call-out drawn in a frame: its paragraphs follow the paragraph it is anchored in (or stand in its place when
    it is anchored to the page), each a paragraph of its own."""
    from odfdo import Frame

    document = Document("text")
    document.body.append(Header(1, "How long does shipping take?"))
    anchored = Paragraph("Three to five working days.")
    anchored.append(Frame.text_frame(["Express: next day.", "Islands: add two days."], size=("5cm", "3cm"),
                                     position=("0cm", "0cm"), anchor_type="paragraph"))
    document.body.append(anchored)
    document.body.append(Frame.text_frame(["Prices include VAT."], size=("5cm", "1cm"), position=("0cm", "0cm"),
                                          anchor_type="page"))
    document.body.append(Paragraph("Orders ship from Lyon."))
    steps = List(["Pack the parcel.", "Print the label."])
    steps.get_element("text:list-item/text:p").append(Frame.text_frame(["Use the courier's own box."], size=("5cm", "1cm"),
                                                                          position=("0cm", "0cm"), anchor_type="paragraph"))
    document.body.append(steps)
    data = io.BytesIO()
    document.save(data)
    _, blocks = read_odt(Path("shipping.odt"), data.getvalue())
    assert [b.text for b in blocks if b.kind != "list"] == [
        "How long does shipping take?", "Three to five working days.", "Express: next day.", "Islands: add two days.",
        "Prices include VAT.", "Orders ship from Lyon.", "Use the courier's own box."]
    assert blocks[-2].items == ("Pack the parcel.", "Print the label.")  # the box after the list, no item of it


def test_backslashes_and_markdown_characters_read_as_written_in_text_and_in_a_monospaced_run():
    """odfdo escapes Markdown's characters but not a backslash, and escapes them inside code spans too: both would
    change what the document says ("C:\\temp" losing nothing, "my_file-1" not "my\\_file\\-1")."""
    document = Document("text")
    mono = Style("text", name="Mono", font="Liberation Mono")
    mono.set_properties({"style:font-pitch": "fixed"}, area="text")
    document.insert_style(mono, automatic=True)
    paragraph = Paragraph("Run ")
    paragraph.append(Span(r'ls my_file-1 | grep "a\.b"', style="Mono"))
    paragraph.append_plain_text(r" in C:\temp\x, not a\.b or \\server; *all* of #1 & <2>; escape \* and \_.")
    document.body.append(paragraph)
    broken = Paragraph("Line one")
    broken.append(LineBreak())
    broken.append_plain_text("line two")
    document.body.append(broken)
    data = io.BytesIO()
    document.save(data)
    _, blocks = read_odt(Path("paths.odt"), data.getvalue())
    assert [b.text for b in blocks] == [
        r'Run ls my_file-1 | grep "a\.b" in C:\temp\x, not a\.b or \\server; *all* of #1 & <2>; escape \* and \_.',
        "Line one line two"]
