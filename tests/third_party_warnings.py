"""A library's deprecation warning at import time never fails the suite; our own warnings do.

The suite turns every warning into an error (``filterwarnings = ["error"]``), so that a
deprecated call of ours is mended at once. A library that warns while it is being
imported, though, is telling its own users about the machine it runs on (WeasyPrint, for
one, when the system lacks HarfBuzz-Subset), and no change of ours could silence it.

This plugin (``-p tests.third_party_warnings`` in pytest's options) therefore:

- lets deprecation warnings raised *from a library's own modules* pass while Django is set
  up and the conftests are loaded, and
- right after that, imports once every library module that the project and its tests
  import anywhere (found by reading their import statements), under the same rule, so
  that a library's import-time warning cannot reach the suite later, during collection or
  inside a test.

Those warnings are listed in the terminal summary. Everything else stays an error: a
warning raised from the project's own modules, at import time or not, and any warning a
library raises while the project calls it.
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

DEPRECATIONS = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
NOT_SOURCE = {".venv", "venv", "var", "node_modules", "staticfiles", "build", "dist"}

_seen: list[warnings.WarningMessage] = []


def first_party_names(root: Path) -> set[str]:
    """The top-level module names of the project: its packages and modules in `root`."""
    names = {path.stem for path in root.glob("*.py")}
    for folder in root.iterdir():
        if folder.is_dir() and not _skipped(folder.name) and any(folder.rglob("*.py")):
            names.add(folder.name)
    return names


def _skipped(name: str) -> bool:
    return name.startswith(".") or name in NOT_SOURCE


def _source_files(root: Path) -> Iterator[Path]:
    yield from root.glob("*.py")
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and not _skipped(folder.name):
            yield from (path for path in folder.rglob("*.py") if "migrations" not in path.parts)


def imported_modules(root: Path) -> set[str]:
    """Every absolute module name imported by the Python files of the project."""
    modules: set[str] = set()
    for path in _source_files(root):
        try:
            tree = ast.parse(path.read_bytes(), filename=str(path))
        except SyntaxError:
            continue  # the test that imports it fails on its own
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module)
    return modules


def third_party_modules(root: Path) -> list[str]:
    """The modules named in the project's imports that are neither ours nor the standard library."""
    ours = first_party_names(root)
    return sorted(
        name
        for name in imported_modules(root)
        if (top := name.partition(".")[0]) not in ours and top not in sys.stdlib_module_names
    )


def _not_ours(root: Path) -> str:
    """A module pattern matching every module name that is not the project's own."""
    ours = "|".join(re.escape(name) for name in sorted(first_party_names(root)))
    return rf"(?!(?:{ours})(?:\.|$))"


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_load_initial_conftests(early_config, parser, args):
    """Inside pytest's own warning filters: set Django up, then import every library once."""
    root = early_config.rootpath
    with warnings.catch_warnings(record=True) as caught:
        # `record=True` keeps every warning shown; these filters come before "error".
        for category in DEPRECATIONS:
            warnings.filterwarnings("always", category=category, module=_not_ours(root))
        result = yield
        for name in third_party_modules(root):
            try:
                importlib.import_module(name)
            except Exception:  # an optional import: its own test says what is wrong
                continue
    _seen.extend(caught)
    return result


def pytest_terminal_summary(terminalreporter):
    if not _seen:
        return
    terminalreporter.section("libraries that warned when imported (not failing the suite)")
    for message in dict.fromkeys(
        f"{item.filename}:{item.lineno}: {item.category.__name__}: {item.message}" for item in _seen
    ):
        terminalreporter.write_line(message)
