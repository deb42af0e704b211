"""Building, saving, loading and checking index/ with the fake encoder."""

import json

import numpy as np
import pytest

from bot import Bot
from bot.indexing import build as builder, manifest, store as index
from bot.errors import IndexDamaged, IndexMissing, IndexStale

from .conftest import FakeEncoder

NEW_PARAGRAPH = "Zebrafish studies of naltrexone showed quicker fin regrowth in a 2024 aquarium trial."


def test_a_change_to_how_words_are_cut_asks_for_a_rebuild(settings, tmp_path, monkeypatch):
    """Stop words and stems shape the lexicon: words.py counts as the chunker's code, as the readers do."""
    from bot import words

    before = manifest.chunker_record(settings)
    changed = tmp_path / "words.py"
    changed.write_text(open(words.__file__, encoding="utf-8").read() + "\n# one more stop word\n", encoding="utf-8")
    monkeypatch.setattr(words, "__file__", str(changed))
    assert manifest.chunker_record(settings)["code"] != before["code"]


def test_build_writes_its_files_and_a_full_manifest(settings, fake_encoder):
    report = builder.build(settings, fake_encoder)
    assert report.rebuilt and report.files == 1 and report.chunks == 40
    assert {p.name for p in settings.index_dir.iterdir()} == {"index.faiss", "chunks.jsonl", "chunks.npz", "catalog.json", "manifest.json", "words.json", "words.npy", "taught.json", "taught.npy", "lexicon.json", "bm25.npz", "suggestions.json", "suggestions.npy", "everyday.json", "centre.npy"}
    m = json.loads((settings.index_dir / "manifest.json").read_text())
    assert m["format_version"] == manifest.FORMAT_VERSION
    assert m["model"] == {"name": FakeEncoder.name, "dimension": FakeEncoder.dimension}
    assert m["chunker"] == manifest.chunker_record(settings) and m["chunker"]["max_chars"] == settings.chunker.max_chars
    assert list(m["corpus"]) == ["can-ldn-cause-depression.txt"] and len(m["corpus"]["can-ldn-cause-depression.txt"]) == 64
    assert m["chunks"] == 40 and m["vectors"] > 40
    assert {"python", "faiss-cpu", "numpy"} <= set(m["versions"])
    assert m["built_at"] and m["min_confidence"] == settings.min_confidence
    records = [json.loads(line) for line in (settings.index_dir / "chunks.jsonl").read_text().splitlines()]
    assert len(records) == 40 and {"id", "doc_id", "section", "kind", "text", "keys"} <= set(records[0])


def test_load_round_trips(settings, fake_encoder):
    builder.build(settings, fake_encoder)
    loaded = index.load(settings)
    assert len(loaded.chunks) == 40
    assert loaded.vectors.ntotal == len(loaded.key_chunk) == len(loaded.key_unit)
    assert loaded.key_unit[0] == -1 and loaded.key_chunk[-1] == 39
    keys = loaded.vectors.reconstruct_n(0, loaded.vectors.ntotal)
    assert np.allclose(loaded.lookups.centre, keys.mean(axis=0), atol=1e-6)  # what every passage shares


def test_a_fresh_index_is_not_rebuilt_unless_forced(settings, fake_encoder):
    builder.build(settings, fake_encoder)
    calls = fake_encoder.calls
    assert not builder.build(settings, fake_encoder).rebuilt
    assert fake_encoder.calls == calls
    assert builder.build(settings, fake_encoder, force=True).rebuilt


def test_status_names_what_changed(settings, fake_encoder):
    assert not manifest.check(settings).present
    builder.build(settings, fake_encoder)
    assert manifest.check(settings).fresh
    (settings.corpus_dir / "extra.md").write_text("# Extra\nMore text.", encoding="utf-8")
    status = manifest.check(settings)
    assert status.present and not status.fresh
    assert "added: extra.md" in status.describe() and "python -m bot build" in status.describe()
    model_changed = manifest.check(settings.with_changes(model="another-model"))
    assert any("another-model" in reason for reason in model_changed.reasons)


def test_a_missing_index_is_built_on_load_with_a_notice(settings, fake_encoder):
    notices = []
    bot = Bot.load(settings, encoder=fake_encoder, notify=notices.append)
    assert bot.index.manifest.chunks == 40
    assert any("missing" in n for n in notices) and any("indexed 40 chunks" in n for n in notices)


