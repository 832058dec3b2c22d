"""Which writing systems have an installed font: so a PDF never silently shows empty boxes.

WeasyPrint lays text out with Pango, which finds fonts through fontconfig. A letter
that no installed font covers is drawn as an empty box ("tofu"), with no error
anywhere. This module asks fontconfig the same question Pango does, the
equivalent of ``fc-list ':charset=<hex>'``: does any installed font cover this
character?

It is standard library only, and importing it does nothing: the fontconfig
library is loaded (with ctypes) on the first question, once per process. So
``jamsessions.system_check`` uses it too, with the system Python, before the
virtualenv exists.

Answers are cached for the life of the process: a font installed later is seen
after a restart.
"""

from __future__ import annotations

import functools
import sys
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "CHECKED_AT_INSTALL",
    "CJK",
    "LATIN",
    "SCRIPTS",
    "Script",
    "first_letters",
    "font_covers",
    "script_of",
    "scripts_without_font",
]


@dataclass(frozen=True)
class Script:
    """A writing system as people call it, and the Debian package with a font for it.

    Two scripts are the same when their names are.
    """

    #: What people call it: "Arabic", "Chinese, Japanese and Korean (CJK)".
    name: str
    #: A Debian package that provides a font for it, or None if we know of none.
    package: str | None = field(compare=False)
    #: One of its letters: what is looked up when there is no text at hand.
    sample: str = field(compare=False)
    #: The first words of the Unicode names of its characters ("ARABIC", "HANGUL").
    words: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return self.name


_DEJAVU = "fonts-dejavu-core"
_NOTO = "fonts-noto-core"

LATIN = Script("Latin", _DEJAVU, "A", ("LATIN",))
CJK = Script(
    "Chinese, Japanese and Korean (CJK)",
    "fonts-noto-cjk",
    "\u4e2d",  # 中
    (
        "CJK",
        "HIRAGANA",
        "KATAKANA",
        "KATAKANA-HIRAGANA",
        "HENTAIGANA",
        "HANGUL",
        "BOPOMOFO",
        "IDEOGRAPHIC",
        "MASU",
    ),
)
ARABIC = Script("Arabic", _NOTO, "\u0628", ("ARABIC",))  # ب

#: The scripts we know by name, with a package for each.
SCRIPTS: tuple[Script, ...] = (
    LATIN,
    Script("Greek", _DEJAVU, "\u03b1", ("GREEK",)),
    Script("Cyrillic", _DEJAVU, "\u0436", ("CYRILLIC",)),
    ARABIC,
    CJK,
    Script("Hebrew", _NOTO, "\u05d0", ("HEBREW",)),
    Script("Armenian", _NOTO, "\u0561", ("ARMENIAN",)),
    Script("Georgian", _NOTO, "\u10d0", ("GEORGIAN",)),
    Script("Devanagari", _NOTO, "\u0915", ("DEVANAGARI",)),
    Script("Bengali", _NOTO, "\u0995", ("BENGALI",)),
    Script("Gurmukhi", _NOTO, "\u0a15", ("GURMUKHI",)),
    Script("Gujarati", _NOTO, "\u0a95", ("GUJARATI",)),
    Script("Odia", _NOTO, "\u0b15", ("ORIYA",)),
    Script("Tamil", _NOTO, "\u0b95", ("TAMIL",)),
    Script("Telugu", _NOTO, "\u0c15", ("TELUGU",)),
    Script("Kannada", _NOTO, "\u0c95", ("KANNADA",)),
    Script("Malayalam", _NOTO, "\u0d15", ("MALAYALAM",)),
    Script("Sinhala", _NOTO, "\u0d9a", ("SINHALA",)),
    Script("Thai", _NOTO, "\u0e01", ("THAI",)),
    Script("Lao", _NOTO, "\u0e81", ("LAO",)),
    Script("Khmer", _NOTO, "\u1780", ("KHMER",)),
    Script("Myanmar", _NOTO, "\u1000", ("MYANMAR",)),
    Script("Ethiopic", _NOTO, "\u1200", ("ETHIOPIC",)),
)

