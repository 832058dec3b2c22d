"""No personal token reaches a log line: the app's own, and gunicorn's access log."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

import pytest
from django.conf import settings
from gunicorn.config import Config

from jamsessions.logmask import GunicornLogger, TokenMaskFilter, mask_tokens
from tests.processes import PROJECT_DIR

TOKEN = "8af8d8fdcb39402fad609780cfe9379a.m_PpyNh1e7oJjS7tkQy3WsiA3SzJefdEVdqsQ2IUMiw"


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        (f"GET /i/{TOKEN}/ HTTP/1.1", "GET /i/…/ HTTP/1.1"),
        (f"POST /i/{TOKEN}/sessions/ab3k9xyz/rsvp/", "POST /i/…/sessions/ab3k9xyz/rsvp/"),
        (f"/i/{TOKEN}/my-data.json", "/i/…/my-data.json"),
        (f"GET /calendar/{TOKEN}.ics", "GET /calendar/….ics"),
        ("GET /q/k7mxq2bw9p/feedback/", "GET /q/…/feedback/"),
        (f"GET /team/join/{TOKEN}/", "GET /team/join/…/"),
        (f"GET /accounts/login/link/{TOKEN}/", "GET /accounts/login/link/…/"),
        ("GET /accounts/password/reset/MQ/cxyz-0123abc/", "GET /accounts/password/reset/…/…/"),
        (
            f"GET /accounts/login/?sesame={TOKEN}&next=/jams/",
            "GET /accounts/login/?sesame=…&next=/jams/",
        ),
        # Addresses with nothing personal stay as they are.
        ("GET /jams/healing-jam-x7k2mq/guests/", "GET /jams/healing-jam-x7k2mq/guests/"),
        ("GET /accounts/password/reset/sent/", "GET /accounts/password/reset/sent/"),
        ("GET /accounts/password/reset/complete/", "GET /accounts/password/reset/complete/"),
        ("GET /static/js/agenda.js", "GET /static/js/agenda.js"),
    ],
)
def test_tokens_in_addresses_are_masked(line, masked):
    assert mask_tokens(line) == masked


def test_the_apps_log_lines_are_masked_whatever_their_arguments():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (f"/i/{TOKEN}/",), None
    )

    assert TokenMaskFilter().filter(record)

    assert record.getMessage() == "Not Found: /i/…/"
    assert TOKEN not in record.getMessage()


def test_every_log_line_of_the_app_goes_through_the_filter():
    handler = settings.LOGGING["handlers"]["console"]

    assert "tokens" in handler["filters"]
    assert settings.LOGGING["filters"]["tokens"]["()"] == "jamsessions.logmask.TokenMaskFilter"
    # Development's request lines (runserver) too.
    assert settings.LOGGING["loggers"]["django.server"]["handlers"] == ["console"]


def test_gunicorns_access_log_masks_the_request_line_path_query_and_referrer():
    logger = GunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/i/{TOKEN}/?sesame={TOKEN}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": f"/i/{TOKEN}/",
        "QUERY_STRING": f"sesame={TOKEN}",
        "HTTP_REFERER": f"https://jams.example.org/calendar/{TOKEN}.ics",
        "REMOTE_ADDR": "203.0.113.9",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])

    atoms = logger.atoms(response, request, environ, dt.timedelta(milliseconds=12))

    assert atoms["r"] == "GET /i/…/?sesame=… HTTP/1.1"
    assert atoms["U"] == "/i/…/"
    assert atoms["q"] == "sesame=…"
    assert atoms["f"] == "https://jams.example.org/calendar/….ics"
    assert atoms["{referer}i"] == "https://jams.example.org/calendar/….ics"
    assert not any(TOKEN in str(value) for value in atoms.values())


def test_the_image_masks_its_access_log_and_believes_forwarded_headers_only_from_its_proxies():
    dockerfile = (PROJECT_DIR / "Dockerfile").read_text()

    assert "--logger-class jamsessions.logmask.GunicornLogger" in dockerfile
    assert "forwarded-allow-ips='*'" not in dockerfile
    assert "forwarded-allow-ips" not in dockerfile.split("CMD", 1)[1]
