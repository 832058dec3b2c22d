"""The Spanish and French translations: complete, safe to format, compiled, and in use."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")


def catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po"))


def texts(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs of an entry, its plural forms included."""
    if entry.msgid_plural:
        return [
            (entry.msgid if form == 0 else entry.msgid_plural, text)
            for form, text in sorted(entry.msgstr_plural.items())
        ]
    return [(entry.msgid, entry.msgstr)]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated_and_none_is_a_guess(code):
    po = catalogue(code)
    assert po.percent_translated() == 100, [entry.msgid for entry in po.untranslated_entries()]
    assert po.fuzzy_entries() == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_every_placeholder(code):
    wrong = []
    for entry in catalogue(code):
        for source, text in texts(entry):
            named = sorted(p for p in PLACEHOLDER.findall(source) if "(" in p)
            if named != sorted(p for p in PLACEHOLDER.findall(text) if "(" in p):
                wrong.append(entry.msgid)
    assert wrong == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogue_matches_the_source(code):
    """`make messages` was run after the last change to the .po file."""
    mo = polib.mofile(str(LOCALE / code / "LC_MESSAGES" / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): texts(entry) for entry in mo if entry.msgid}
    source = {(entry.msgctxt, entry.msgid): texts(entry) for entry in catalogue(code)}
    assert compiled == source


@pytest.mark.django_db
@pytest.mark.parametrize("code", TRANSLATED)
def test_the_home_page_speaks_the_visitors_language(client, code):
    with translation.override(code):
        wanted = translation.gettext("Start planning a Jam")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=code)
    assert response["Content-Language"] == code
    assert wanted != "Start planning a Jam"
    assert wanted in response.content.decode()