#: What the build scripts check before installing: the languages the project meets most.
CHECKED_AT_INSTALL: tuple[Script, ...] = (LATIN, ARABIC, CJK)

_BY_WORD = {word: script for script in SCRIPTS for word in script.words}

# Letters whose Unicode name starts with one of these are symbols, or marks that
# go with any script (MICRO SIGN, MODIFIER LETTER ..., MATHEMATICAL BOLD ...): no
# script of their own to report.
_NOT_SCRIPTS = frozenset(
    "ALEF ANGSTROM BET BLACK-LETTER CARON DALET DOUBLE-STRUCK EULER FEMININE GIMEL "  # noqa: SIM905
    "INFORMATION KELVIN MASCULINE MATHEMATICAL MICRO MODIFIER OHM PLANCK ROMAN SCRIPT "
    "SUPERSCRIPT TURNED VEDIC VERTICAL".split()
)
# Where a script's name ends in a character's Unicode name: "OLD ITALIC LETTER A",
# "NEW TAI LUE LETTER HIGH QA", "LINEAR B SYLLABLE B008 A", "TANGUT IDEOGRAPH-17000".
# A name is three words at most ("NYIAKENG PUACHUE HMONG").
_ROLE_WORDS = frozenset(
    """AFFIX AHAD ANGKA ANJI AVAGRAHA CAPITAL CHARACTER CLAN CLUSTER-INITIAL COMPONENT
    CONSONANT DIGIT EKAM GAAHLAA GVANG HEADSTROKE HIEROGLYPH HIGH IDEOGRAM IDEOGRAPH INDEPENDENT
    INITIAL ITERATION LAJANYALAN LETTER LIGATURE LOGOGRAM LOW MARK MODIFIER MONOGRAM MU
    MU-GAAHLAA NASALIZATION OM PANGRANGKEP PHAARKAA PREFIXED RELAA REPHA SIDDHI SIGN SMALL
    SUBJOINED SUPERFIXED SYLLABLE SYMBOL TONE VOWEL VOWEL-CARRIER WORD""".split()  # noqa: SIM905
)
_LONGEST_NAME = 3


@functools.lru_cache(maxsize=8192)
def script_of(char: str) -> Script | None:
    """The script of a letter, from its Unicode name; None for anything but a letter.

    Scripts in SCRIPTS come with a package; any other ("Adlam", "Old Italic") is
    named from the Unicode name of its letters, with no package.
    """
    if char < "\x80":
        return LATIN if char.isalpha() else None
    if not unicodedata.category(char).startswith("L"):
        return None
    words = unicodedata.name(char, "").split()
    if words and words[0] in ("FULLWIDTH", "HALFWIDTH"):
        words = words[1:]
    if not words or words[0] in _NOT_SCRIPTS:
        return None
    known = _BY_WORD.get(words[0])
    if known is not None:
        return known
    if "SYLLABICS" in words:  # CANADIAN SYLLABICS E
        words = words[: words.index("SYLLABICS") + 1]
    end = next(
        (
            end
            for end, word in enumerate(words[1:_LONGEST_NAME], start=1)
            if word in _ROLE_WORDS or word.partition("-")[0] in _ROLE_WORDS
        ),
        _LONGEST_NAME,
    )
    return Script(" ".join(words[:end]).title(), None, char)


@functools.cache
def _fontconfig():
    """The fontconfig library with the few functions used here declared, or None."""
    import ctypes  # only when a question is asked
    import ctypes.util

    names = ["libfontconfig.so.1", "libfontconfig.1.dylib"]
    found = ctypes.util.find_library("fontconfig") if sys.platform == "darwin" else None
    if found:
        names.insert(0, found)
    for name in names:
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        try:
            _declare(lib, ctypes)
        except AttributeError:  # pragma: no cover - a fontconfig without these functions
            return None
        return lib
    return None


