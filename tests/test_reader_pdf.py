"""The PDF reader: blocks from small PDFs written here, an excerpt of a browser-printed FAQ, and hostile files."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.ingest.blocks import Block, UnreadableFile
from bot.ingest.pdf import PdfLimits, read_pdf

DATA = Path(__file__).parent / "data"
STYLES = {"h1": ("Helvetica", "B", 20), "h2": ("Helvetica", "", 15), "h3": ("Helvetica", "B", 11),
          "body": ("Helvetica", "", 11), "code": ("Courier", "", 10)}


class _Printed(FPDF):
    """Pages with a running header (title and print date) and footer (URL and page number) when `furniture` is set."""

    furniture = False

    def header(self) -> None:
        if self.furniture:
            self.set_font("Helvetica", "", 8)
            printed = f"Widget Manual - printed 05/01/2026 at 10:{self.page_no():02d}"
            self.cell(0, 10, printed, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(10)

    def footer(self) -> None:
        if self.furniture:
            self.set_y(-40)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 10, "https://example.org/widget/manual.html", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.cell(0, 10, f"Page {self.page_no()} of {{nb}}")


def make_pdf(pages: list[list[tuple[str, str]]], title: str = "", furniture: bool = False) -> bytes:
    """A PDF of (style, line) pages: styles as in STYLES, or "gap" for a blank line."""
    pdf = _Printed(unit="pt", format="letter")
    pdf.furniture = furniture
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(False)
    if title:
        pdf.set_title(title)
    for page in pages:
        pdf.add_page()
        for style, text in page:
            if style == "gap":
                pdf.ln(10)
                continue
            pdf.set_font(*STYLES[style])
            pdf.cell(0, STYLES[style][2] * 1.3, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


MANUAL = [
    [
        ("h1", "Widget Manual"),
        ("body", "The widget reads its settings from a small file in the home folder of the user"),
        ("body", "who runs it, and it writes a log next to that file whenever it starts or stops."),
        ("body", "Nothing else is stored."),
        ("h2", "Installing the widget"),
        ("body", "Download the archive, unpack it anywhere you like, and run the setup script; the"),
        ("body", "script checks the system, asks two questions and then starts the compil-"),
        ("body", "ation of the native parts, which takes a minute on a well-"),
        ("body", "known laptop and longer on older machines sold by Hewlett-"),
        ("body", "Packard before the year two thousand."),
        ("h3", "How do I reset the widget?"),
        ("body", "Delete the settings file and start the widget again; it writes a fresh copy that"),
        ("body", "holds the defaults."),
        ("gap", ""),
        ("body", "When the widget stops it flushes its cache, closes the log file and removes the"),
        ("body", "lock file, so that a second copy can start cleanly; if the power fails before the"),
    ],
    [
        ("body", "lock is removed, the next start notices the stale lock and deletes it for you."),
        ("h3", "What does the widget log?"),
        ("body", "It logs each start and stop with the time and the version number, like this:"),
        ("code", "def main():"),
        ("code", "    return start(widget)"),
        ("body", "Two commands control it:"),
        ("body", "\u2022 Start the widget with the start command."),
        ("body", "\u2022 Stop it again with the stop command."),
    ],
    [
        ("h3", "Can I run two widgets at once?"),
        ("body", "Yes, as long as each one has its own settings folder and its own log file."),
    ],
]


@pytest.fixture(scope="module")
def manual() -> tuple[str, list[Block]]:
    return read_pdf(Path("manual.pdf"), make_pdf(MANUAL, title="The Widget Manual", furniture=True))


def texts(blocks: list[Block]) -> list[str]:
    return [b.text or " | ".join(b.items) for b in blocks]


def words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9_]+", text))


def test_header_and_footer_lines_are_dropped(manual):
    title, blocks = manual
    assert title == "The Widget Manual"
    everything = "\n".join(texts(blocks))
    for furniture in ("printed", "example.org", "Page 1", "Page 2", "of 3"):
        assert furniture not in everything


def test_hyphen_at_line_end_is_dropped_inside_a_word_and_kept_in_a_compound(manual):
    paragraph = next(t for t in texts(manual[1]) if t.startswith("Download"))
    assert "the compilation of the native parts" in paragraph
    assert "a well-known laptop" in paragraph
    assert "sold by Hewlett-Packard before" in paragraph


def test_paragraph_goes_on_across_a_page_break(manual):
    assert ("When the widget stops it flushes its cache, closes the log file and removes the lock file, so that a second "
            "copy can start cleanly; if the power fails before the lock is removed, the next start notices the stale lock "
            "and deletes it for you.") in texts(manual[1])


def test_headings_by_font_size_and_weight(manual):
    heads = [(b.kind, b.text, b.level) for b in manual[1] if b.kind in ("heading", "question")]
    assert heads == [
        ("heading", "Widget Manual", 1),
        ("heading", "Installing the widget", 2),
        ("question", "How do I reset the widget?", 0),
        ("question", "What does the widget log?", 0),
        ("question", "Can I run two widgets at once?", 0),
    ]


def test_code_keeps_its_lines_and_bullets_make_one_list(manual):
    blocks = manual[1]
    assert Block("code", "def main():\n    return start(widget)") in blocks
    assert Block("list", items=("Start the widget with the start command.", "Stop it again with the stop command.")) in blocks
    assert "Two commands control it:" in texts(blocks)


def test_no_body_text_is_lost(manual):
    said = words("\n".join(texts(manual[1])))
    written = words("\n".join(text for page in MANUAL for _, text in page)) - {"compil", "ation"}
    assert written - said == set()


def test_numbered_headings_when_every_line_has_the_same_font():
    plain = [[("body", text) for text in (
        "1 Introduction",
        "This tool copies files between machines over a secure channel and checks them.",
        "2 Installation",
        "2.1 Getting the package",
        "Fetch the package from the mirror closest to you and verify its checksum first.",
        "2.2. How do I upgrade from an older",
        "release?",
        "Run the installer again; it keeps your settings.",
    )]]
    title, blocks = read_pdf(Path("tool-guide.pdf"), make_pdf(plain, title="Microsoft Word - guide.docx"))
    assert title == "1 Introduction"
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        ("heading", "1 Introduction", 1),
        ("paragraph", "This tool copies files between machines over a secure channel and checks them.", 0),
        ("heading", "2 Installation", 1),
        ("heading", "2.1 Getting the package", 2),
        ("paragraph", "Fetch the package from the mirror closest to you and verify its checksum first.", 0),
        ("question", "2.2. How do I upgrade from an older release?", 0),
        ("paragraph", "Run the installer again; it keeps your settings.", 0),
    ]


def test_title_falls_back_to_the_file_name():
    title, _ = read_pdf(Path("widget_release-notes.pdf"), make_pdf([[("body", "Nothing but a line of text.")]]))
    assert title == "Widget release notes"


def test_browser_printed_faq_excerpt():
    """Pages 4-6 of Chrome's print of the Valgrind FAQ: date/title header, URL and "N/8" footer, bold questions, code."""
    path = DATA / "valgrind-faq-pages-4-6.pdf"
    title, blocks = read_pdf(path, path.read_bytes())
    assert title == "Valgrind Frequently Asked Questions"
    everything = "\n".join(texts(blocks))
    assert not re.search(r"11/26/26|:///|\b\d/8\b", everything)
    assert Block("heading", "4. Valgrind behaves unexpectedly", 1) in blocks
    assert Block("question", "4.6. Why doesn't Memcheck find the array overruns in this program?") in blocks
    assert everything.count("4.5. Memcheck doesn't report any errors") == 1  # the contents list is gone
    assert "int static[5];\n\nint main(void)\n{\n  int stack[5];" in everything
    assert "it's possible that this memory will not be unaddressable when run under Valgrind." in everything
    assert "--soname-synonyms=somalloc=NONE" in everything
    from pypdf import PdfReader

    printed = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    body = "\n".join(line for line in printed.splitlines() if not re.search(r"11/26/26|:///", line))  # "ﬁle:///", with a ligature
    assert words(body) - words(everything) == set()


