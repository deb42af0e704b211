"""Gradio, imported without the type-stub writer it runs at every import.

Gradio's component metaclass re-reads and re-parses each component's source when the class is made, to rewrite
the `.pyi` stubs beside it in site-packages: a tool for Gradio's own development, writing nothing a running app
reads, and half the time of `import gradio` (about a second of `python app.py`'s start on two cores). It is
replaced by a no-op for this process as Gradio's module loads. If a Gradio release renames it, nothing is
replaced and Gradio imports as before; nor is anything if Gradio's components were loaded before this module.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from types import ModuleType

STUB_MODULE = "gradio.component_meta"
STUB_WRITER = "create_or_modify_pyi"


def write_no_stub(*args, **kwargs) -> None:
    """Stands in for Gradio's stub writer."""


class _WithoutStubWriter(importlib.abc.MetaPathFinder):
    """Finds Gradio's component_meta as usual, and replaces its stub writer once the module has run."""

    def find_spec(self, name, path, target=None):
        if name != STUB_MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            if hasattr(module, STUB_WRITER):
                setattr(module, STUB_WRITER, write_no_stub)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


_finder = _WithoutStubWriter()
if STUB_MODULE not in sys.modules:
    sys.meta_path.insert(0, _finder)
try:
    import gradio as gr
finally:
    if _finder in sys.meta_path:  # Gradio no longer has that module: ask no more imports
        sys.meta_path.remove(_finder)

__all__ = ["gr"]
