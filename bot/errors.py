"""The library's own exceptions; only the CLI and the chat turn them into messages."""


class BotError(Exception):
    """Base class: a problem the user can act on, with a one-line message."""


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
