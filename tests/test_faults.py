"""Faults: damaged indexes, builds killed at any moment, builds at once, a rebuild while serving."""

import json
import random
import signal
import subprocess
import sys
import threading
import time

import pytest

from bot import Bot
from bot.indexing import build as builder, manifest, store as index
from bot.errors import IndexBusy, IndexDamaged

from .conftest import ROOT, FakeEncoder

NEW_TEXT = "Otters recovered faster on naltrexone according to a marine sanctuary report from 2025."


def quiet(message):
    pass


def test_a_file_damaged_without_changing_its_size_is_caught_by_its_hash(settings, fake_encoder):
    builder.build(settings, fake_encoder)
    path = settings.index_dir / "chunks.jsonl"
    data = bytearray(path.read_bytes())
    data[100] = ord("X") if data[100] != ord("X") else ord("Y")
    path.write_bytes(bytes(data))
    assert manifest.check(settings).fresh  # sizes agree...
    with pytest.raises(IndexDamaged, match="python -m bot build --force"):
        index.load(settings)  # ...the sha256 does not


def test_a_damaged_index_is_rebuilt_on_load_with_a_notice(settings, fake_encoder):
    builder.build(settings, fake_encoder)
    (settings.index_dir / "index.faiss").write_bytes(b"\x00" * 10)
    notices = []
    bot = Bot.load(settings, encoder=fake_encoder, notify=notices.append)
    assert "1.5 to 4.5 mg" in bot.answer("What is the usual daily dose of LDN?").answer
    assert any("damaged" in n or "stale" in n for n in notices)


def test_a_same_size_damage_is_rebuilt_on_load_too(settings, fake_encoder):
    builder.build(settings, fake_encoder)
    path = settings.index_dir / "chunks.jsonl"
    path.write_bytes(path.read_bytes().replace(b"Naltrexone", b"Naltrexonf", 1))
    notices = []
    Bot.load(settings, encoder=fake_encoder, notify=notices.append)
    assert any("rebuilding it now" in n for n in notices)
    index.load(settings)  # whole again


def test_a_manifest_of_another_model_or_dimension_is_never_used(settings, fake_encoder):
    builder.build(settings, fake_encoder)
    path = settings.index_dir / "manifest.json"
    data = json.loads(path.read_text())
    data["model"] = {"name": "another/model", "dimension": 768}
    path.write_text(json.dumps(data))
    status = manifest.check(settings)
    assert not status.fresh and any("another/model" in r for r in status.reasons)
    bot = Bot.load(settings, encoder=fake_encoder, notify=quiet)  # rebuilt for the configured model
    assert bot.manifest.model.name == FakeEncoder.name


def test_a_build_killed_at_any_moment_leaves_a_loadable_index(settings, fake_encoder):
    builder.build(settings, fake_encoder)
    before = index.load(settings)
    rng = random.Random(7)
    command = [sys.executable, "-m", "tests.build_child", str(settings.corpus_dir), str(settings.index_dir)]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=120)
    duration = time.perf_counter() - started
    for _ in range(8):
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        child.stdout.readline()  # "started": imports done, build under way
        time.sleep(rng.uniform(0, duration * 0.8))
        child.send_signal(signal.SIGKILL)
        child.wait()
        after = index.load(settings)
        assert [c.text for c in after.chunks] == [c.text for c in before.chunks]
        bot = Bot(settings, after, fake_encoder)
        assert "1.5 to 4.5 mg" in bot.answer("What is the usual daily dose of LDN?").answer
    leftovers = [p.name for p in settings.index_dir.parent.iterdir() if p.name.startswith(".index.new")]
    builder.build(settings, fake_encoder, force=True)  # a later build sweeps what killed ones left
    assert [p.name for p in settings.index_dir.parent.iterdir() if p.name.startswith(".index.new")] == []
    assert all(name.startswith(".index.new-") for name in leftovers)


def test_a_second_build_refuses_or_waits_while_one_runs(settings, fake_encoder):
    from filelock import FileLock

    lock = FileLock(str(index.lock_path(settings)), thread_local=False)  # released by a timer thread below
    lock.acquire()
    try:
        with pytest.raises(IndexBusy, match="another build is running"):
            builder.build(settings, fake_encoder, wait=False)
        notices = []
        threading.Timer(0.5, lock.release).start()
        started = time.perf_counter()
        report = builder.build(settings, fake_encoder, notify=notices.append)
        assert report.rebuilt and time.perf_counter() - started >= 0.4
        assert notices == ["another build is running; waiting for it to finish"]
    finally:
        if lock.is_locked:
            lock.release()


def test_the_cli_build_refuses_with_no_wait(use_fake_encoder, capsys):
    from filelock import FileLock

    from bot.interfaces.cli import main

    with FileLock(str(index.lock_path(use_fake_encoder))):
        assert main(["build", "--no-wait"]) == 1
    assert "another build is running" in capsys.readouterr().err


def test_a_serving_bot_keeps_answering_and_picks_up_a_rebuilt_index(settings, fake_encoder, monkeypatch):
    import bot.interfaces.live as live

    monkeypatch.setattr(live, "RELOAD_CHECK_SECONDS", 0.0)
    serving = live.LiveBot(Bot.load(settings, encoder=fake_encoder, notify=quiet))
    assert NEW_TEXT not in serving.answer("otters marine sanctuary report").answer
    (settings.corpus_dir / "otters.txt").write_text("Marine notes\n" + NEW_TEXT + "\n", encoding="utf-8")
    builder.build(settings, fake_encoder)
    deadline = time.monotonic() + 10
    while NEW_TEXT not in serving.answer("otters marine sanctuary report").answer:  # answers all along
        assert time.monotonic() < deadline, "the rebuilt index was not picked up"
        time.sleep(0.05)
    assert serving.manifest.corpus.keys() == {"can-ldn-cause-depression.txt", "otters.txt"}