@pytest.mark.parametrize("name", sorted(p.name for p in (DATA / "hostile").glob("*.pdf")))
def test_hostile_pdfs_are_refused_quickly(name):
    path = DATA / "hostile" / name
    started = time.monotonic()
    with pytest.raises(UnreadableFile) as refused:
        read_pdf(path, path.read_bytes())
    assert time.monotonic() - started < 5
    if name == "bomb.pdf":
        assert "decompression limit" in str(refused.value)


@pytest.mark.parametrize(("data", "limits", "reason"), [
    (b"", PdfLimits(), "empty"),
    (b"%PDF-1.4 this is not really a pdf", PdfLimits(), "PDF"),
    (make_pdf([[]]), PdfLimits(), "no extractable text"),
    (None, PdfLimits(max_pages=1), "page limit"),
    (None, PdfLimits(max_seconds=0.0), "second limit"),
])
def test_broken_or_oversized_pdfs_are_refused(data, limits, reason):
    data = make_pdf([[("body", "One page.")], [("body", "Two pages.")]]) if data is None else data
    with pytest.raises(UnreadableFile, match=reason):
        read_pdf(Path("x.pdf"), data, limits)


FILLER = [("body", "The editor keeps a backup of every file it changes in the folder where the file lives,"),
          ("body", "so that a crash or a power cut never costs more than the last few keystrokes typed.")]


