"""Helpers for tests that start a child process of the project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parent.parent


def database_url(name: str | None = None) -> str:
    """The server these tests use, as a URL for a child process: their database, or `name`."""
    db = settings.DATABASES["default"]
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    # The embedded server is reached by its socket folder, given as an option (``?host=…``).
    options = f"?{urlencode(db['OPTIONS'])}" if db.get("OPTIONS") else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(name or db['NAME'], safe='')}{options}"


def child_pytest_env(**overrides: str) -> dict[str, str]:
    """The environment for a pytest run inside this one.

    Its database, should it need one, is not ours: pytest-django would otherwise create,
    or drop, the very test database this run is using.
    """
    name = f"{settings.DATABASES['default']['NAME']}_child"
    return {**os.environ, "DATABASE_URL": database_url(name), **overrides}


def python(*args: str, env: dict[str, str] | None = None, timeout: int = 60):
    """Run the project's Python with `args` in the project folder; its output as text."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def node(*args: str, stdin: bytes, timeout: int = 60):
    """Run Node.js with `args` in the project folder, `stdin` as its input; output as bytes.

    Only tests/calendar_js uses it (ical.js, a test-only reader of the calendar files).
    """
    return subprocess.run(
        ["node", *args],
        cwd=PROJECT_DIR,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
