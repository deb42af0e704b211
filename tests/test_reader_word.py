"""The Word (.docx) reader: structure from Word's own styles and markup; broken and inflating files refused."""

import io
import zipfile
from pathlib import Path

import docx
import pytest

from bot.ingest.blocks import UnreadableFile
from bot.ingest.markdown import read_markdown
from bot.ingest.word import MAX_XML_BYTES, read_word

from .test_quality import one_document_bot


def help_desk_faq(image: bool = False) -> bytes:
    """A help-desk FAQ as people write them in Word: a Title, heading styles, a bold question line, a numbered list,
    a table, and a page header and footer."""
    document = docx.Document()
    document.add_heading("Help desk FAQ", 0)  # the Title style
    document.add_paragraph("Answers to common questions about the VPN.")
    document.add_heading("Connecting", 1)
    document.add_heading("How do I connect from home?", 2)
    document.add_paragraph("Open the client and sign in with your badge number.")
    document.add_paragraph("Choose the nearest office.", style="List Number")
    document.add_paragraph("Press Connect.", style="List Number")
    document.add_paragraph().add_run("Why is the connection slow?").bold = True
    document.add_paragraph("Traffic goes through the head office proxy.")
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate((("Office", "Server"), ("Paris", "vpn-fr"))):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.sections[0].header.paragraphs[0].text = "Company confidential"
    document.sections[0].footer.paragraphs[0].text = "Page 1 of 1"
    if image:
        from PIL import Image

        picture = io.BytesIO()
        Image.new("RGB", (4, 4)).save(picture, format="PNG")
        document.add_picture(picture)
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def test_headings_lists_tables_and_bold_questions_come_from_the_documents_markup():
    title, blocks = read_word(Path("faq.docx"), help_desk_faq())
    assert title == "Help desk FAQ"
    assert [(b.kind, b.level, b.text) for b in blocks if b.kind in ("heading", "question")] == [
        ("heading", 1, "Help desk FAQ"), ("heading", 1, "Connecting"), ("heading", 2, "How do I connect from home?"),
        ("question", 0, "Why is the connection slow?")]
    assert ("list", ("Choose the nearest office.", "Press Connect.")) in [(b.kind, b.items) for b in blocks]
    assert ("table", (("Office", "Server"), ("Paris", "vpn-fr"))) in [(b.kind, b.rows) for b in blocks]
    shown = " ".join(b.text for b in blocks)
    assert "Company confidential" not in shown and "Page 1 of 1" not in shown  # page header and footer


def test_an_image_is_no_text_and_breaks_nothing():
    _, blocks = read_word(Path("faq.docx"), help_desk_faq(image=True))
    assert not any("data:" in b.text or "base64" in b.text for b in blocks)
    assert any(b.text == "Traffic goes through the head office proxy." for b in blocks)


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not really a zip", b"plain text, no zip at all"])
def test_a_file_that_is_no_word_document_is_unreadable(data):
    with pytest.raises(UnreadableFile, match="not a Word document"):
        read_word(Path("broken.docx"), data)


def test_a_zip_without_a_document_part_is_unreadable():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(UnreadableFile, match="not a Word document"):
        read_word(Path("other.docx"), data.getvalue())


def test_a_decompression_bomb_is_refused_before_it_is_inflated():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (MAX_XML_BYTES + 1))
    assert len(data.getvalue()) < MAX_XML_BYTES // 100
    with pytest.raises(UnreadableFile, match="inflates"):
        read_word(Path("bomb.docx"), data.getvalue())


def test_a_word_faq_answers_from_its_entries(tmp_path):
    bot, _ = one_document_bot(tmp_path, "faq.docx", help_desk_faq())
    answer = bot.answer("Why is the connection slow?")
    assert answer.found and answer.answer.startswith("Traffic goes through the head office proxy.")
    assert answer.sources[0].section.endswith("Why is the connection slow?")


def test_a_document_part_that_is_no_xml_is_unreadable():
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(help_desk_faq())) as source, zipfile.ZipFile(data, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, b"<w:document><unclosed" if item.filename == "word/document.xml" else source.read(item))
    with pytest.raises(UnreadableFile, match="not a Word document"):
        read_word(Path("broken.docx"), data.getvalue())


def test_a_real_faq_converted_to_word_reads_block_for_block_as_the_markdown_it_came_from():
    data = Path(__file__).resolve().parent / "data"
    markdown = data / "heldout" / "npm-faq" / "corpus" / "npm-faq.md"
    word = data / "word" / "npm-faq.docx"
    title, blocks = read_word(word, word.read_bytes())
    expected_title, expected = read_markdown(markdown, markdown.read_bytes())
    assert title == expected_title
    assert [(b.kind, b.level, b.text, b.items, b.rows) for b in blocks] == [
        (b.kind, b.level, b.text, b.items, b.rows) for b in expected]
    assert sum(b.kind == "code" for b in blocks) >= 5  # pandoc's "Source Code" paragraphs are code
