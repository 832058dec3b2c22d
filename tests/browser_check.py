"""Say plainly whether the browser tests can run: they need Debian's Chromium, able to start."""

import functools
import os
import shutil
import subprocess
import sys

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
INSTALL = (
    "install it with `sudo apt-get install -y chromium` "
    "(or set CHROMIUM=/path/to/chromium) to run the browser tests"
)


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM")
    if configured:  # the one named, or none at all
        return configured if os.path.exists(configured) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


@functools.cache
def chromium_unusable() -> str | None:
    """Why the browser tests cannot run here, in a few words, or None when they can.

    A Chromium that is installed but cannot start (a system library it links against is
    missing) counts as absent, as one that is not installed does.
    """
    path = chromium_path()
    if path is None:
        return "Chromium was not found"
    try:
        ran = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"Chromium at {path} cannot start ({error})"
    if ran.returncode != 0 or "Chromium" not in ran.stdout:
        said = [line for line in ran.stderr.splitlines() if line.strip()] or ["no version"]
        return f"Chromium at {path} cannot start ({said[-1].strip()})"
    return None


if __name__ == "__main__":
    problem = chromium_unusable()
    if problem:
        sys.stderr.write(
            f"\n  {problem}, so the browser tests will be SKIPPED.\n"
            "  Install it to run them:  sudo apt-get install -y chromium\n"
            "  (or set CHROMIUM=/path/to/chromium).\n\n"
        )
