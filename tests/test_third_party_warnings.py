"""The suite's warning rule, run on small projects of its own in a separate pytest."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOISY_LIBRARY = """
import warnings

warnings.warn("noisylib will need libfoo one day", DeprecationWarning)


def call():
    warnings.warn("call() is deprecated", DeprecationWarning, stacklevel=2)
"""


def run_suite(tmp_path: Path, files: dict[str, str]) -> subprocess.CompletedProcess:
    """Run pytest, with the project's warning rule, on `files`; noisylib is a library beside them."""
    library = tmp_path / "site-packages"
    library.mkdir()
    (library / "noisylib.py").write_text(NOISY_LIBRARY)
    project = tmp_path / "project"
    project.mkdir()
    (project / "pytest.ini").write_text(
        "[pytest]\naddopts = -p tests.third_party_warnings -p no:cacheprovider\n"
        "filterwarnings = error\n"
    )
    for name, text in files.items():
        (project / name).write_text(textwrap.dedent(text))
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(library)])}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:django", "-q"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def run(tmp_path):
    return lambda files: run_suite(tmp_path, files)


def test_a_library_warning_when_imported_is_listed_and_does_not_fail(run):
    result = run(
        {
            # The project imports the library inside a function only: it is imported
            # early all the same, so its warning never meets the "error" rule.
            "app.py": "def use():\n    import noisylib\n    return noisylib\n",
            "test_app.py": "from app import use\n\ndef test_use():\n    assert use()\n",
        }
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert "libraries that warned when imported" in result.stdout
    assert "noisylib will need libfoo one day" in result.stdout


def test_our_own_warning_when_imported_still_fails(run):
    result = run(
        {
            "app.py": "import warnings\nwarnings.warn('old app', DeprecationWarning)\n",
            "test_app.py": "import app\n\ndef test_app():\n    assert app\n",
        }
    )

    assert result.returncode != 0
    assert "DeprecationWarning: old app" in result.stdout


def test_a_library_warning_about_how_we_call_it_still_fails(run):
    result = run(
        {
            "test_app.py": "import noisylib\n\ndef test_call():\n    noisylib.call()\n",
        }
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "DeprecationWarning: call() is deprecated" in result.stdout
    assert "1 failed" in result.stdout
