"""Documents that are zips of XML parts (.docx, .xlsx, .odt): refused before anything is inflated when they are too
big, and their XML parts for the checks a reader makes before its library parses them.

zipfile never inflates a part past the size its header declares, so the declared sizes bound what reading costs.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from .blocks import UnreadableFile

MAX_INFLATED_BYTES = 15_000_000  # all parts of one document inflated (a 300-page manual's text holds a few MB)
MAX_PARTS = 5_000  # a document has a few dozen; images add one each


def check_size(archive: zipfile.ZipFile, what: str) -> None:
    """Refuse a zip of more than MAX_PARTS parts or that inflates past MAX_INFLATED_BYTES (a decompression bomb)."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise UnreadableFile(f"the {what} has over {MAX_PARTS} parts")
    if sum(part.file_size for part in parts) > MAX_INFLATED_BYTES:
        raise UnreadableFile(f"the {what} inflates to over {MAX_INFLATED_BYTES // 1_000_000} MB")


def xml_parts(archive: zipfile.ZipFile) -> Iterator[tuple[str, bytes]]:
    """Each XML part's name and bytes, each read once (after check_size, which bounds what they cost)."""
    for name in archive.namelist():
        if name.endswith(".xml"):
            yield name, archive.read(name)
