"""EPUB e-books (.epub) into blocks: the chapters in reading order (the package's spine), each read as an HTML page.

An EPUB is a zip: META-INF/container.xml names the package file, whose manifest lists the chapters and whose spine
orders them. The book's own table of contents (EPUB 3's navigation document, EPUB 2's guide "toc" page), images,
fonts and style sheets are not read as text. The zip's size is checked first, like a Word file's, and the chapters'
together; the book's XML files may declare no entities.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from pathlib import Path
from urllib.parse import unquote, urldefrag
from xml.etree import ElementTree

from .archive import MAX_INFLATED_BYTES, check_size, holds
from .blocks import Block, UnreadableFile
from .text import title_from_name

CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
CHAPTER_TYPES = {"application/xhtml+xml", "text/html"}
MAX_TITLE_CHARS = 300
# What a broken book raises: a bad zip, a missing part, broken XML or an encoding Python does not know, a broken or
# encrypted part.
BROKEN = (zipfile.BadZipFile, KeyError, ValueError, OSError, ElementTree.ParseError, EOFError, LookupError, zlib.error,
          RuntimeError)


def read_ebook(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of an EPUB book."""
    from .html import read_html

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_size(archive, "e-book")
            if _chapters_encrypted(archive):
                raise UnreadableFile("the e-book's chapters are encrypted (a book sold with DRM); only a DRM-free "
                                     "EPUB can be read")
            package_path = _package_path(archive)
            package = _xml(archive, package_path)
            names = {part.filename: part.file_size for part in archive.infolist()}
            chapters = [name for name in _chapters(package, posixpath.dirname(package_path)) if name in names]
            if sum(names[name] for name in chapters) > MAX_INFLATED_BYTES:
                raise UnreadableFile(f"the e-book's chapters inflate to over {MAX_INFLATED_BYTES // 1_000_000} MB")
            pages = [(name, archive.read(name)) for name in chapters]
    except zipfile.BadZipFile:
        raise UnreadableFile("not an EPUB book (not a zip file)") from None
    except BROKEN as exc:
        raise UnreadableFile(f"not an EPUB book ({type(exc).__name__}: {exc})") from None
    blocks: list[Block] = []
    for name, page in pages:
        try:
            blocks += read_html(Path(name), page)[1]
        except UnreadableFile:
            continue  # a chapter of images only, a blank page
    if not blocks:
        raise UnreadableFile("the e-book holds no text")
    title = package.find(f"{OPF}metadata//{DC}title")  # EPUB 2 may wrap it in <dc-metadata>
    named = " ".join((title.text or "").split())[:MAX_TITLE_CHARS] if title is not None else ""
    return named or title_from_name(path), blocks


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    """A part of the book's own XML, parsed; one declaring entities (a small file can expand a hundredfold) refused."""
    data = archive.read(name)
    if holds(data, "<!ENTITY"):
        raise UnreadableFile(f"{name} declares XML entities (no e-book needs them)")
    return ElementTree.fromstring(data)


def _chapters_encrypted(archive: zipfile.ZipFile) -> bool:
    """Whether the book's encryption part names a page: DRM encrypts its chapters (DRM-free books may name their
    embedded fonts there, which are only obfuscated)."""
    if "META-INF/encryption.xml" not in archive.namelist():
        return False
    return any((reference.get("URI") or "").lower().endswith((".xhtml", ".html", ".htm"))
               for reference in _xml(archive, "META-INF/encryption.xml").iter() if reference.tag.endswith("CipherReference"))


def _package_path(archive: zipfile.ZipFile) -> str:
    """Where the package file is, as the container names it."""
    rootfile = _xml(archive, "META-INF/container.xml").find(f"{CONTAINER}rootfiles/{CONTAINER}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise ValueError("the container names no package file")
    return _resolved("", str(rootfile.get("full-path")))


def _chapters(package: ElementTree.Element, folder: str) -> list[str]:
    """The zip names of the spine's chapters in reading order, each once; the book's table of contents (the
    navigation document, or the page the guide names "toc") left out."""
    manifest = {item.get("id"): item for item in package.iter(f"{OPF}item")}
    contents = {_resolved(folder, reference.get("href") or "") for reference in package.iter(f"{OPF}reference")
                if (reference.get("type") or "").lower() == "toc"}
    names = []
    for reference in package.iter(f"{OPF}itemref"):
        item = manifest.get(reference.get("idref"))
        media_type = (item.get("media-type") or "").partition(";")[0].strip().lower() if item is not None else ""
        if item is None or media_type not in CHAPTER_TYPES or "nav" in (item.get("properties") or "").split():
            continue
        name = _resolved(folder, item.get("href") or "")
        if name not in contents:
            names.append(name)
    return list(dict.fromkeys(names))  # each once, though the spine names it again


def _resolved(folder: str, href: str) -> str:
    """The zip name an href names from the package's folder: its fragment left out, percent-decoded, from the book's
    root when it opens with "/", never above the root."""
    path = unquote(urldefrag(href).url)
    joined = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path))
    while joined.startswith("../"):
        joined = joined[3:]
    return "" if joined in (".", "..") else joined
