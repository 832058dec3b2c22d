"""What every PDF of the project shares: tagged for screen readers, nothing fetched from outside.

WeasyPrint renders our own HTML with a stylesheet from ``static/``. The PDFs are
PDF/UA-1, so screen readers can read them and their text stays text. Nothing a
user typed (a link in a report, an agenda item) can make the server fetch a URL.

A letter that no installed font covers comes out as an empty box, with no error
from WeasyPrint: each script that lacks a font is logged instead, once a process,
with the Debian package that has a font for it (see ``jamsessions.fonts``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import cache
from html import unescape
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from jamsessions.fonts import Script, scripts_without_font

logger = logging.getLogger(__name__)

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
    pdf = document.write_pdf(
        stylesheets=[static_stylesheet(BASE_STYLESHEET), *stylesheets], pdf_variant=PDF_VARIANT
    )
    warn_about_missing_fonts(shown_text(html))
    return pdf


# Tags, and what is not shown on the page: the head (title, styles), scripts, comments.
_NOT_SHOWN = re.compile(
    r"<(?:head\b.*?</head\s*|script\b.*?</script\s*|style\b.*?</style\s*|!--.*?--|[^>]*)>",
    re.DOTALL | re.IGNORECASE,
)


def shown_text(html: str) -> str:
    """The text an HTML document shows, near enough: no tags, head, styles or comments."""
    return unescape(_NOT_SHOWN.sub(" ", html))


_warned: set[Script] = set()


def warn_about_missing_fonts(text: str) -> list[Script]:
    """Log a warning for each script of the text without an installed font, once a process.

    Returns the scripts warned about now (not those warned about before).
    """
    scripts = [script for script in scripts_without_font(text) if script not in _warned]
    for script in scripts:
        _warned.add(script)
        if script.package:
            remedy = f"Install one, e.g. apt-get install {script.package}"
        else:
            remedy = "Install a font that covers it (Noto has one for most scripts)"
        logger.warning(
            "PDF text in %s script has no installed font: it shows as empty boxes. %s",
            script.name,
            remedy,
            extra={"script": script.name, "font_package": script.package},
        )
    return scripts


def forget_font_warnings() -> None:
    """Warn again about scripts already warned about in this process (for tests)."""
    _warned.clear()
