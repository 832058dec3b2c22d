"""Which scripts have an installed font, asked of the machine's real fontconfig.

`fc-list` is the oracle: whatever it lists for ``:charset=<hex>`` is what Pango can
draw. The "missing" cases use scripts that no font here covers, picked at run time
(fonts-noto-core and fonts-noto-cjk may be installed while these tests run).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from jamsessions import fonts
from jamsessions.fonts import (
    CJK,
    LATIN,
    SCRIPTS,
    first_letters,
    font_covers,
    script_of,
    scripts_without_font,
)
from jamsessions.pdf import forget_font_warnings, shown_text, tagged_pdf

ROOT = Path(__file__).resolve().parent.parent

# Two letters each of scripts whose fonts are rare (Unicode 14 scripts first: no Debian
# 12 font has them), and the name the warning gives each script.
RARE_SCRIPTS = [
    ("Toto", "\U0001e290\U0001e291"),
    ("Vithkuqi", "\U00010570\U00010571"),
    ("Tangsa", "\U00016a70\U00016a71"),
    ("Old Uyghur", "\U00010f70\U00010f71"),
    ("Adlam", "\U0001e922\U0001e923"),
    ("Newa", "\U00011400\U00011401"),
]
# Latin letters that came late to Unicode (14.0), for "one character per script".
RARE_LATIN = ["\ua7c0", "\ua7c1", "\ua7d0", "\ua7d1", "\U0001df00", "\U0001df01"]


def fc_list_covers(char: str) -> bool:
    """What the fc-list command says: does any installed font cover the character?"""
    listed = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"],
        capture_output=True,
        text=True,
        check=True,
    )
    return bool(listed.stdout.strip())


@pytest.fixture(scope="module")
def fc_list():
    if not shutil.which("fc-list"):  # pragma: no cover - fontconfig's tools are installed
        pytest.skip("fc-list is not installed (Debian package fontconfig)")
    return fc_list_covers


@pytest.fixture
def rare(fc_list) -> tuple[str, str]:
    """A script that no installed font covers, as (its name, two of its letters)."""
    for name, letters in RARE_SCRIPTS:
        known = all(unicodedata.category(letter).startswith("L") for letter in letters)
        if known and not any(fc_list(letter) for letter in letters):
            return name, letters
    pytest.skip("every rare script here has a font")  # pragma: no cover


@pytest.fixture
def other_rare(fc_list, rare) -> tuple[str, str]:
    """A second script without a font."""
    for name, letters in RARE_SCRIPTS:
        if name != rare[0] and not any(fc_list(letter) for letter in letters):
            return name, letters
    pytest.skip("only one rare script here lacks a font")  # pragma: no cover


@pytest.fixture(autouse=True)
def _warnings_start_afresh():
    forget_font_warnings()
    yield
    forget_font_warnings()


# --- Asking fontconfig ---------------------------------------------------------------


def test_a_latin_letter_has_a_font_here():
    # fonts-dejavu-core is installed on every machine of the project.
    assert font_covers("A") is True
    assert font_covers("é") is True
    assert scripts_without_font("Healing Jam: café, naïve, Ærøskøbing") == []


def test_font_covers_says_what_fc_list_says(fc_list, rare):
    font_covers.cache_clear()  # a font may have been installed since an earlier test
    letters = [script.sample for script in SCRIPTS] + [rare[1][0], "\ue000", "\U0010fffd"]

    for letter in letters:
        assert font_covers(letter) is fc_list(letter), f"U+{ord(letter):04X}"


def test_font_covers_takes_one_character():
    with pytest.raises(ValueError):
        font_covers("ab")


# --- Scripts of letters --------------------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "name"),
    [
        ("a", "Latin"),
        ("ß", "Latin"),
        ("Ａ", "Latin"),  # fullwidth
        ("Ж", "Cyrillic"),
        ("λ", "Greek"),
        ("ب", "Arabic"),
        ("א", "Hebrew"),
        ("क", "Devanagari"),
        ("ሀ", "Ethiopic"),
        ("ก", "Thai"),
        ("中", CJK.name),
        ("あ", CJK.name),
        ("カ", CJK.name),
        ("ｶ", CJK.name),  # halfwidth katakana
        ("한", CJK.name),
        ("\U0001e922", "Adlam"),
        ("\U00011400", "Newa"),
        ("\U00010300", "Old Italic"),
        ("\u1780", "Khmer"),
        ("\u1401", "Canadian Syllabics"),
    ],
)
def test_script_of_a_letter_has_the_name_people_use(letter, name):
    assert script_of(letter).name == name


@pytest.mark.parametrize("char", [" ", "1", "-", "٣", "—", "€", "\ue000", "\u0301", "µ", "𝐀"])
def test_digits_punctuation_symbols_and_marks_have_no_script(char):
    assert script_of(char) is None


def test_each_known_script_names_a_debian_package():
    assert {script.package for script in SCRIPTS} == {
        "fonts-dejavu-core",
        "fonts-noto-core",
        "fonts-noto-cjk",
    }
    assert script_of("ب").package == "fonts-noto-core"
    assert CJK.package == "fonts-noto-cjk"
    assert LATIN.package == "fonts-dejavu-core"
    for script in SCRIPTS:
        assert script_of(script.sample) == script


# --- Scripts without a font ----------------------------------------------------------


def test_a_letter_no_font_covers_is_reported_by_its_script(rare):
    name, letters = rare

    missing = scripts_without_font(f"Welcome, {letters[0]} and introductions")

    assert [script.name for script in missing] == [name]


def test_each_script_is_reported_once_in_the_order_seen(rare, other_rare):
    text = f"{other_rare[1]} Stretch {rare[1]} {other_rare[1][::-1]} {rare[1][0] * 50}"

    missing = scripts_without_font(text)

    assert [script.name for script in missing] == [other_rare[0], rare[0]]


def test_only_the_first_letter_of_each_script_is_looked_up(fc_list):
    late = next((letter for letter in RARE_LATIN if not fc_list(letter)), None)
    if late is None:  # pragma: no cover - a font with Unicode 14 Latin
        pytest.skip("the late Latin letters have a font here")

    assert scripts_without_font(late) == [LATIN]
    # "é" comes first and has a font: Latin is not looked up again for the late letter.
    assert scripts_without_font(f"é {late}") == []
    assert scripts_without_font(f"{late} é") == [LATIN]
    # ASCII letters are Latin letters too.
    assert scripts_without_font(f"Jam {late}") == []
    assert scripts_without_font(f"{late} Jam") == [LATIN]


def test_first_letters_gives_each_script_its_first_letter_in_order():
    text = "18:00 · Jam جلسة 中文 éa Ж ひらがな"

    assert first_letters(text) == {
        LATIN: "J",
        script_of("ج"): "ج",
        CJK: "中",
        script_of("Ж"): "Ж",
    }
    assert list(first_letters("é Ж a")) == [LATIN, script_of("Ж")]
    assert first_letters("é Ж a")[LATIN] == "é"


def test_thousands_of_chinese_characters_cost_one_lookup():
    text = "".join(chr(code) for code in range(0x4E00, 0x4E00 + 3000)) + " Healing Jam"
    before = font_covers.cache_info()

    scripts_without_font(text)

    after = font_covers.cache_info()
    lookups = (after.hits + after.misses) - (before.hits + before.misses)
    assert lookups == 2  # one for CJK, one for Latin


def test_text_without_letters_has_nothing_to_check():
    assert scripts_without_font("") == []
    assert scripts_without_font("18:00–20:00 · 2031-03-14 · ٣ ✓") == []


# --- Before the virtualenv exists ----------------------------------------------------


def _system_python(*args: str) -> subprocess.CompletedProcess:
    """Python without site-packages (-S): only the standard library can be imported."""
    return subprocess.run(
        [sys.executable, "-S", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_the_module_imports_with_the_standard_library_only_and_loads_nothing():
    ran = _system_python(
        "-c",
        "import sys, jamsessions.fonts; "
        "print(sorted({'ctypes', 'django', 'weasyprint'} & set(sys.modules)))",
    )

    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "[]"


# --- In a PDF ------------------------------------------------------------------------


def page(body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Healing Jam</title><style>p { margin: 0 }</style></head>"
        f"<body><h1>Healing Jam</h1><p>{body}</p></body></html>"
    )


def font_warnings(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "jamsessions.pdf" and record.levelno == logging.WARNING
    ]


def test_a_pdf_with_a_script_without_a_font_says_so_in_the_log(caplog, rare):
    name, letters = rare

    with caplog.at_level(logging.WARNING, logger="jamsessions.pdf"):
        pdf = tagged_pdf(page(f"Welcome, {letters} and friends"), [])

    assert pdf.startswith(b"%PDF-")
    assert font_warnings(caplog) == [
        f"PDF text in {name} script has no installed font: it shows as empty boxes. "
        "Install a font that covers it (Noto has one for most scripts)"
    ]
    (record,) = [record for record in caplog.records if record.name == "jamsessions.pdf"]
    assert record.script == name


def test_the_warning_is_given_once_a_process(caplog, rare, other_rare):
    with caplog.at_level(logging.WARNING, logger="jamsessions.pdf"):
        tagged_pdf(page(rare[1]), [])
        tagged_pdf(page(f"{rare[1]} {other_rare[1]}"), [])
        tagged_pdf(page(rare[1]), [])

    warnings = font_warnings(caplog)
    assert len(warnings) == 2
    assert f" {rare[0]} script " in warnings[0]
    assert f" {other_rare[0]} script " in warnings[1]


def test_a_pdf_in_plain_english_logs_no_font_warning(caplog):
    with caplog.at_level(logging.DEBUG, logger="jamsessions.pdf"):
        tagged_pdf(page("Welcome and introductions: names, pronouns &amp; one word."), [])

    assert font_warnings(caplog) == []


def test_a_pdf_in_chinese_without_a_cjk_font_names_the_package(caplog, fc_list):
    if fc_list(CJK.sample):
        pytest.skip("a CJK font is installed here")

    with caplog.at_level(logging.WARNING, logger="jamsessions.pdf"):
        tagged_pdf(page("疗愈茶话会"), [])

    assert font_warnings(caplog) == [
        "PDF text in Chinese, Japanese and Korean (CJK) script has no installed font: "
        "it shows as empty boxes. Install one, e.g. apt-get install fonts-noto-cjk"
    ]


def test_only_the_text_a_page_shows_is_checked(rare):
    letters = rare[1]
    html = (
        f"<html><head><title>{letters}</title><style>p::after {{ content: '{letters}' }}</style>"
        f"</head><body><header>Welcome</header><!-- {letters} --><p class='{letters}'>Tea "
        "&amp; biscuits&#x20;&eacute;</p></body></html>"
    )

    assert shown_text(html).split() == ["Welcome", "Tea", "&", "biscuits", "é"]
    assert fonts.scripts_without_font(shown_text(html)) == []
