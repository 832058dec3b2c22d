"""Helpers for tests that start a child process of the project."""

from __future__ import annotations

import os
from urllib.parse import quote

from django.conf import settings


def database_url(name: str | None = None) -> str:
    """The server these tests use, as a URL for a child process: their database, or `name`."""
    db = settings.DATABASES["default"]
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(name or db['NAME'], safe='')}"


def child_pytest_env(**overrides: str) -> dict[str, str]:
    """The environment for a pytest run inside this one.

    Its database, should it need one, is not ours: pytest-django would otherwise create,
    or drop, the very test database this run is using.
    """
    name = f"{settings.DATABASES['default']['NAME']}_child"
    return {**os.environ, "DATABASE_URL": database_url(name), **overrides}
