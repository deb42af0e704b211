"""The light query path (ONNX) and the incremental build."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from bot import Bot
from bot.indexing import build as builder
from bot.indexing import everyday
from bot.indexing.encoders import query_encoder
from bot.indexing.everyday import EverydayWords
from bot.indexing.manifest import read_manifest
from bot.indexing.onnx import EXPORT_VERSION, MODEL_FILE, WEIGHTS_FILE, OnnxEncoder, check

from .conftest import ROOT, FakeEncoder


def test_an_unchanged_corpus_needs_no_encoder_at_all(settings, fake_encoder):
    builder.build(settings, fake_encoder)

    def no_encoder():
        raise AssertionError("the encoder was made for a fresh index")

    report = builder.build(settings, no_encoder)
    assert not report.rebuilt


def test_only_changed_texts_are_embedded(settings, fake_encoder):
    first = builder.build(settings, fake_encoder)
    assert first.embedded == len(set(t for line in (settings.index_dir / "chunks.jsonl").read_text().splitlines() for t in json.loads(line)["keys"]))
    (settings.corpus_dir / "extra.txt").write_text("Extra heading\nA brand new paragraph about zebrafish.\n", encoding="utf-8")
    before = fake_encoder.texts_encoded
    words_before = set(json.loads((settings.index_dir / "words.json").read_text()))
    suggestions_before = {text for text, _ in json.loads((settings.index_dir / "suggestions.json").read_text())}
    second = builder.build(settings, fake_encoder)
    assert second.rebuilt and second.embedded == 2  # the new passage (with its heading) and its one sentence
    new_words = set(json.loads((settings.index_dir / "words.json").read_text())) - words_before
    new_suggestions = {text for text, _ in json.loads((settings.index_dir / "suggestions.json").read_text())} - suggestions_before
    assert new_words and new_suggestions == {"Extra heading"}
    assert fake_encoder.texts_encoded - before == 2 + len(new_words) + 1  # and only the words and headings not seen before
    (settings.corpus_dir / "extra.txt").unlink()
    third = builder.build(settings, fake_encoder)
    assert third.embedded == 0 and third.chunks == first.chunks and third.vectors == first.vectors


def test_vectors_of_a_damaged_previous_index_are_not_reused(settings, fake_encoder):
    first = builder.build(settings, fake_encoder)
    path = settings.index_dir / "chunks.jsonl"
    path.write_bytes(path.read_bytes().replace(b"Naltrexone", b"Naltrexonf", 1))  # same size, wrong hash
    (settings.corpus_dir / "extra.txt").write_text("Extra heading\nA new paragraph.\n", encoding="utf-8")
    assert builder.build(settings, fake_encoder).embedded == first.embedded + 2


def test_force_embeds_everything_again(settings, fake_encoder):
    first = builder.build(settings, fake_encoder)
    assert builder.build(settings, fake_encoder, force=True).embedded == first.embedded


def test_a_non_sentence_transformers_encoder_gets_no_onnx_export(settings, fake_encoder):
    report = builder.build(settings, fake_encoder)
    assert report.onnx.passed is False and "not a sentence-transformers model" in report.onnx.reason
    assert not (settings.index_dir / MODEL_FILE).exists()


def test_without_a_checked_export_the_bot_falls_back_with_a_notice(settings, fake_encoder, monkeypatch):
    import bot.indexing.encoders

    builder.build(settings, fake_encoder)
    monkeypatch.setattr(bot.indexing.encoders, "reference_encoder", lambda s: FakeEncoder())
    notices = []
    manifest = read_manifest(settings.index_dir)
    encoder = query_encoder(settings, manifest, notices.append)
    assert isinstance(encoder, FakeEncoder)
    assert len(notices) == 1 and "no checked ONNX model" in notices[0] and "sentence-transformers" in notices[0]


def test_bot_encoder_onnx_refuses_instead_of_falling_back(settings, fake_encoder):
    from bot.errors import ModelError

    builder.build(settings, fake_encoder)
    manifest = read_manifest(settings.index_dir)
    with pytest.raises(ModelError, match="BOT_ENCODER=onnx, but the index has no checked ONNX model"):
        query_encoder(settings.with_changes(encoder="onnx"), manifest, print)




@pytest.mark.model
def test_the_build_exports_a_checked_onnx_model_with_fused_attention(real_index_dir):
    import onnx

    manifest = read_manifest(real_index_dir)
    assert manifest.onnx.passed is True and manifest.onnx.export_version == EXPORT_VERSION
    assert manifest.onnx.min_cosine >= 0.9999 and manifest.onnx.probes >= 10
    operators = [node.op_type for node in onnx.load(real_index_dir / MODEL_FILE, load_external_data=False).graph.node]
    assert operators.count("Attention") == 6  # one fused operator per layer of MiniLM-L6


@pytest.mark.model
def test_an_export_made_the_older_way_is_made_again(real_index_dir, tmp_path):
    from dataclasses import replace

    from bot.indexing.embedding import build_encoder
    from bot.indexing.encoders import SentenceTransformerEncoder

    current = read_manifest(real_index_dir)
    reused = build_encoder("", SentenceTransformerEncoder, current, real_index_dir, tmp_path, ["a probe"])
    assert reused.export_folder == real_index_dir
    older = replace(current, onnx=replace(current.onnx, export_version=EXPORT_VERSION - 1))
    remade = build_encoder("", SentenceTransformerEncoder, older, real_index_dir, tmp_path, ["a probe"])
    assert remade.export_folder == tmp_path and remade.onnx.export_version == EXPORT_VERSION


@pytest.mark.model
def test_the_bot_answers_through_onnx_with_the_same_vectors(real_bot):
    from bot.indexing.encoders import SentenceTransformerEncoder

    assert isinstance(real_bot.encoder, OnnxEncoder)
    texts = ["can LDN cause depression", "What is the usual daily dose of LDN?", "x"]
    cosines = (real_bot.encoder.encode(texts) * SentenceTransformerEncoder().encode(texts)).sum(axis=1)
    assert np.all(cosines >= 0.9999)


@pytest.mark.model
def test_the_check_fails_an_export_that_does_not_match(real_index_dir):
    class Wrong:
        name, dimension, max_length = "sentence-transformers/all-MiniLM-L6-v2", 384, 256

        def encode(self, texts):
            vectors = np.random.default_rng(0).normal(size=(len(texts), 384)).astype(np.float32)
            return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    result = check(Wrong(), real_index_dir, ["one probe", "another probe"])
    assert result.passed is False and result.min_cosine < 0.9999


@pytest.mark.model
@pytest.mark.parametrize("missing, notice", [
    (MODEL_FILE, lambda n: "encoder.onnx is missing or damaged" in n and "build --force" in n),
    (WEIGHTS_FILE, lambda n: "cannot use" in n),
])
def test_a_missing_onnx_file_falls_back_to_sentence_transformers(real_index_dir, tmp_path, missing, notice):
    import shutil

    from bot.config import Settings
    from bot.indexing.encoders import SentenceTransformerEncoder

    copy = tmp_path / "index"
    shutil.copytree(real_index_dir, copy)
    (copy / missing).unlink()
    notices = []
    bot = Bot.load(Settings(index_dir=copy, auto_build=False), notify=notices.append)
    assert isinstance(bot.encoder, SentenceTransformerEncoder)
    assert any(notice(n) for n in notices)
    assert bot.answer("can LDN cause depression").found


@pytest.mark.model
def test_a_truncated_onnx_file_is_not_used(real_index_dir, tmp_path):
    import shutil

    from bot.config import Settings
    from bot.indexing.encoders import SentenceTransformerEncoder

    copy = tmp_path / "index"
    shutil.copytree(real_index_dir, copy)
    model = copy / MODEL_FILE
    model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
    notices = []
    bot = Bot.load(Settings(index_dir=copy, auto_build=False), notify=notices.append)
    assert isinstance(bot.encoder, SentenceTransformerEncoder) and any("damaged" in n for n in notices)


@pytest.mark.model
def test_a_one_off_ask_imports_no_torch(real_index_dir):
    probe = (
        "import sys\nfrom bot.interfaces.cli import main\nmain(['ask', '--json', 'can LDN cause depression'])\n"
        "main(['ask', '--json', 'Can LDN cause hair loss?'])\n"  # words the documents never use
        "heavy = sorted(m for m in ('torch', 'transformers', 'sentence_transformers', 'wordfreq', 'simplemma', 'docutils',"
        " 'mammoth', 'openpyxl', 'odfdo') if m in sys.modules)\n"
        "print('HEAVY', heavy, file=sys.stderr)"
    )
    env = {**os.environ, "BOT_INDEX_DIR": str(real_index_dir), "BOT_AUTO_BUILD": "0"}
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert json.loads(result.stdout.splitlines()[0])["found"] is True
    assert "HEAVY []" in result.stderr


def test_a_question_embeds_only_its_wordings_and_focus_words_the_index_does_not_hold(fake_bot, fake_encoder):
    """A focus word of the documents takes its vector from the index; an unknown one is embedded once, then remembered."""
    searcher = fake_bot.searcher
    query = searcher.parser.parse("Does LDN cause insomnia or fertility trouble?")
    focus = searcher.own_focus(query)
    words = {" ".join(c.words) for c in focus}
    assert "insomnia" in words and "insomnia" in fake_bot.index.lookups.words  # a document word...
    assert "fertility" in words and "fertility" not in fake_bot.index.lookups.words  # ...and one the documents lack
    before = fake_encoder.texts_encoded
    _, vectors = searcher.embed([query], focus)
    unknown = [w for w in words if w not in fake_bot.index.lookups.words]
    assert fake_encoder.texts_encoded - before == 1 + len(unknown)  # the question, and the words not in the index
    row = fake_bot.index.lookups.words.index("insomnia")
    position = [" ".join(c.words) for c in focus].index("insomnia")
    assert np.allclose(vectors[position], fake_bot.index.lookups.word_vectors[row], atol=1e-3)
    before = fake_encoder.texts_encoded
    searcher.embed([query], focus)
    assert fake_encoder.texts_encoded - before == 1  # the unknown words are remembered


@pytest.mark.parametrize("question, taught, wordings", [
    ("how long does it last?", False, 2),  # alone, and after the earlier question (the fixture teaches none)
    ("and if I quit it?", True, 4),  # each also as asked: "quit" is a lay word and a question is taught
])
def test_a_follow_up_is_read_alone_and_with_the_conversation_in_one_call_of_the_encoder(
        fake_bot, fake_encoder, monkeypatch, question, taught, wordings):
    searcher = fake_bot.searcher
    if taught:
        monkeypatch.setattr(searcher.taught, "vectors", fake_encoder.encode([question]))
        monkeypatch.setattr(searcher.taught, "chunk_numbers", [0])
    searcher.search(question, ["Can LDN cause insomnia?"])  # remembers its words' vectors
    calls, texts = fake_encoder.calls, fake_encoder.texts_encoded
    result = searcher.search(question, ["Can LDN cause insomnia?"])
    assert fake_encoder.calls - calls == 1 and fake_encoder.texts_encoded - texts == wordings
    if taught:  # the question itself was taught: its passage answers it, as asked, whatever came before
        assert not result.in_context and result.hits[0].chunk.id == fake_bot.index.chunks.ids[0]
    else:
        assert result.in_context


def test_a_question_in_lay_words_is_embedded_once_in_the_documents_words(fake_bot, fake_encoder, monkeypatch):
    """"quit" is a lay word of corpus/synonyms.csv: the question is embedded as the documents would say it, and
    only then; it is also embedded as asked when the owner has taught questions, which are matched as asked."""
    searcher = fake_bot.searcher
    query = searcher.parser.parse("Can I quit taking LDN?")
    assert query.document_text and query.document_text != query.search_text
    unknown = {" ".join(c.words) for c in searcher.own_focus(query)} - set(fake_bot.index.lookups.words)
    before = fake_encoder.texts_encoded
    reading = searcher.read(query)
    assert fake_encoder.texts_encoded - before == 1 + len(unknown)  # one wording of the question
    assert np.allclose(reading.vector, fake_encoder.encode([query.document_text])[0], atol=1e-6)
    assert np.array_equal(reading.as_asked, reading.vector)
    monkeypatch.setattr(searcher.taught, "vectors", fake_encoder.encode(["Can I quit taking LDN?"]))
    monkeypatch.setattr(searcher.taught, "chunk_numbers", [0])
    reading = searcher.read(query)
    assert np.allclose(reading.as_asked, fake_encoder.encode([query.search_text])[0], atol=1e-6)
    assert searcher.taught.matches(reading.as_asked[None, :]) and not np.allclose(reading.vector, reading.as_asked)


def test_how_everyday_a_word_is_comes_from_the_index_as_wordfreq_says(tmp_path):
    from wordfreq import zipf_frequency

    everyday.write(tmp_path / "everyday.json")
    table = EverydayWords(tmp_path / "everyday.json")
    listed = json.loads((tmp_path / "everyday.json").read_text())
    for word in [*listed, "Make", "palpitations", "zzxqvk", "2014", "café"]:
        expected = min(max((6.5 - zipf_frequency(word, "en")) / 3.0, 0.0), 1.0)
        assert table.specificity((word,)) == pytest.approx(expected), word
    assert table.zipf("surgery") == zipf_frequency("surgery", "en")


def test_a_question_with_a_word_the_documents_never_use_needs_no_wordfreq(fake_bot, monkeypatch):
    """Importing wordfreq and reading its list would take 0.3 s of a one-off answer: the index holds what is needed."""
    monkeypatch.setitem(sys.modules, "wordfreq", None)  # any import of it now fails
    fake_bot.answer("Does LDN affect fertility?")
    assert fake_bot.searcher.search("Does LDN affect fertility?").unknown == ("fertility",)  # specific, and unused


@pytest.mark.parametrize("first, one_thread", [("", True), ("import numpy\n", False)])
def test_the_bot_keeps_numpy_to_one_blas_thread_only_when_imported_first(first, one_thread):
    """OpenBLAS reads its thread count when numpy is first imported: only the bot imported first can set it."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    probe = f"{first}import bot\nprint(bot.ONE_BLAS_THREAD)"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == str(one_thread)


