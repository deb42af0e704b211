"""Security: loopback by default, no file served from outside, nothing executed or unpickled, fuzzing."""

import re

import httpx
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from bot.ingest.blocks import UnreadableFile
from bot.ingest.chunking import KINDS, chunk_document
from bot.ingest.text import read_text
from bot.words import fold, words
from bot.ingest.files import Document
from bot.errors import QuestionError

from .conftest import CORPUS, ROOT
from .test_cli import assert_answer_schema

LOOPBACK_HEX = "0100007F"  # 127.0.0.1 as /proc/net/tcp writes it


def listening_addresses(port: int) -> set[str]:
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                addresses.add(address)
    return addresses


@pytest.mark.model
def test_the_page_listens_on_loopback_only_by_default(served_app):
    _, port = served_app
    assert listening_addresses(port) == {LOOPBACK_HEX}


@pytest.mark.model
@pytest.mark.parametrize(
    "path",
    [
        "/gradio_api/file=/etc/passwd",
        "/file=/etc/passwd",
        "/gradio_api/file=../../../../../../etc/passwd",
        "/gradio_api/file=%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/gradio_api/file=..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/../../../../etc/passwd",
        "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd",
        f"/gradio_api/file={CORPUS / 'can-ldn-cause-depression.txt'}",
        "/gradio_api/file=corpus/can-ldn-cause-depression.txt",
        f"/gradio_api/file={ROOT / 'app.py'}",
        "/gradio_api/file=index/manifest.json",
        "/corpus/can-ldn-cause-depression.txt",
        "/index/manifest.json",
        "/corpus/",
        "/index/",
    ],
)
def test_no_file_outside_the_app_is_served(served_app, path):
    url, _ = served_app
    response = httpx.get(url.rstrip("/") + path, follow_redirects=True, timeout=10)
    body = response.text
    assert "root:x:0:0" not in body
    assert "rarely causes depression" not in body  # the corpus
    assert '"format_version"' not in body  # the index manifest
    assert "build_demo" not in body  # the code
    assert response.status_code != 200 or path.endswith("/") or "<!doctype html>" in body.lower()


def test_nothing_from_the_index_or_corpus_is_unpickled_or_executed():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "bot").glob("*.py"))
    for forbidden in (r"\bimport pickle\b", r"\bpickle\.", r"allow_pickle\s*=\s*True", r"\bnp\.load\(", r"(?<![.\w])eval\(",
                      r"(?<![.\w])exec\(", r"\bmarshal\b", r"\bshelve\b", r"\bjoblib\b", r"yaml\.load\("):
        assert not re.search(forbidden, source), forbidden


lines = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)
structured = st.lists(
    st.one_of(lines, st.sampled_from(["Heading", "Question?", "a | b |", "---|---|", "- item", "➤ item", "Lead in:", ""])),
    max_size=30,
).map("\n".join)


@hypothesis_settings(max_examples=300, deadline=None)
@given(structured)
def test_the_chunker_never_raises_and_keeps_its_promises(text):
    try:
        title, blocks = read_text(Path("d.txt"), text.encode("utf-8"))
    except UnreadableFile:
        assert not text.strip() or "\x00" in text
        return
    chunks = chunk_document(Document("d.txt", Path("d.txt"), title, tuple(blocks), "0"))
    for chunk in chunks:
        assert chunk.kind in KINDS and chunk.text.strip() and chunk.section
    headings = " ".join(b.text for b in blocks if b.kind in ("heading", "question"))  # alone, they hold nothing
    kept = fold(" ".join(f"{c.section} {c.text}" for c in chunks) + f" {title} {headings}")
    for word in words(text):
        assert word in kept  # no content is lost: every word is in a passage or a heading


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=st.text(max_size=300), history=st.lists(st.text(max_size=80), max_size=3))
def test_ask_never_raises_and_always_returns_the_schema(fake_bot, question, history):
    try:
        answer = fake_bot.answer(question, history=history)
    except QuestionError:
        assert not "".join(ch for ch in question if ch.isprintable()).strip() or question.strip() == ""
        return
    assert_answer_schema(answer.to_dict())
