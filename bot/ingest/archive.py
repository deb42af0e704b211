"""Documents that are zips of XML parts (.docx, .xlsx, .odt, .pptx, .epub): refused before their parts are inflated
when they are too big, and their XML parts for the checks a reader makes before its library parses them.

zipfile never inflates a stored or deflated part past the size its header declares, so the declared sizes bound
what reading costs; a part is told to be XML by its first bytes, a few inflated.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from .blocks import UnreadableFile

MAX_INFLATED_BYTES = 15_000_000  # the XML parts of one document inflated (a 300-page manual's text holds a few MB)
MAX_ARCHIVE_BYTES = 200_000_000  # all its parts, images included (a deck of photos), inflated
MAX_PARTS = 5_000  # a document has a few dozen; images add one each
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # Office's old binary formats (.doc, .xls, .ppt), and files encrypted with a password
XML_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")  # what an XML part may be written in


def check_size(archive: zipfile.ZipFile, what: str) -> None:
    """Refuse a zip of more than MAX_PARTS parts, of parts compressed otherwise than Office and OpenDocument write
    them (stored or deflated: zipfile inflates a bzip2 or LZMA block whole, whatever its header declares), all of
    whose parts (images too) inflate past MAX_ARCHIVE_BYTES, or whose XML parts (what the libraries parse) inflate
    past MAX_INFLATED_BYTES: a decompression bomb. Only the last check reads anything: each part's first bytes."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise UnreadableFile(f"the {what} has over {MAX_PARTS} parts")
    if any(part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for part in parts):
        raise UnreadableFile(f"the {what} has parts compressed in a way Office and OpenDocument files never are")
    if sum(part.file_size for part in parts) > MAX_ARCHIVE_BYTES:
        raise UnreadableFile(f"the {what} inflates to over {MAX_ARCHIVE_BYTES // 1_000_000} MB")
    if sum(part.file_size for part in parts if _xml(archive, part)) > MAX_INFLATED_BYTES:
        raise UnreadableFile(f"the {what}'s XML (its text, styles, charts) inflates to over "
                             f"{MAX_INFLATED_BYTES // 1_000_000} MB")


def _xml(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether a part is XML, what the libraries parse: told by its first bytes, not its name (a document's parts are
    found through its relationships, whatever they are called), which open a tag past a byte-order mark, white space
    and UTF-16's zero bytes, or are all white space. A part that cannot be opened counts as XML."""
    try:
        with archive.open(part) as opened:
            head = opened.read(64)
    except Exception:  # a broken, encrypted or oddly compressed part
        return True
    opening = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    return not opening or opening.startswith(b"<")  # XML may open with any amount of white space


def holds(part: bytes, text: str) -> bool:
    """Whether an XML part holds an ASCII text ("<!ENTITY", "mergeCell") in any encoding XML parts are written in."""
    return any(text.encode(encoding) in part for encoding in XML_ENCODINGS)


def xml_parts(archive: zipfile.ZipFile) -> Iterator[tuple[str, bytes]]:
    """Each XML part's name and bytes, each read once (after check_size, which bounds what they cost)."""
    for part in archive.infolist():
        if _xml(archive, part):
            try:
                data = archive.read(part)
            except Exception as exc:  # broken, encrypted, or compressed in a way zipfile does not read
                raise UnreadableFile(f"part {part.filename} cannot be read ({type(exc).__name__})") from None
            yield part.filename, data