def _declare(lib, ctypes) -> None:
    ptr, text, boolean = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    signatures = {
        "FcCharSetCreate": ([], ptr),
        "FcCharSetAddChar": ([ptr, ctypes.c_uint32], boolean),
        "FcCharSetDestroy": ([ptr], None),
        "FcPatternCreate": ([], ptr),
        "FcPatternAddCharSet": ([ptr, text, ptr], boolean),
        "FcPatternDestroy": ([ptr], None),
        "FcObjectSetCreate": ([], ptr),
        "FcObjectSetAdd": ([ptr, text], boolean),
        "FcObjectSetDestroy": ([ptr], None),
        "FcFontList": ([ptr, ptr, ptr], ptr),
        "FcFontSetDestroy": ([ptr], None),
    }
    for name, (argtypes, restype) in signatures.items():
        function = getattr(lib, name)
        function.argtypes = argtypes
        function.restype = restype


@functools.lru_cache(maxsize=1024)
def font_covers(char: str) -> bool | None:
    """Whether an installed font has a glyph for the character; None without fontconfig.

    The same as ``fc-list ':charset=<hex of char>'`` listing anything: fontconfig's
    current configuration reads the same configuration files and fonts as the one
    WeasyPrint gives Pango.
    """
    if len(char) != 1:
        raise ValueError(f"one character, not {char!r}")
    fc = _fontconfig()
    if fc is None:
        return None
    charset = pattern = objects = fonts = None
    try:
        charset = fc.FcCharSetCreate()
        pattern = fc.FcPatternCreate()
        objects = fc.FcObjectSetCreate()
        if not (charset and pattern and objects):  # pragma: no cover - out of memory
            return None
        if not (
            fc.FcCharSetAddChar(charset, ord(char))
            and fc.FcPatternAddCharSet(pattern, b"charset", charset)
            and fc.FcObjectSetAdd(objects, b"family")
        ):  # pragma: no cover - out of memory
            return None
        # No configuration given: the current one, which fontconfig keeps up to date.
        fonts = fc.FcFontList(None, pattern, objects)
        if not fonts:  # pragma: no cover - out of memory
            return None
        import ctypes  # loaded already, by _fontconfig()

        # struct _FcFontSet { int nfont; int sfont; FcPattern **fonts; }: nfont first.
        return ctypes.cast(fonts, ctypes.POINTER(ctypes.c_int))[0] > 0
    finally:
        if fonts:
            fc.FcFontSetDestroy(fonts)
        if objects:
            fc.FcObjectSetDestroy(objects)
        if pattern:
            fc.FcPatternDestroy(pattern)
        if charset:
            fc.FcCharSetDestroy(charset)


@functools.cache
def _patterns():
    import re  # only when there is text to check

    return re.compile(r"[\x00-\x7f]+"), re.compile("[A-Za-z]")


def first_letters(text: str) -> dict[Script, str]:
    """The first letter of each script in the text, in the order the scripts come."""
    ascii_runs, ascii_letter = _patterns()
    firsts: dict[Script, str] = {}
    if not text.isascii():
        # Each distinct character once, in the order of its first appearance; the
        # ASCII ones (most of a page, in most languages) dropped first, in C.
        for char in dict.fromkeys(ascii_runs.sub("", text)):
            script = script_of(char)
            if script is not None and script not in firsts:
                firsts[script] = char
    first_ascii = ascii_letter.search(text)
    if first_ascii and (LATIN not in firsts or text.find(firsts[LATIN]) > first_ascii.start()):
        firsts[LATIN] = first_ascii.group()
    if len(firsts) > 1:
        firsts = dict(sorted(firsts.items(), key=lambda first: text.find(first[1])))
    return firsts


def scripts_without_font(text: str) -> list[Script]:
    """The scripts of the letters in the text that no installed font covers, in order seen.

    One character is looked up per script, the first one of that script in the
    text, so Chinese text with thousands of characters costs one lookup (and none
    once that character has been looked up before in this process). Empty when
    fontconfig cannot be asked: nothing is known then.
    """
    missing: list[Script] = []
    for script, char in first_letters(text).items():
        covered = font_covers(char)
        if covered is None:
            return []
        if not covered:
            missing.append(script)
    return missing
