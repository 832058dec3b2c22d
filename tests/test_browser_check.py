"""Without Chromium, `make test` says so and skips the browser tests, and only them."""

from __future__ import annotations

import subprocess

from tests.processes import child_pytest_env, python


def run(*args: str) -> subprocess.CompletedProcess:
    return python(*args, env=child_pytest_env(CHROMIUM="/nonexistent/chromium"), timeout=300)


def test_without_chromium_make_test_says_the_browser_tests_will_be_skipped():
    said = run("-m", "tests.browser_check")

    assert said.returncode == 0
    assert "Chromium was not found, so the browser tests will be SKIPPED." in said.stderr
    assert "sudo apt-get install -y chromium" in said.stderr


def test_without_chromium_only_the_browser_tests_are_skipped():
    ran = run(
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
    skipped = [line for line in ran.stdout.splitlines() if line.startswith("SKIPPED")]
    assert skipped
    assert all("tests/browser/" in line and "Chromium was not found" in line for line in skipped)
