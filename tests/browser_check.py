"""Say plainly whether the browser tests can run: they need Debian's Chromium."""

import os
import shutil
import sys

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM")
    if configured:  # the one named, or none at all
        return configured if os.path.exists(configured) else None
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


if __name__ == "__main__":
    if chromium_path() is None:
        sys.stderr.write(
            "\n  Chromium was not found, so the browser tests will be SKIPPED.\n"
            "  Install it to run them:  sudo apt-get install -y chromium\n"
            "  (or set CHROMIUM=/path/to/chromium).\n\n"
        )
