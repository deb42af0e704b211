"""Generated documents of every format through reading, chunking, building and asking: nothing lost, nothing raised."""

import html
from pathlib import Path

from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from bot import Bot
from bot.config import Settings
from bot.ingest import readers
from bot.ingest.chunking import chunk_document
from bot.ingest.files import Document
from bot.words import fold, words

from .conftest import FAKE_MIN_CONFIDENCE, FAKE_MODEL, FakeEncoder

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)
SENTENCE = st.lists(WORD, min_size=3, max_size=12).map(lambda w: " ".join(w).capitalize() + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
QUESTION = st.lists(WORD, min_size=2, max_size=8).map(lambda w: "How do I " + " ".join(w) + "?")
BLOCK = st.one_of(
    st.tuples(st.just("heading"), st.lists(WORD, min_size=1, max_size=5).map(lambda w: " ".join(w).capitalize())),
    st.tuples(st.just("question"), QUESTION),
    st.tuples(st.just("paragraph"), PARAGRAPH),
    st.tuples(st.just("list"), st.lists(SENTENCE, min_size=2, max_size=5)),
    st.tuples(st.just("code"), st.lists(WORD, min_size=1, max_size=6).map(lambda w: "$ run " + " ".join(w))),
)
DOCUMENT = st.lists(BLOCK, min_size=1, max_size=12)


def as_text(blocks) -> str:
    parts = []
    for kind, value in blocks:
        if kind == "heading":
            parts.append(f"{value}\n{'=' * len(value)}")
        elif kind == "question":
            parts.append(f"Q:  {value}")
        elif kind == "list":
            parts.append("\n".join(f"- {item}" for item in value))
        elif kind == "code":
            parts.append(f"        {value}")
        else:
            parts.append(value)
    return "\n\n".join(parts) + "\n"


def as_markdown(blocks) -> str:
    parts = []
    for kind, value in blocks:
        if kind in ("heading", "question"):
            parts.append(f"## {value}")
        elif kind == "list":
            parts.append("\n".join(f"* {item}" for item in value))
        elif kind == "code":
            parts.append(f"```\n{value}\n```")
        else:
            parts.append(value)
    return "\n\n".join(parts) + "\n"


def as_html(blocks) -> str:
    parts = []
    for kind, value in blocks:
        if kind == "heading":
            parts.append(f"<h2>{html.escape(value)}</h2>")
        elif kind == "question":
            parts.append(f"<p><b>{html.escape(value)}</b></p>")
        elif kind == "list":
            parts.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in value) + "</ul>")
        elif kind == "code":
            parts.append(f"<pre>{html.escape(value)}</pre>")
        else:
            parts.append(f"<div><p>{html.escape(value)}</p></div>")
    return "<html><body><nav><a href='/'>Home</a></nav><main>" + "".join(parts) + "</main></body></html>"


def as_restructured(blocks) -> str:
    parts = []
    for kind, value in blocks:
        if kind in ("heading", "question"):
            parts.append(f"{value}\n{('=' if kind == 'heading' else '-') * len(value)}")
        elif kind == "list":
            parts.append("\n".join(f"* {item}" for item in value))
        elif kind == "code":
            parts.append(f".. code-block:: shell\n   :linenos:\n\n   {value}")
        else:
            parts.append(value)
    return "\n\n".join(parts) + "\n"


def as_word(blocks) -> bytes:
    import io

    import docx

    document = docx.Document()
    for kind, value in blocks:
        if kind == "heading":
            document.add_heading(value, 1)
        elif kind == "question":
            document.add_paragraph().add_run(value).bold = True
        elif kind == "list":
            for item in value:
                document.add_paragraph(item, style="List Bullet")
        else:
            document.add_paragraph(value)
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def as_csv(blocks) -> str:
    import csv
    import io

    sheet = io.StringIO()
    writer = csv.writer(sheet)
    writer.writerow(["Kind", "Text"])
    for kind, value in blocks:
        writer.writerow([kind, "\n".join(value) if isinstance(value, list) else value])
    return sheet.getvalue()


def as_workbook(blocks) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Kind", "Text"])
    for kind, value in blocks:
        book.active.append([kind, "\n".join(value) if isinstance(value, list) else value])
    for row in book.active.iter_rows():
        for cell in row:
            cell.data_type = "s"  # text, even where it opens with "=" as a formula would
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def as_opendocument(blocks) -> bytes:
    import io

    from odfdo import Document, Header, List, Paragraph

    document = Document("text")
    for kind, value in blocks:
        if kind == "heading":
            document.body.append(Header(1, value))
        elif isinstance(value, list):
            document.body.append(List(value))
        else:
            document.body.append(Paragraph(value))
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def as_saved_page(blocks) -> bytes:
    """The HTML page as a browser saves it in one file: a MIME message, the page quoted-printable with no charset
    named."""
    from email import encoders
    from email.mime.multipart import MIMEMultipart
    from email.mime.nonmultipart import MIMENonMultipart

    archive, page = MIMEMultipart("related", type="text/html"), MIMENonMultipart("text", "html")
    page.set_payload(("<meta charset='utf-8'>" + as_html(blocks)).encode("utf-8"))
    encoders.encode_quopri(page)
    archive.attach(page)
    return archive.as_bytes()


def as_deck(blocks) -> bytes:
    """A slide a heading, its text in the body placeholder (a list's items as bullets, other text unbulleted)."""
    import io

    from pptx import Presentation

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    for kind, value in blocks:
        if kind == "heading":
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = value
            continue
        body = slide.placeholders[1].text_frame
        for line in value if isinstance(value, list) else [value]:
            paragraph = body.add_paragraph()
            paragraph.text = line
            if not isinstance(value, list):
                paragraph._pPr.insert(0, paragraph._pPr.makeelement(
                    "{http://schemas.openxmlformats.org/drawingml/2006/main}buNone", {}))
    data = io.BytesIO()
    deck.save(data)
    return data.getvalue()