def test_a_stale_index_is_rebuilt_on_load_or_refused(settings, fake_encoder):
    builder.build(settings, fake_encoder)
    document = settings.corpus_dir / "can-ldn-cause-depression.txt"
    document.write_text(document.read_text(encoding="utf-8") + "\n" + NEW_PARAGRAPH + "\n", encoding="utf-8")
    with pytest.raises(IndexStale, match="python -m bot build"):
        Bot.load(settings.with_changes(auto_build=False), encoder=fake_encoder)
    notices = []
    bot = Bot.load(settings, encoder=fake_encoder, notify=notices.append)
    assert any("stale" in n and "changed" in n for n in notices)
    assert NEW_PARAGRAPH in bot.answer("zebrafish fin regrowth aquarium").answer


def test_missing_index_refused_when_auto_build_is_off(settings, fake_encoder):
    with pytest.raises(IndexMissing, match="python -m bot build"):
        Bot.load(settings.with_changes(auto_build=False), encoder=fake_encoder)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: (d / "index.faiss").write_bytes((d / "index.faiss").read_bytes()[:100]),
        lambda d: (d / "chunks.jsonl").write_text((d / "chunks.jsonl").read_text()[:500]),
        lambda d: (d / "manifest.json").write_text("{not json"),
        lambda d: (d / "chunks.jsonl").unlink(),
    ],
    ids=["truncated-faiss", "chunks-cut-short", "manifest-not-json", "chunks-missing"],
)
def test_a_damaged_index_is_an_error_naming_the_command(settings, fake_encoder, damage):
    builder.build(settings, fake_encoder)
    damage(settings.index_dir)
    with pytest.raises(IndexDamaged, match="python -m bot build --force"):
        index.load(settings)
    assert not manifest.check(settings).fresh


def test_an_index_of_another_dimension_is_refused(settings, fake_encoder):
    builder.build(settings, fake_encoder)
    path = settings.index_dir / "manifest.json"
    data = json.loads(path.read_text())
    data["model"]["dimension"] = 384
    path.write_text(json.dumps(data))
    with pytest.raises(IndexDamaged, match="dimension"):
        index.load(settings)


def test_a_failed_build_leaves_the_previous_index_intact(settings, fake_encoder):
    builder.build(settings, fake_encoder)
    before = {p.name: p.read_bytes() for p in settings.index_dir.iterdir()}

    class Exploding(FakeEncoder):
        def encode(self, texts, show_progress=False):
            raise RuntimeError("killed mid-build")

    with pytest.raises(RuntimeError):
        builder.build(settings, Exploding(), force=True)
    assert {p.name: p.read_bytes() for p in settings.index_dir.iterdir()} == before
    assert [p.name for p in settings.index_dir.parent.iterdir() if p.name.startswith(".index.new")] == []
    index.load(settings)


def test_a_build_killed_between_its_renames_is_recovered(settings, fake_encoder):
    builder.build(settings, fake_encoder)
    backup = settings.index_dir.parent / ".index.old"
    settings.index_dir.rename(backup)  # the moment between the two renames of a swap
    loaded = index.load(settings)
    assert len(loaded.chunks) == 40 and not backup.exists()


def test_adding_a_paragraph_and_building_makes_it_answerable(settings, fake_encoder):
    bot = Bot.load(settings, encoder=fake_encoder, notify=lambda m: None)
    assert NEW_PARAGRAPH not in bot.answer("zebrafish fin regrowth aquarium").answer
    (settings.corpus_dir / "zebrafish.txt").write_text("Animal studies\n" + NEW_PARAGRAPH + "\n", encoding="utf-8")
    assert builder.build(settings, fake_encoder).rebuilt
    answer = Bot.load(settings.with_changes(auto_build=False), encoder=fake_encoder).answer("zebrafish fin regrowth aquarium")
    assert answer.found and answer.answer == NEW_PARAGRAPH
    assert answer.sources[0].doc == "zebrafish.txt" and answer.sources[0].section == "Animal studies"


def test_a_large_index_switches_to_ivf_and_still_answers(settings, fake_encoder, monkeypatch):
    monkeypatch.setattr(index, "APPROXIMATE_ABOVE", 50)
    report = builder.build(settings, fake_encoder)
    assert report.vectors > 50
    loaded = index.load(settings)
    assert loaded.manifest.index_type.startswith("ivf") and loaded.vectors.ntotal == report.vectors
    bot = Bot(settings, loaded, fake_encoder)
    assert "1.5 to 4.5 mg" in bot.answer("What is the usual daily dose of LDN?").answer
