"""Documents that are zips of XML parts (.docx, .xlsx, .odt): refused before anything is inflated when they are too
big, and their XML parts for the checks a reader makes before its library parses them.

zipfile never inflates a part past the size its header declares, so the declared sizes bound what reading costs.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from .blocks import UnreadableFile

MAX_INFLATED_BYTES = 15_000_000  # the XML parts of one document inflated (a 300-page manual's text holds a few MB)
MAX_ARCHIVE_BYTES = 200_000_000  # all its parts, images included (a deck of photos), inflated
MAX_PARTS = 5_000  # a document has a few dozen; images add one each


def check_size(archive: zipfile.ZipFile, what: str) -> None:
    """Refuse a zip of more than MAX_PARTS parts, whose XML parts (what the libraries parse) inflate past
    MAX_INFLATED_BYTES, or all of whose parts (images too) inflate past MAX_ARCHIVE_BYTES: a decompression bomb."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise UnreadableFile(f"the {what} has over {MAX_PARTS} parts")
    if sum(part.file_size for part in parts if _xml(part.filename)) > MAX_INFLATED_BYTES:
        raise UnreadableFile(f"the {what}'s text inflates to over {MAX_INFLATED_BYTES // 1_000_000} MB")
    if sum(part.file_size for part in parts) > MAX_ARCHIVE_BYTES:
        raise UnreadableFile(f"the {what} inflates to over {MAX_ARCHIVE_BYTES // 1_000_000} MB")


def _xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def xml_parts(archive: zipfile.ZipFile) -> Iterator[tuple[str, bytes]]:
    """Each XML part's name and bytes, each read once (after check_size, which bounds what they cost)."""
    for name in archive.namelist():
        if _xml(name):
            yield name, archive.read(name)
