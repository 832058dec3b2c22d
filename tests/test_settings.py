import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The database these tests use, as a URL for a child process."""
    db = settings.DATABASES["default"]
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}"


def production_env(**overrides) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
        and not key.startswith(("SECURE_", "BEHIND_", "CSRF_"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="jams.example.org",
        DATABASE_URL=database_url(),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    env = production_env()
    assert len(env["SECRET_KEY"]) >= 50

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output
    assert "System check identified no issues" in output


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = manage("check", env=production_env(SECRET_KEY=None))

    assert result.returncode != 0
    assert "Set SECRET_KEY: it is required when DEBUG is off." in result.stderr


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/"])
def test_pages_carry_a_strict_content_security_policy(client, url):
    response = client.get(url)

    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_signed_in_pages_carry_the_content_security_policy_too(host_client):
    response = host_client.get("/jams/")

    assert csp_directives(response)["script-src"] == ["'self'"]


def test_pages_carry_the_other_security_headers(client):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_base_page_starts_with_a_skip_link_to_main(client):
    response = client.get("/")

    body = response.text.split("<body", 1)[1]
    first_link = re.search(r"<a [^>]*>[^<]*</a>", body).group(0)
    assert first_link == '<a class="skip-link" href="#main">Skip to main content</a>'
    assert '<main id="main"' in response.text


def test_base_page_scripts_come_from_our_own_static_files(client):
    response = client.get("/")

    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", response.text, re.S)
    sources = [re.search(r'src="([^"]+)"', attributes).group(1) for attributes, _ in scripts]
    assert any(re.fullmatch(r"/static/django_htmx/htmx[-.\w]*\.js", src) for src in sources)
    for attributes, content in scripts:
        assert content.strip() == "", "inline script"
        assert "src=" in attributes
    for src in sources:
        assert src.startswith("/static/"), src
        assert finders.find(src.removeprefix("/static/")), f"{src} is not shipped with the app"


def test_base_page_loads_nothing_from_another_host(client):
    response = client.get("/")

    external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]*)"', response.text)
    assert external == []
    assert "<style" not in response.text
    assert " style=" not in response.text