def test_a_large_product_is_cut_across_the_cores_with_the_same_result(monkeypatch):
    from bot.search import ranking
    from bot.search.ranking import SPLIT_ROWS, products

    monkeypatch.setattr(ranking, "CORES", 2)
    monkeypatch.setattr(ranking, "ONE_BLAS_THREAD", True)
    parts = []
    monkeypatch.setattr(ranking._POOL, "map", lambda f, *a: parts.append(1) or map(f, *a))
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((3, 8)).astype(np.float32)
    for rows in (10, SPLIT_ROWS + 7):
        matrix = rng.standard_normal((rows, 8)).astype(np.float32)
        assert np.allclose(products(vectors, matrix), vectors @ matrix.T, atol=1e-5)
    assert parts == [1]  # the large one only


def test_the_chat_page_imports_gradio_without_its_stub_writer_and_still_builds():
    """Gradio rewrites its .pyi stubs at every import (bot/interfaces/gradio_lib.py): the page's import skips it, and
    Gradio's components are still made. In a fresh process: here Gradio may be imported already."""
    probe = (
        "import sys\n"
        "import bot.interfaces.web as web\n"
        "meta = sys.modules['gradio.component_meta']\n"
        "print(meta.create_or_modify_pyi.__module__)\n"
        "print(type(web.gr.Textbox(label='q')).__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    assert result.stdout.split() == ["bot.interfaces.gradio_lib", "Textbox"], result.stderr
