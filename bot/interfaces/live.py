"""The serving app's bot, swapped in the background for a new one when a build replaces index/."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from ..answering.bot import Bot
from ..answering.compose import Answer
from ..config import Settings
from ..errors import BotError
from ..indexing import manifest as manifest_module
from ..indexing import store
from ..indexing.manifest import Manifest
from ..ingest.profile import Profile

log = logging.getLogger(__name__)

RELOAD_CHECK_SECONDS = 2.0  # how often answering looks for a rebuilt index


def _manifest_stamp(settings: Settings) -> int | None:
    """When index/manifest.json last changed; a build replaces it last, with the whole folder."""
    try:
        return (settings.index_dir / manifest_module.MANIFEST).stat().st_mtime_ns
    except OSError:
        return None


class LiveBot:
    """Answers like its Bot, and picks up a rebuilt index without a restart.

    Checked at most every RELOAD_CHECK_SECONDS; until the new index is loaded, answers keep
    coming from the old Bot, which stays whole in memory. A new *model* needs a restart:
    the Bot refuses vectors of another model than its encoder's.
    """

    def __init__(self, bot: Bot):
        self.bot = bot
        self.settings = bot.settings
        self._stamp = _manifest_stamp(bot.settings)
        self._reload_lock = threading.Lock()
        self._last_check = time.monotonic()

    @property
    def manifest(self) -> Manifest:
        return self.bot.manifest

    @property
    def profile(self) -> Profile:
        return self.bot.profile

    @property
    def examples(self) -> tuple[str, ...]:
        return self.bot.examples

    def answer(self, question: str, history: Sequence[str] | None = None) -> Answer:
        self._reload_if_rebuilt()
        return self.bot.answer(question, history)

    def _reload_if_rebuilt(self) -> None:
        now = time.monotonic()
        if now - self._last_check < RELOAD_CHECK_SECONDS:
            return
        self._last_check = now
        stamp = _manifest_stamp(self.settings)
        if stamp is None or stamp == self._stamp or not self._reload_lock.acquire(blocking=False):
            return
        threading.Thread(target=self._reload, args=(stamp,), name="index-reload", daemon=True).start()

    def _reload(self, stamp: int) -> None:
        try:
            if manifest_module.check(self.settings).fresh:
                self.bot = Bot(self.settings, store.load(self.settings), self.bot.encoder)
                self._stamp = stamp
                log.warning("loaded the rebuilt index (%s chunks)", self.bot.manifest.chunks)
        except BotError as exc:
            log.warning("kept the index in memory; the new one cannot be used: %s", exc)
        finally:
            self._reload_lock.release()
