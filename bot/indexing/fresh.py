"""The index a question is answered from: loaded as it is when fresh, built first when it is not.

Kept apart from build.py so that answering from a fresh index never imports the build's machinery.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import IndexDamaged, IndexMissing, IndexStale, rebuild_remedy
from .manifest import check
from .store import SearchIndex, load

if TYPE_CHECKING:
    from .embedding import EncoderSource

log = logging.getLogger(__name__)


def ensure_fresh(settings: Settings, encoder: EncoderSource, notify: Callable[[str], None] = log.warning) -> SearchIndex:
    """The loaded index, built first when it is missing, stale or damaged and settings.auto_build allows.

    `encoder` (the reference encoder, or a function making it) is only made if a build is needed.
    """
    status = check(settings)
    if not status.fresh:
        if not settings.auto_build:
            raise (IndexStale if status.present else IndexMissing)(status.problem, rebuild_remedy())
        from .build import build

        notify(f"{status.problem}; building it now")
        report = build(settings, encoder, notify=notify)
        for skipped in report.skipped:
            notify(skipped)
        notify(f"indexed {report.chunks} chunks from {report.files} file(s) in {report.seconds:.1f} s")
    try:
        return load(settings)
    except IndexDamaged as exc:
        if not settings.auto_build:
            raise
        from .build import build

        notify(f"{exc.message}; rebuilding it now")
        build(settings, encoder, force=True, notify=notify)
        return load(settings)
