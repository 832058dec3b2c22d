"""Files the app hands out (PDFs, calendars, exports): how a browser is told their name.

The one home of the ``Content-Disposition`` header: a plain ASCII name for every browser,
and the name as written (RFC 6266's ``filename*``) when it has other letters.
"""

from __future__ import annotations

from urllib.parse import quote


def content_disposition(filename: str, unicode_name: str = "", *, attachment: bool = False) -> str:
    """``inline`` (shown by the browser) or ``attachment`` (saved), with the file's name.

    ``filename`` must be ASCII without quotes; ``unicode_name`` is the same name as written.
    """
    header = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    if unicode_name and unicode_name != filename:
        header += f"; filename*=UTF-8''{quote(unicode_name, safe='')}"
    return header
