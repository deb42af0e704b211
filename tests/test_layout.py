"""The package's layout: stages in order, and no module imports from a stage above its own."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bot"
# Lower stages first; the shared modules (config, errors, words) are below every stage.
ORDER = ["errors", "config", "words", "ingest", "indexing", "search", "answering", "records", "interfaces"]
SHARED = {"config", "errors", "words"}


# Names bot/__init__.py binds itself (ONE_BLAS_THREAD); the names it imports lazily (bot.Bot) belong to their stage.
OWN_NAMES = {target.id for node in ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8")).body
             if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)}


def stage_of(module: str) -> str:
    part = module.split(".")[1] if module.count(".") >= 1 else module
    return "bot" if part in OWN_NAMES else part


def imported_modules(path: Path) -> set[str]:
    """Every bot.* module a file imports, absolute or relative, at any depth of the file."""
    here = ".".join(("bot", *path.relative_to(PACKAGE).with_suffix("").parts))
    package = here.rsplit(".", 1)[0] if path.name != "__init__.py" else here
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("bot"):
                found |= {f"{target}.{alias.name}" if not node.module else target for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("bot")}
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__main__.py" and p.parent != PACKAGE or p.stem in SHARED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_from_a_stage_above_its_own(path):
    own = ORDER.index(path.relative_to(PACKAGE).parts[0].removesuffix(".py"))
    for module in imported_modules(path):
        stage = stage_of(module)
        if stage == "bot":
            continue
        assert ORDER.index(stage) <= own, f"{path.relative_to(PACKAGE)} imports {module}, a stage above its own"


def test_every_stage_says_what_it_takes_and_gives():
    for stage in ORDER:
        if stage in SHARED:
            continue
        docstring = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert docstring and " in" in docstring and " out" in docstring


def test_no_module_is_over_three_hundred_lines():
    for path in PACKAGE.rglob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 300, path
