"""The check `make` runs first: system libraries and fonts for PDFs, said in one message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jamsessions import system_check
from jamsessions.system_check import Need
from tests.processes import child_pytest_env, python

ROOT = Path(__file__).resolve().parent.parent
SUBSET = "/usr/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0"
NOT_INSTALLED = "jam-sessions-no-such-package"


def absent(what: str, package: str, *, required: bool = True) -> Need:
    return Need(what, package, lambda: False, required=required)


def test_one_message_names_what_is_missing_and_the_one_command_that_installs_it():
    message = system_check.report(
        [
            absent("Pango", NOT_INSTALLED),
            absent("a font for Arabic text", "jam-sessions-no-such-font", required=False),
            absent("a font for Hebrew text", "jam-sessions-no-such-font", required=False),
        ]
    )

    assert "- Pango (jam-sessions-no-such-package)" in message
    assert "- a font for Arabic text (jam-sessions-no-such-font)" in message
    commands = re.findall(r"sudo apt-get install -y (.*)", message)
    assert commands == ["jam-sessions-no-such-package jam-sessions-no-such-font"]
    assert "Everything else works" not in message


def test_only_optional_pieces_missing_says_pdfs_are_still_made():
    message = system_check.report([absent("a font for CJK text", NOT_INSTALLED, required=False)])

    assert "sudo apt-get install -y jam-sessions-no-such-package" in message
    assert "Everything else works; PDFs are made without them." in message


def test_exit_status_is_1_only_when_a_required_library_is_missing(monkeypatch, capsys):
    monkeypatch.setattr(system_check, "NEEDS", (absent("a font", NOT_INSTALLED, required=False),))
    assert system_check.main(may_install=False) == 0
    assert "a font (jam-sessions-no-such-package)" in capsys.readouterr().err

    monkeypatch.setattr(system_check, "NEEDS", (absent("Pango", NOT_INSTALLED),))
    assert system_check.main(may_install=False) == 1
    assert "Pango (jam-sessions-no-such-package)" in capsys.readouterr().err

    monkeypatch.setattr(system_check, "NEEDS", (Need("Pango", NOT_INSTALLED, lambda: True),))
    assert system_check.main(may_install=False) == 0
    assert capsys.readouterr().err == ""


def test_this_machine_has_every_library_pdfs_need():
    # The system's Python without site-packages, as `make` runs it before .venv exists.
    ran = python("-S", "-m", "jamsessions.system_check", "--no-install")

    assert ran.returncode == 0, ran.stderr
    assert [need.what for need in system_check.NEEDS if need.required and not need.present()] == []


def test_the_production_image_installs_every_package_the_check_knows():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installed = re.search(r"apt-get install -y --no-install-recommends(.*?)&&", dockerfile, re.S)

    packages = set(installed.group(1).replace("\\", " ").split())
    assert {need.package for need in system_check.NEEDS} <= packages


can_hide_a_library = pytest.mark.skipif(
    not (os.geteuid() == 0 and shutil.which("unshare") and os.path.exists(SUBSET)),
    reason="hiding HarfBuzz-Subset needs root, unshare and the library installed",
)


def without_harfbuzz_subset(*command: str) -> subprocess.CompletedProcess:
    """Run a command where HarfBuzz-Subset is installed but cannot be loaded."""
    script = f'mount --bind /dev/null {SUBSET} && exec "$@"'
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script, "sh", *command],
        cwd=ROOT,
        env=child_pytest_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@can_hide_a_library
def test_a_library_installed_but_unusable_is_reported_and_nothing_is_reinstalled():
    ran = without_harfbuzz_subset(sys.executable, "-S", "-m", "jamsessions.system_check")

    assert ran.returncode == 0, ran.stderr
    assert "HarfBuzz-Subset" in ran.stderr
    assert "libharfbuzz-subset0 is installed but cannot be used here" in ran.stderr
    assert "apt-get install" not in ran.stderr
    assert "Installing" not in ran.stdout


@can_hide_a_library
def test_the_suite_collects_and_makes_pdfs_where_harfbuzz_subset_cannot_be_loaded():
    ran = without_harfbuzz_subset(
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:randomly",
        "tests/test_fonts.py::test_a_pdf_in_plain_english_logs_no_font_warning",
    )

    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "1 passed" in ran.stdout
    assert "HarfBuzz-Subset will be required" in ran.stdout  # listed, not failing