def test_a_contents_page_that_drifted_from_its_headings_is_dropped_and_numbered_steps_stay():
    """Contents entries are dropped by their section number even when their wording or numbering drifted from the
    headings they list; a numbered list in the body is kept."""
    pages = [
        [("h1", "Tool FAQ"), *FILLER, ("h2", "Contents"),
         ("body", "1.1. What is the tool?"), ("body", "2.1. FTP sites that carry the tool."),
         ("body", "2.2. How do I submit a bug report?")],
        [*FILLER, ("h2", "1. General"), ("h3", "1.1. What is the tool?"),
         ("body", "A small editor for the terminal, written in C and meant to be easy to learn."),
         ("h2", "2. Getting it"), ("h3", "2.1. Web sites that carry the tool."),
         ("body", "The source can be fetched from the project's own site and from every mirror."),
         ("h3", "2.3. How do I submit a bug report?"),
         ("body", "Use the tracker; these steps help:"),
         ("body", "1. Describe what you did."), ("body", "2. Attach the file that shows the problem."), *FILLER],
    ]
    _, blocks = read_pdf(Path("faq.pdf"), make_pdf(pages))
    everything = "\n".join(texts(blocks))
    assert "FTP sites" not in everything and "2.2." not in everything
    assert Block("question", "1.1. What is the tool?") in blocks and everything.count("What is the tool?") == 1
    assert "1. Describe what you did. | 2. Attach the file that shows the problem." in everything


def test_a_numbered_question_heading_wrapped_after_a_question_mark_stays_one_heading():
    pages = [[
        *FILLER, ("h2", "4. Running"),
        ("h3", "4.6. When I paste text, each line is indented further than the last. Why?"),
        ("h3", "And how can I stop this?"),
        ("body", "Autoindent is on. Turn it off before pasting and on again afterwards."), *FILLER,
    ]]
    _, blocks = read_pdf(Path("faq.pdf"), make_pdf(pages))
    assert Block("question", "4.6. When I paste text, each line is indented further than the last. Why? And how can I "
                             "stop this?") in blocks


def _pdf_showing(array: str) -> bytes:
    """A one-page PDF showing one TJ array in a font whose space is as wide as an em: so pypdf, which tells a word
    gap from kerning by the space's width, finds none (as with TeX's composite fonts, pypdf issue #3978)."""
    widths = " ".join(["1000"] + ["556"] * 94)
    content = f"BT /F1 11 Tf 72 700 Td [{array}] TJ ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 126 "
               f"/Widths [{widths}] >>".encode(),
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_words_parted_by_the_pen_alone_are_read_apart_and_kerned_letters_stay_together():
    data = _pdf_showing("(The)-195(guide)-231(explains)-330(it.)-20(A)-80(VA)60(TAR)")
    _, blocks = read_pdf(Path("tex.pdf"), data)
    assert texts(blocks) == ["The guide explains it.AVATAR"]
