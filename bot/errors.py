"""The library's own exceptions, each with its remedy; only the CLI and the chat turn them into messages."""

from __future__ import annotations

BUILD_COMMAND = "python -m bot build"


class BotError(Exception):
    """A problem the user can act on: a one-line `message` and, when there is one, the `remedy`."""

    def __init__(self, message: str, remedy: str = ""):
        super().__init__(message)
        self.message = message
        self.remedy = remedy

    def __str__(self) -> str:
        return f"{self.message}; {self.remedy}" if self.remedy else self.message


class ConfigError(BotError):
    """A BOT_* setting has a value that cannot be used."""


class CorpusError(BotError):
    """The corpus folder is missing or holds no readable document."""


class IndexProblem(BotError):
    """Base class for problems with the saved index."""


class IndexMissing(IndexProblem):
    """There is no index yet."""


class IndexStale(IndexProblem):
    """The index was built from another corpus, model or chunker."""


class IndexDamaged(IndexProblem):
    """The index files are unreadable or do not belong together."""


class IndexBusy(IndexProblem):
    """Another build holds the lock."""


class ModelError(BotError):
    """The embedding model cannot be found or loaded."""


class QuestionError(BotError):
    """The question is empty or not text."""


def rebuild_remedy(force: bool = False) -> str:
    """The command that fixes a missing, stale (`force=False`) or damaged (`force=True`) index."""
    return f"run `{BUILD_COMMAND}{' --force' if force else ''}`"
