"""A question-answering bot that quotes its answers from a small set of documents."""

from .answer import Answer, Source
from .config import Settings
from .engine import Bot
from .errors import BotError

__all__ = ["Answer", "Bot", "BotError", "Settings", "Source"]
__version__ = "0.1.0"