def as_ebook(blocks) -> bytes:
    """The HTML page as the one chapter of an EPUB book."""
    import io
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as book:
        book.writestr("META-INF/container.xml", '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                      '<rootfiles><rootfile full-path="book.opf"/></rootfiles></container>')
        book.writestr("book.opf", '<package xmlns="http://www.idpf.org/2007/opf"><manifest><item id="c" href="c.xhtml" '
                      'media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c"/></spine></package>')
        book.writestr("c.xhtml", as_html(blocks))
    return data.getvalue()


FORMATS = {".txt": as_text, ".md": as_markdown, ".html": as_html, ".rst": as_restructured, ".docx": as_word,
           ".csv": as_csv, ".xlsx": as_workbook, ".odt": as_opendocument, ".mhtml": as_saved_page,
           ".pptx": as_deck, ".epub": as_ebook}


def rendered(blocks, suffix: str) -> bytes:
    """The generated document written in the format of the suffix."""
    written = FORMATS[suffix](blocks)
    return written if isinstance(written, bytes) else written.encode("utf-8")


@hypothesis_settings(max_examples=60, deadline=None)
@given(blocks=DOCUMENT, suffix=st.sampled_from(sorted(FORMATS)))
def test_every_word_of_a_generated_document_reaches_a_passage_or_a_heading(blocks, suffix):
    path = Path(f"generated{suffix}")
    title, read = readers.read(path, rendered(blocks, suffix))
    chunks = chunk_document(Document(path.name, path, title, tuple(read), "0"))
    kept = fold(" ".join(f"{c.section} {c.text}" for c in chunks) + " " + " ".join(b.text for b in read) + " " + title)
    for kind, value in blocks:
        for word in words(" ".join(value) if isinstance(value, list) else value):
            assert word in kept, (kind, word)


@hypothesis_settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents=st.lists(st.tuples(DOCUMENT, st.sampled_from(sorted(FORMATS))), min_size=1, max_size=3),
       questions=st.lists(st.one_of(QUESTION, SENTENCE, WORD), min_size=1, max_size=3))
def test_a_generated_corpus_builds_and_every_question_gets_an_answer(tmp_path_factory, documents, questions):
    folder = tmp_path_factory.mktemp("generated")
    (folder / "corpus").mkdir()
    for number, (blocks, suffix) in enumerate(documents):
        (folder / "corpus" / f"doc{number}{suffix}").write_bytes(rendered(blocks, suffix))
    settings = Settings(corpus_dir=folder / "corpus", index_dir=folder / "index", data_dir=folder / "data",
                        model=FAKE_MODEL, min_confidence=FAKE_MIN_CONFIDENCE)
    bot = Bot.load(settings, encoder=FakeEncoder(), notify=lambda message: None)
    for question in questions:
        answer = bot.answer(question, history=questions[:1])
        assert len(answer.answer) <= 1000 or not answer.found
        assert answer.found == bool(answer.highlight) and (not answer.found or answer.highlight in answer.answer)


BROKEN = st.sampled_from([
    ("empty.txt", b""),
    ("binary.md", b"\x00\x01\x02 not text \x00"),
    ("latin1.txt", "caf\xe9 au lait".encode("latin-1")),
    ("noise.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4),
    ("truncated.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog"),
    ("empty.html", b"<html><body>   </body></html>"),
    ("truncated.docx", b"PK\x03\x04\x14\x00\x00\x00"),
    ("truncated.xlsx", b"PK\x03\x04\x14\x00\x00\x00"),
    ("truncated.odt", b"PK\x03\x04\x14\x00\x00\x00"),
    ("truncated.pptx", b"PK\x03\x04\x14\x00\x00\x00"),
    ("truncated.epub", b"PK\x03\x04\x14\x00\x00\x00"),
    ("no-page.mhtml", b"MIME-Version: 1.0\nContent-Type: text/plain\n\nnot a page\n"),
    *[(path.name, path.read_bytes()) for path in sorted((Path(__file__).parent / "data" / "hostile").glob("*.pdf"))],
])


@hypothesis_settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(valid=st.lists(st.tuples(DOCUMENT, st.sampled_from(sorted(FORMATS))), min_size=1, max_size=3),
       broken=st.lists(BROKEN, min_size=1, max_size=4, unique_by=lambda item: item[0]))
def test_a_corpus_mixing_valid_and_broken_files_always_builds_every_valid_one(tmp_path_factory, valid, broken):
    from bot.indexing import build as builder

    folder = tmp_path_factory.mktemp("mixed")
    (folder / "corpus").mkdir()
    names = []
    for number, (blocks, suffix) in enumerate(valid):
        names.append(f"doc{number}{suffix}")
        (folder / "corpus" / names[-1]).write_bytes(rendered(blocks, suffix))
    for name, data in broken:
        (folder / "corpus" / f"broken-{name}").write_bytes(data)
    settings = Settings(corpus_dir=folder / "corpus", index_dir=folder / "index", data_dir=folder / "data",
                        model=FAKE_MODEL, min_confidence=FAKE_MIN_CONFIDENCE)
    report = builder.build(settings, FakeEncoder())
    assert report.rebuilt and report.files == len(valid) + len(broken)
    manifest = Bot.load(settings, encoder=FakeEncoder(), notify=lambda m: None).manifest
    assert set(names) <= set(manifest.documents)
    for name, _ in broken:
        assert any(f"broken-{name}" in warning for warning in report.skipped), name
