"""OpenDocument text (.odt: LibreOffice Writer's own format, and one Google Docs exports) into blocks: odfdo writes
it as Markdown (headings by outline level, lists, tables, bold), which the Markdown reader reads. Notes stand in
brackets where they are referred to, not listed after the last entry. Like a Word file, an .odt is a zip of XML
parts: its inflated size is checked first, and a part declaring XML entities (which no OpenDocument file needs) is
refused before anything is parsed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .archive import check_size
from .blocks import Block, UnreadableFile

# What a broken document raises: a bad zip, a missing part, broken XML (lxml's errors are SyntaxErrors), odd values.
BROKEN = (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, IndexError, OSError, SyntaxError,
          EOFError)


def read_odt(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of an OpenDocument text file."""
    import odfdo
    from odfdo import Note, Span

    from .markdown import read_markdown

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_size(archive, "OpenDocument file")
            if any(b"<!ENTITY" in archive.read(name) for name in archive.namelist() if name.endswith(".xml")):
                raise UnreadableFile("an XML part declares entities (no OpenDocument file does)")
        document = odfdo.Document(io.BytesIO(data))
        for note in document.body.get_elements("//text:note"):
            if isinstance(note, Note) and note.parent is not None:
                inline = Span(f" ({' '.join(note.note_body.split())})")
                inline.tail = note.tail  # the text after the note's mark
                note.parent.replace_element(note, inline)
        markdown = document.to_markdown()
    except zipfile.BadZipFile:
        raise UnreadableFile("not an OpenDocument file (not a zip file)") from None
    except RecursionError:
        raise UnreadableFile("nested too deeply to read") from None
    except BROKEN as exc:
        raise UnreadableFile(f"not an OpenDocument text ({type(exc).__name__}: {exc})") from None
    if not isinstance(markdown, str) or not markdown.strip():
        raise UnreadableFile("the OpenDocument file holds no text")
    title, blocks = read_markdown(path, markdown.encode("utf-8"))
    return " ".join(str(document.meta.title or "").split()) or title, blocks
