"""Hostile documents and careless owners: no file stops a build, answers stay in their cap, nothing drives the terminal."""

import os
import shutil
from pathlib import Path

import pytest

from bot import Bot
from bot.indexing import build as builder
from bot.interfaces.cli import main
from bot.interfaces.web import questions_from_history

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"


def test_broken_and_inflating_pdfs_are_skipped_and_the_rest_is_indexed(settings, fake_encoder):
    for pdf in HOSTILE.glob("*.pdf"):
        shutil.copy(pdf, settings.corpus_dir / pdf.name)
    report = builder.build(settings, fake_encoder)
    assert report.rebuilt and report.files == 5 and report.chunks > 0
    skipped = " ".join(report.skipped)
    for pdf in HOSTILE.glob("*.pdf"):
        assert pdf.name in skipped
    assert "decompression limit" in skipped
    bot = Bot.load(settings.with_changes(auto_build=False), encoder=fake_encoder, notify=lambda m: None)
    assert bot.answer("What is the usual daily dose of LDN?").found


def test_files_outside_the_corpus_folder_and_hidden_files_are_not_indexed(settings, fake_encoder, tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_text("Secret notes\n\nThe launch code is swordfish.\n", encoding="utf-8")
    os.symlink(secret, settings.corpus_dir / "linked.txt")
    (settings.corpus_dir / ".hidden.txt").write_text("Hidden\n\nThe hidden word is marmalade.\n", encoding="utf-8")
    report = builder.build(settings, fake_encoder)
    assert report.files == 1
    assert any("linked.txt" in w and "outside the corpus folder" in w for w in report.skipped)
    assert any(".hidden.txt" in w and "hidden" in w for w in report.skipped)
    chunks = (settings.index_dir / "chunks.jsonl").read_text(encoding="utf-8")
    assert "swordfish" not in chunks and "marmalade" not in chunks


def test_a_pipe_or_a_link_out_named_like_a_readme_is_never_opened(settings, fake_encoder, tmp_path):
    """Files of no suffix are opened to tell text from binary: only regular files inside the folder are."""
    os.mkfifo(settings.corpus_dir / "README")  # opening it would wait for a writer forever
    secret = tmp_path / "SECRET"
    secret.write_text("The launch code is swordfish.\n", encoding="utf-8")
    os.symlink(secret, settings.corpus_dir / "NOTES")
    report = builder.build(settings, fake_encoder)
    assert report.files == 1
    assert any("NOTES" in w and "outside the corpus folder" in w for w in report.skipped)
    assert "swordfish" not in (settings.index_dir / "chunks.jsonl").read_text(encoding="utf-8")


def test_a_build_with_nothing_changed_parses_nothing(settings, fake_encoder, monkeypatch):
    (settings.corpus_dir / "deep.html").write_text("<div>" * 10_000 + "Deep text." + "</div>" * 10_000, encoding="utf-8")
    assert builder.build(settings, fake_encoder).rebuilt
    import bot.ingest.readers

    def no_parsing(path, data):
        raise AssertionError(f"{path} was parsed although nothing changed")

    monkeypatch.setattr(bot.ingest.readers, "read", no_parsing)
    assert not builder.build(settings, fake_encoder).rebuilt


def test_a_one_megabyte_sentence_is_cut_in_the_answer_and_its_highlight(settings, fake_encoder):
    (settings.corpus_dir / "huge.txt").write_text("Huge\n\n" + "zebra " * 170_000 + "end.\n", encoding="utf-8")
    bot = Bot.load(settings, encoder=fake_encoder, notify=lambda m: None)
    answer = bot.answer("zebra zebra")
    assert answer.found and answer.sources[0].doc == "huge.txt"
    assert len(answer.answer) <= 1000 and answer.answer.endswith("…") and answer.highlight in answer.answer


def test_escape_sequences_in_a_document_never_reach_the_terminal(use_fake_encoder, capsys):
    (use_fake_encoder.corpus_dir / "evil.txt").write_text(
        "Evil\n\nThe \x1b]0;OWNED\x07\x1b[31mzebra aquarium\x1b[0m report says fins regrow fast.\n", encoding="utf-8")
    assert main(["ask", "zebra aquarium fins regrow"]) == 0
    out = capsys.readouterr().out
    assert "zebra aquarium" in out and "\x1b" not in out and "OWNED" not in out
    assert main(["ask", "--json", "zebra aquarium fins regrow"]) == 0
    assert "\\u001b" in capsys.readouterr().out  # the JSON output stays faithful, escaped


@pytest.mark.parametrize("history", [5, float("inf"), "just a string", {"role": "user"}, [[["nested"]], None, 3]])
def test_any_malformed_history_is_ignored(fake_bot, history):
    alone = fake_bot.answer("What is the usual daily dose of LDN?")
    assert fake_bot.answer("What is the usual daily dose of LDN?", history=questions_from_history(history)).answer == alone.answer
    assert fake_bot.answer("What is the usual daily dose of LDN?", history=history).answer == alone.answer


def test_a_damaged_feedback_store_says_so_and_the_next_vote_works_once_it_is_repaired(use_fake_encoder, capsys):
    from bot.records.store import Store, StoreUnavailable

    store = Store.at(use_fake_encoder.data_dir)
    vote = {"question": "q", "found": False, "confidence": 0.1, "answer": "not covered", "sources": []}
    store.vote(vote, helpful=False)
    store.path.write_bytes(os.urandom(4096))  # replaced by random bytes
    with pytest.raises(StoreUnavailable, match="feedback.sqlite3"):
        store.vote(vote, helpful=False)
    assert main(["feedback"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "feedback.sqlite3" in err[0] and "move the damaged file aside" in err[0]
    store.path.unlink()
    store.vote(vote, helpful=False)  # no restart needed
    assert store.count() == 1


@pytest.mark.parametrize("text", ["see https://host/q-bare now", "![pic](https://host/pixel.png)", "(www.example.org/a_b)."])
def test_urls_are_shown_whole_as_text_never_as_a_corrupted_link_or_an_image(text):
    from bot.interfaces.markdown import escape_markdown

    shown = escape_markdown(text)
    url = next(part for part in text.replace("(", " ").replace(")", " ").split() if "//" in part or part.startswith("www."))
    url = url.rstrip(".")
    assert f"`{url}`" in shown  # a code span: verbatim, never autolinked, nothing escaped inside it
    assert "![" not in shown and "](" not in shown


LINKED_MARKDOWN = (
    "# Zebra care links\n\n"
    "Read [the zebra care guide](https://guide.example/zebra?a=1&b=(2)) or [write to us](mailto:care@guide.example). "
    "Never [click this](javascript:alert(1)) nor [this](data:text/html,hi) nor [that](/relative/page); "
    "![a pixel](https://host.example/pixel.png) is only its alt text.\n"
)


def test_links_the_documents_make_are_kept_for_web_and_mail_targets_only(tmp_path):
    from bot.ingest.html import read_html
    from bot.ingest.markdown import read_markdown

    _, blocks = read_markdown(tmp_path / "links.md", LINKED_MARKDOWN.encode())
    assert blocks[1].links == (("the zebra care guide", "https://guide.example/zebra?a=1&b=(2)"),
                               ("write to us", "mailto:care@guide.example"))
    page = (b"<p>See <a href='https://docs.example/a?x=1'>the docs</a>, <a href='javascript:alert(1)'>bad</a>,"
            b" <a href='/relative'>relative</a>.</p><nav><a href='https://menu.example'>menu</a></nav>")
    _, blocks = read_html(tmp_path / "links.html", page)
    assert [block.links for block in blocks] == [(("the docs", "https://docs.example/a?x=1"),)]


def test_a_link_is_rendered_with_its_target_encoded_and_nothing_else_becomes_a_link(tmp_path):
    from bot.ingest.chunking import chunk_document
    from bot.ingest.files import Document
    from bot.ingest.markdown import read_markdown
    from bot.interfaces.markdown import escape_markdown

    title, blocks = read_markdown(tmp_path / "links.md", LINKED_MARKDOWN.encode())
    units = [u for chunk in chunk_document(Document("links.md", tmp_path / "links.md", title, tuple(blocks), "")) for u in chunk.units if u.links]
    shown = " ".join(escape_markdown(unit.text, unit.links) for unit in units)
    assert "[the zebra care guide](https://guide.example/zebra?a=1&b=%282%29)" in shown
    assert "[write to us](mailto:care@guide.example)" in shown
    assert shown.count("](") == 2 and "![" not in shown and "javascript" not in shown.lower().replace("click this", "")
    text = "the docs at https://docs.example/the docs"  # a link's text inside a bare URL is not linked there
    assert escape_markdown(text, [("docs", "https://x.example")]) == "the [docs](https://x.example) at `https://docs.example/the` docs"
