"""The Word (.docx) reader: structure from Word's own styles and markup; broken and inflating files refused."""

import io
import zipfile
from pathlib import Path

import docx
import pytest

from bot.ingest.blocks import UnreadableFile
from bot.ingest.markdown import read_markdown
from bot.ingest.archive import MAX_ARCHIVE_BYTES, MAX_INFLATED_BYTES, MAX_PARTS
from bot.ingest.word import read_word

from .test_quality import one_document_bot
from .zips import changed_zip


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
        archive.writestr("word/document.xml", b" " * (MAX_INFLATED_BYTES + 1))
    assert len(data.getvalue()) < MAX_INFLATED_BYTES // 100
    with pytest.raises(UnreadableFile, match="inflates"):
        read_word(Path("bomb.docx"), data.getvalue())


def test_an_xml_part_counts_as_text_whatever_its_name():
    """Parts are found through the document's relationships, not by their names: XML named like an image still
    counts against the text's limit."""
    data = io.BytesIO(help_desk_faq())
    with zipfile.ZipFile(data, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/chart.bin", b"\xef\xbb\xbf <c:chart>" + b" " * MAX_INFLATED_BYTES)
    with pytest.raises(UnreadableFile, match="XML .* inflates to over 15 MB"):
        read_word(Path("renamed.docx"), data.getvalue())


def test_a_part_compressed_as_no_office_file_is_is_refused_before_it_is_inflated():
    """zipfile inflates a bzip2 block whole, whatever size the part declares: 700 bytes could take 2 GB."""
    data = io.BytesIO(help_desk_faq())
    with zipfile.ZipFile(data, "a") as archive:
        archive.writestr("word/media/image.png", b"\x89PNG" + bytes(100_000), compress_type=zipfile.ZIP_BZIP2)
    with pytest.raises(UnreadableFile, match="compressed in a way"):
        read_word(Path("odd.docx"), data.getvalue())


def test_images_count_against_the_whole_file_not_against_its_text():
    """A Word FAQ with screenshots past the text's limit is read; images inflating past the whole file's limit are
    refused before anything is inflated."""
    def with_image(size: int) -> bytes:
        data = io.BytesIO(help_desk_faq())
        with zipfile.ZipFile(data, "a", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/media/screenshot.png", b"\x89PNG\r\n\x1a\n" + bytes(size))
        return data.getvalue()

    _, blocks = read_word(Path("faq.docx"), with_image(MAX_INFLATED_BYTES + 1))
    assert blocks
    with pytest.raises(UnreadableFile, match=f"inflates to over {MAX_ARCHIVE_BYTES // 1_000_000} MB"):
        read_word(Path("photos.docx"), with_image(MAX_ARCHIVE_BYTES + 1))


def test_a_word_faq_answers_from_its_entries(tmp_path):
    bot, _ = one_document_bot(tmp_path, "faq.docx", help_desk_faq())
    answer = bot.answer("Why is the connection slow?")
    assert answer.found and answer.answer.startswith("Traffic goes through the head office proxy.")
    assert answer.sources[0].section.endswith("Why is the connection slow?")


@pytest.mark.parametrize("part", [b"<w:document><unclosed", b'<?xml version="1.0" encoding="x-bogus"?><w:document/>'])
def test_a_document_part_that_is_no_xml_is_unreadable(part):
    with pytest.raises(UnreadableFile, match="not a Word document"):
        read_word(Path("broken.docx"), changed_zip(help_desk_faq(), {"word/document.xml": lambda _: part}))


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


def with_footnote(data: bytes, after: str, note: str) -> bytes:
    """The document with a footnote, whose text is `note`, referred to at the end of the run holding `after`."""
    footnotes = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes '
                 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:id="1">'
                 f'<w:p><w:r><w:t>{note}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    reference = '<w:r><w:footnoteReference w:id="1"/></w:r>'

    def referred(part: bytes) -> bytes:
        text = part.decode()
        end = text.index("</w:r>", text.index(after)) + len("</w:r>")
        return (text[:end] + reference + text[end:]).encode()

    return changed_zip(data, {
        "word/document.xml": referred,
        "word/_rels/document.xml.rels": lambda part: part.replace(b"</Relationships>", b'<Relationship Id="rIdNotes" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
            b"</Relationships>"),
        "[Content_Types].xml": lambda part: part.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>'),
    }, added={"word/footnotes.xml": footnotes})


def test_a_footnote_stays_with_the_sentence_that_refers_to_it_not_the_last_entry():
    data = with_footnote(help_desk_faq(), "Open the client and sign in", "Badges issued before 2020 need a PIN.")
    _, blocks = read_word(Path("faq.docx"), data)
    texts = [b.text for b in blocks]
    assert "Open the client and sign in with your badge number. (Badges issued before 2020 need a PIN.)" in texts
    assert texts[-1] != "Badges issued before 2020 need a PIN." and texts.count("Badges issued before 2020 need a PIN.") == 0


def test_question_and_answer_labels_make_entries():
    document = docx.Document()
    document.add_paragraph("Q: How do I pay?")
    document.add_paragraph("A: By card or by transfer.")
    paragraph = document.add_paragraph("Question: Can I pay later?")
    paragraph.add_run().add_break()
    paragraph.add_run("Answer: Yes, within 30 days.")
    data = io.BytesIO()
    document.save(data)
    _, blocks = read_word(Path("pay.docx"), data.getvalue())
    assert [(b.kind, b.text) for b in blocks] == [
        ("question", "How do I pay?"), ("paragraph", "By card or by transfer."),
        ("question", "Can I pay later?"), ("paragraph", "Yes, within 30 days.")]


def test_a_zip_of_too_many_parts_or_a_broken_compression_is_unreadable():
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for number in range(MAX_PARTS + 1):
            archive.writestr(f"part{number}.xml", "")
    with pytest.raises(UnreadableFile, match="parts"):
        read_word(Path("many.docx"), many.getvalue())
    data = bytearray(help_desk_faq())
    start = data.index(b"word/document.xml") + len(b"word/document.xml")
    data[start + 40 : start + 80] = bytes(40)  # the deflated stream of the main part damaged
    with pytest.raises(UnreadableFile):
        read_word(Path("damaged.docx"), bytes(data))


def test_a_password_protected_document_is_named_so():
    with pytest.raises(UnreadableFile, match="password"):
        read_word(Path("locked.docx"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))


def test_a_style_of_the_documents_own_based_on_a_heading_and_numbered_bold_questions_are_entries():
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    style = document.styles.add_style("FAQ Question", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Heading 2"]
    document.add_paragraph("How do I pay?", style="FAQ Question")
    document.add_paragraph("By card.")
    for question, answer in (("Can I pay later?", "Yes, within 30 days."), ("Do you invoice?", "Every month.")):
        document.add_paragraph(style="List Number").add_run(question).bold = True
        document.add_paragraph(answer)
    document.add_paragraph("Steps:")
    document.add_paragraph("Is the cable in?", style="List Bullet")  # a list of one item that asks, ending the file
    data = io.BytesIO()
    document.save(data)
    _, blocks = read_word(Path("pay.docx"), data.getvalue())
    assert [(b.kind, b.level, b.text or b.items) for b in blocks] == [
        ("heading", 2, "How do I pay?"), ("paragraph", 0, "By card."),
        ("question", 0, "Can I pay later?"), ("paragraph", 0, "Yes, within 30 days."),
        ("question", 0, "Do you invoice?"), ("paragraph", 0, "Every month."),
        ("paragraph", 0, "Steps:"), ("list", 0, ("Is the cable in?",))]


def test_a_table_of_questions_beside_their_answers_reads_as_entries():
    document = docx.Document()
    document.add_heading("Payments", 1)
    table = document.add_table(rows=2, cols=2)
    for row, (question, answer) in enumerate((("How do I pay?", "By card or by bank transfer, in euros."),
                                              ("Can I pay later?", "Yes, within thirty days of the invoice."))):
        table.cell(row, 0).text, table.cell(row, 1).text = question, answer
    data = io.BytesIO()
    document.save(data)
    _, blocks = read_word(Path("pay.docx"), data.getvalue())
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Payments"), ("question", "How do I pay?"), ("paragraph", "By card or by bank transfer, in euros."),
        ("question", "Can I pay later?"), ("paragraph", "Yes, within thirty days of the invoice.")]


def with_runs_replaced(data: bytes, replacements: dict[str, str]) -> bytes:
    """The document with the run holding each key's text replaced by the value's XML."""
    def replaced(part: bytes) -> bytes:
        for text, xml in replacements.items():
            part = part.replace(f"<w:r><w:t>{text}</w:t></w:r>".encode(), xml.encode())
        return part

    return changed_zip(data, {"word/document.xml": replaced})


def test_text_inside_a_simple_field_or_a_right_to_left_run_is_kept():
    document = docx.Document()
    for text in ("LINK", "ARABIC", "OVERRIDE"):
        document.add_paragraph(text)
    data = io.BytesIO()
    document.save(data)
    run = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    data = with_runs_replaced(data.getvalue(), {
        "LINK": run.format("See ") + '<w:fldSimple w:instr=" HYPERLINK &quot;https://example.org/a&gt;b&quot; ">'
                + run.format("the install guide") + "</w:fldSimple>" + run.format(" first. Page ")
                + '<w:fldSimple w:instr="PAGE"/>',
        "ARABIC": '<w:dir w:val="rtl">' + run.format("مرحبا بالعالم") + "</w:dir>",
        "OVERRIDE": run.format("Code: ") + '<w:bdo w:val="ltr">' + run.format("X-42") + "</w:bdo>",
    })
    _, blocks = read_word(Path("fields.docx"), data)
    assert [b.text for b in blocks] == ["See the install guide first. Page", "مرحبا بالعالم", "Code: X-42"]


@pytest.mark.timeout(60)
def test_a_part_of_unclosed_tags_is_read_in_one_pass_not_once_per_tag():
    """200,000 unclosed "<w:dir " ending the part (1.4 MB): the tag pattern never runs past the next tag, so this takes a
    second or two; one that ran to the end of the part each time would take hours."""
    hostile = changed_zip(help_desk_faq(), {"word/document.xml": lambda part: part + b"<w:dir " * 200_000})
    with pytest.raises(UnreadableFile):  # the part is no XML
        read_word(Path("hostile.docx"), hostile)
