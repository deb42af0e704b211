"""Reading the corpus folder: every format, and files that cannot be read."""

import pytest

from bot.ingest.chunking import chunk_document
from bot.ingest.files import fingerprint, load_corpus, scan
from bot.errors import CorpusError


def make_pdf(text: str) -> bytes:
    """A one-page PDF showing `text`, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_reads_txt_md_html_and_pdf(tmp_path):
    (tmp_path / "a.txt").write_text("Plain heading\nA plain paragraph about dosing.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Markdown Title\n\nSome *markdown* text here.", encoding="utf-8")
    (tmp_path / "c.html").write_text(
        "<html><head><title>Page Title</title><script>alert(1)</script></head><body>"
        "<h2>Side effects</h2><p>Vivid dreams are common.</p><ul><li>insomnia</li><li>headache</li></ul>"
        "<table><tr><th>Drug</th><th>Dose</th></tr><tr><td>LDN</td><td>4.5 mg</td></tr></table></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "d.pdf").write_bytes(make_pdf("The PDF says hello."))
    (tmp_path / "README.markdown").write_text("# Long Suffix\n\n## How?\n\n*Markdown* too.", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.warnings == []
    by_id = {d.id: d for d in corpus.documents}
    assert sorted(by_id) == ["README.markdown", "a.txt", "b.md", "c.html", "d.pdf"]
    assert by_id["b.md"].title == "Markdown Title"
    assert by_id["README.markdown"].title == "Long Suffix" and by_id["README.markdown"].blocks[-1].text == "Markdown too."
    html = by_id["c.html"]
    assert html.title == "Page Title" and not any("alert" in b.text for b in html.blocks)
    html_chunks = chunk_document(html)
    assert [(c.section, c.kind) for c in html_chunks] == [("Side effects", "paragraph"), ("Side effects", "list"), ("Side effects", "table")]
    assert "LDN | 4.5 mg |" in html_chunks[2].text
    assert any("The PDF says hello." in b.text for b in by_id["d.pdf"].blocks)
    assert set(corpus.fingerprint) == set(by_id)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02binary", "binary"),
        ("latin1.txt", "caf\xe9 au lait".encode("latin-1"), "UTF-8"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("empty.html", b"<html><body><script>x()</script></body></html>", "no text"),
    ],
)
def test_unreadable_files_are_skipped_with_a_warning_naming_them(tmp_path, name, content, reason):
    (tmp_path / "good.txt").write_text("A good paragraph.", encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    corpus = load_corpus(tmp_path)
    assert [d.id for d in corpus.documents] == ["good.txt"]
    assert len(corpus.warnings) == 1 and name in corpus.warnings[0] and reason in corpus.warnings[0]
    assert name in corpus.fingerprint  # still hashed, so the index is not forever "stale"


def test_a_corpus_of_zero_files_is_an_error_naming_the_folder(tmp_path):
    (tmp_path / "slides.key").write_bytes(b"PK\x03\x04\x14\x00\x00\x00")  # a zip, as a Keynote file is
    with pytest.raises(CorpusError, match=str(tmp_path)):
        load_corpus(tmp_path)


def test_a_missing_corpus_folder_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nope")


def test_files_of_other_formats_are_named_as_skipped_but_the_corpus_settings_and_hidden_files_are_not(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    for name in ("slides.key", "bot.toml", "synonyms.csv", "alternates.csv", ".DS_Store", "data.json", "site.yaml",
                 *(f"figure{n}.png" for n in range(5))):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "slides.key").write_bytes(b"PK\x03\x04\x00\x00Index/Document.iwa")  # Keynote's: a zip, binary
    (tmp_path / "core").write_bytes(b"\x7fELF\x02\x01\x00\x00")  # no suffix, no text
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_bytes(b"x")
    files, notes = scan(tmp_path)
    assert [f.name for f in files] == ["a.txt"]
    reads = "(the bot reads .txt, .md, .markdown, .rst, .rest, .html, .htm, .xhtml, .mhtml, .mht, .pdf, .docx, .odt, .pptx, .epub, .csv, .tsv, .xlsx, .xlsm, and text files named like README or README.Debian)"
    assert notes == [f"skipped core: files without a suffix that hold no UTF-8 text are not read {reads}",
                     f"skipped data.json: .json files are not read {reads}",
                     f"skipped figure0.png, figure1.png, figure2.png and 2 more: .png files are not read {reads}",
                     f"skipped site.yaml: .yaml files are not read {reads}",
                     f"skipped slides.key: .key files are not read; save or export them as .pptx {reads}"]


def test_text_files_named_like_unix_documentation_are_read_as_plain_text(tmp_path):
    """README, FAQ, README.Debian: Unix documentation names its text files by what they are, not by a suffix."""
    (tmp_path / "README.Debian").write_text("Privoxy for Debian\n==================\n\nThe config is in /etc.\n",
                                             encoding="utf-8")
    (tmp_path / "FAQ").write_text("Q: Is it free?\nA: Yes, under the GPL.\n", encoding="utf-8")
    (tmp_path / "latin1").write_bytes("caf\xe9 au lait".encode("latin-1"))  # not UTF-8: not taken for text
    corpus = load_corpus(tmp_path)
    assert sorted(d.id for d in corpus.documents) == ["FAQ", "README.Debian"]
    readme = next(d for d in corpus.documents if d.id == "README.Debian")
    assert [b.kind for b in readme.blocks] == ["heading", "paragraph"] and readme.title == "Privoxy for Debian"
    assert corpus.warnings == ["skipped latin1: files without a suffix that hold no UTF-8 text are not read "
                               "(the bot reads .txt, .md, .markdown, .rst, .rest, .html, .htm, .xhtml, .mhtml, .mht, .pdf, .docx, .odt, .pptx, .epub, .csv, .tsv, .xlsx, .xlsm, and text files named like README or README.Debian)"]


def test_hidden_files_and_other_suffixes_are_ignored(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / ".draft.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert list(fingerprint(tmp_path)) == ["a.txt"]


def test_a_page_its_scripts_draw_saved_before_they_ran_is_named_with_what_to_do(tmp_path):
    script = "<script>" + "render(state);" * 3000 + "</script>"
    (tmp_path / "app.html").write_text(f"<html><head>{script}</head><body><div id='root'>Loading…</div></body></html>")
    (tmp_path / "blank.html").write_text(f"<html><head>{script}</head><body><div id='root'></div></body></html>")
    (tmp_path / "small.html").write_text("<html><body><p>Loading…</p></body></html>")
    corpus = load_corpus(tmp_path)
    assert sorted(d.id for d in corpus.documents) == ["app.html", "small.html"]
    assert corpus.warnings == [
        "app.html: only 8 characters of text in 42 KB of HTML (a page its scripts draw holds its text once they have "
        "run: save it from the browser after it loads)",
        "skipped blank.html: the HTML page holds no text (a page its scripts draw holds its text once they have run: "
        "save it from the browser after it loads)"]
