"""python -m bot: the command line."""

from .interfaces.cli import run

run()
