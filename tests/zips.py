"""Zipped documents (Word, Excel, OpenDocument, PowerPoint) changed part by part, for the readers' tests."""

import io
import zipfile
from collections.abc import Callable


def changed_zip(data: bytes, changes: dict[str, Callable[[bytes], bytes | None]],
                added: dict[str, bytes | str] | None = None) -> bytes:
    """The zip with each part named in `changes` passed through its change (None leaves the part out), every part
    keeping its compression, and the `added` parts after them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            part = source.read(item)
            changed = changes[item.filename](part) if item.filename in changes else part
            if changed is not None:
                target.writestr(item, changed)
        for name, part in (added or {}).items():
            target.writestr(name, part)
    return out.getvalue()
