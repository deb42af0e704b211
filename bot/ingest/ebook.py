"""EPUB e-books (.epub) into blocks: the chapters in reading order (the package's spine), each read as an HTML page,
under the book's title.

An EPUB is a zip: META-INF/container.xml names the package file, whose manifest lists the chapters and whose spine
orders them. The book's own table of contents (its navigation document), images, fonts and style sheets are not
read as text. The zip's size is checked first, like a Word file's.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

from .archive import check_size
from .blocks import Block, UnreadableFile
from .text import title_from_name

CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
CHAPTER_TYPES = {"application/xhtml+xml", "text/html"}
# What a broken book raises: a bad zip, a missing part, broken XML, a broken or encrypted part.
BROKEN = (zipfile.BadZipFile, KeyError, ValueError, OSError, ElementTree.ParseError, EOFError, zlib.error, RuntimeError)


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
            package = ElementTree.fromstring(archive.read(package_path))
            names = set(archive.namelist())
            chapters = [(name, archive.read(name)) for name in _chapters(package, posixpath.dirname(package_path))
                        if name in names]
    except zipfile.BadZipFile:
        raise UnreadableFile("not an EPUB book (not a zip file)") from None
    except BROKEN as exc:
        raise UnreadableFile(f"not an EPUB book ({type(exc).__name__}: {exc})") from None
    blocks: list[Block] = []
    for name, chapter in chapters:
        try:
            blocks += read_html(Path(name), chapter)[1]
        except UnreadableFile:
            continue  # a chapter of images only, a blank page
    if not blocks:
        raise UnreadableFile("the e-book holds no text")
    title = package.find(f"{OPF}metadata/{DC}title")
    return (" ".join((title.text or "").split()) if title is not None else "") or title_from_name(path), blocks


def _chapters_encrypted(archive: zipfile.ZipFile) -> bool:
    """Whether the book's encryption part names a page: DRM encrypts its chapters (DRM-free books may name their
    embedded fonts there, which are only obfuscated)."""
    if "META-INF/encryption.xml" not in archive.namelist():
        return False
    encryption = ElementTree.fromstring(archive.read("META-INF/encryption.xml"))
    return any((reference.get("URI") or "").lower().endswith((".xhtml", ".html", ".htm"))
               for reference in encryption.iter() if reference.tag.endswith("CipherReference"))


def _package_path(archive: zipfile.ZipFile) -> str:
    """Where the package file is, as the container names it."""
    container = ElementTree.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find(f"{CONTAINER}rootfiles/{CONTAINER}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise ValueError("the container names no package file")
    return str(rootfile.get("full-path"))


def _chapters(package: ElementTree.Element, folder: str) -> list[str]:
    """The zip names of the spine's chapters in reading order, each once, the navigation document left out."""
    manifest = {item.get("id"): item for item in package.iter(f"{OPF}item")}
    names = []
    for reference in package.iter(f"{OPF}itemref"):
        item = manifest.get(reference.get("idref"))
        if item is None or item.get("media-type") not in CHAPTER_TYPES or "nav" in (item.get("properties") or "").split():
            continue
        names.append(posixpath.normpath(posixpath.join(folder, unquote(item.get("href") or ""))))
    return list(dict.fromkeys(names))  # each once, though the spine names it again
