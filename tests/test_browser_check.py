"""Without a Chromium that starts, `make test` says so and skips the browser tests, and only them."""

from __future__ import annotations

import subprocess

import pytest

from tests.processes import child_pytest_env, python

BROKEN_CHROMIUM = """#!/bin/sh
echo "chromium: error while loading shared libraries: libharfbuzz-subset.so.0: file too short" >&2
exit 127
"""


@pytest.fixture(params=["absent", "cannot start"])
def chromium(request, tmp_path) -> tuple[str, str]:
    """A CHROMIUM setting, and what `make test` should say of it."""
    if request.param == "absent":
        return "/nonexistent/chromium", "Chromium was not found"
    broken = tmp_path / "chromium"
    broken.write_text(BROKEN_CHROMIUM)
    broken.chmod(0o755)
    return str(broken), f"Chromium at {broken} cannot start (chromium: error while loading"


def run(chromium: tuple[str, str], *args: str) -> subprocess.CompletedProcess:
    return python(*args, env=child_pytest_env(CHROMIUM=chromium[0]), timeout=300)


def test_make_test_says_the_browser_tests_will_be_skipped(chromium):
    said = run(chromium, "-m", "tests.browser_check")

    assert said.returncode == 0
    assert chromium[1] in said.stderr
    assert ", so the browser tests will be SKIPPED." in said.stderr
    assert "sudo apt-get install -y chromium" in said.stderr


def test_only_the_browser_tests_are_skipped(chromium):
    ran = run(
        chromium,
        "-m",
        "pytest",
        "-q",
        "-rs",
        "-p",
        "no:randomly",
        "tests/browser/test_sign_in_link.py",
        "tests/test_dependencies.py",
    )

    assert ran.returncode == 0, ran.stdout + ran.stderr
    summary = ran.stdout.strip().splitlines()[-1]
    assert " passed" in summary
    assert " skipped" in summary
    assert "failed" not in summary
    assert "error" not in summary
    skipped = [line for line in ran.stdout.splitlines() if line.startswith("SKIPPED")]
    assert skipped
    assert all("tests/browser/" in line and chromium[1] in line for line in skipped)
