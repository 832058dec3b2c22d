"""What every PDF of the project shares: tagged for screen readers, nothing fetched from outside.

WeasyPrint renders our own HTML with a stylesheet from ``static/``. The PDFs are
PDF/UA-1, so screen readers can read them and their text stays text. Nothing a
user typed (a link in a report, an agenda item) can make the server fetch a URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/ua-1"
BASE_STYLESHEET = "css/pdf-base.css"


@cache
def static_stylesheet(name: str) -> CSS:
    """A stylesheet from the static files, parsed once per process."""
    path = finders.find(name)
    if not path:  # pragma: no cover - a broken install, not a user error
        raise FileNotFoundError(name)
    return CSS(filename=Path(path))


@cache
def _no_fetching() -> URLFetcher:
    return URLFetcher(allowed_protocols=frozenset(), allow_redirects=False, timeout=1)


def tagged_pdf(html: str, stylesheets: Sequence[CSS]) -> bytes:
    """The HTML as a tagged PDF over the shared base stylesheet, with nothing fetched."""
    document = HTML(string=html, url_fetcher=_no_fetching())
    return document.write_pdf(
        stylesheets=[static_stylesheet(BASE_STYLESHEET), *stylesheets], pdf_variant=PDF_VARIANT
    )
