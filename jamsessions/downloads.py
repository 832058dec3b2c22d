"""Files the app hands out (PDFs, calendars, exports): how a browser is told their name,
and what is safe to write in them.

The one home of the ``Content-Disposition`` header: a plain ASCII name for every browser,
and the name as written (RFC 6266's ``filename*``) when it has other letters; of a file's
name made from a name someone wrote; and of a CSV cell a spreadsheet will not run.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.utils.text import slugify


def content_disposition(filename: str, unicode_name: str = "", *, attachment: bool = False) -> str:
    """``inline`` (shown by the browser) or ``attachment`` (saved), with the file's name.

    ``filename`` must be ASCII without quotes; ``unicode_name`` is the same name as written.
    """
    header = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    if unicode_name and unicode_name != filename:
        header += f"; filename*=UTF-8''{quote(unicode_name, safe='')}"
    return header


def download_names(title: str, suffix: str) -> tuple[str, str]:
    """A file's name from a title someone wrote (a Jam's name) and what the file is:
    in ASCII for the ``filename`` of ``content_disposition``, and as written for
    ``filename*``. Nothing in either can leave a folder or break the header."""
    ascii_name = slugify(title)[:60].strip("-") or "jam"
    unicode_name = slugify(title, allow_unicode=True)[:60].strip("-") or ascii_name
    return f"{ascii_name}-{suffix}", f"{unicode_name}-{suffix}"


def iso_time(value: dt.datetime | None) -> str | None:
    """A moment in a file meant for machines: ISO 8601 with its offset, or None."""
    return value.isoformat() if value else None


# A cell starting like a formula would run in a spreadsheet; a leading ' keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """Text for a CSV cell that a spreadsheet shows as written, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
