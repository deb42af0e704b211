"""Web pages saved as one file (.mhtml, .mht: a browser's "Webpage, Single File"): a MIME message whose first HTML
part is the page, read as HTML is, with the stylesheets saved beside it after its own (they say which classes are
bold) and its links to its own parts in-page again; its images, fonts and frames are not read."""

from __future__ import annotations

import email
import email.policy
import html
import re
from email.message import Message
from pathlib import Path
from urllib.parse import urldefrag

from .blocks import Block, UnreadableFile
from .encodings import decode_html
from .html import read_html

# A Content-Type header with its continuation lines: a browser writes one of a few hundred bytes at most.
CONTENT_TYPE = re.compile(rb"^content-type:[^\n]*(?:\n[ \t][^\n]*)*", re.IGNORECASE | re.MULTILINE)
MAX_HEADER_BYTES = 4096


def read_mhtml(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of the page a single-file web archive holds."""
    if any(len(header.group()) > MAX_HEADER_BYTES for header in CONTENT_TYPE.finditer(data)):
        raise UnreadableFile(f"a Content-Type header over {MAX_HEADER_BYTES:,} bytes (the email package reads its "
                             "parameters in quadratic time)")
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        parts = [part for part in message.walk() if not part.is_multipart()]
    except RecursionError:
        raise UnreadableFile("nested too deeply to read") from None
    page = next((part for part in parts if part.get_content_type() == "text/html"), None)
    if page is None:
        raise UnreadableFile("no web page in the file (a saved page's archive holds it as its text/html part)")
    css = [_text(part).replace("</", "<\\/") for part in parts if part.get_content_type() == "text/css"]  # "<\/" is
    # "</" in CSS, and ends no <style>
    styles = "".join(f"<style>{sheet}</style>" for sheet in css)
    text = _in_page_links(_page_text(page), str(page.get("Content-Location") or ""))
    return read_html(path, (text + styles).encode("utf-8"))  # the page's own <style> first: they are read up to a limit


def _page_text(part: Message) -> str:
    """The page's text: in the charset its part names; else as the HTML reader tells it (a browser names none and
    writes the page's own <meta> charset)."""
    charset = part.get_content_charset()
    return _decoded(_payload(part), charset) if charset else decode_html(_payload(part))


def _in_page_links(page: str, location: str) -> str:
    """The page with its links to its own parts written "#part" again: a browser saves them with the page's address
    (its own fragment, if it had one, left out) before the "#", and a table of contents is known by links that stay
    on the page."""
    address = urldefrag("".join(location.split())).url  # a folded header's line breaks are no part of it
    if not address:
        return page
    for written in dict.fromkeys((address, html.escape(address))):
        for quote in "\"'":
            page = page.replace(f"href={quote}{written}#", f"href={quote}#")
    return page


def _text(part: Message) -> str:
    return _decoded(_payload(part), part.get_content_charset() or "utf-8")


def _payload(part: Message) -> bytes:
    """A part's bytes, its transfer encoding (quoted-printable, base64) undone."""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _decoded(data: bytes, charset: str) -> str:
    try:
        return data.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", errors="replace")
