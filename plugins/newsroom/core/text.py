"""Text helpers every part of the site shares: German slugs (umlauts, inclusive forms) and the
plain text of an HTML fragment."""

from __future__ import annotations

import re

# Inclusive forms keep both parts in an address: the mark of Bürger*innen, Bürger_innen,
# Bürger:innen, Bürger/-innen and the Binnen-I of BürgerInnen become a hyphen (buerger-innen),
# so no form turns into the feminine word alone. Pelican applies these with re.IGNORECASE, so
# the Binnen-I rule switches it off for itself.
INCLUSIVE_SLUG_SUBSTITUTIONS: list[tuple[str, str]] = [
    (r"(?<=[^\W\d_])(?:[*_:]|/-?)(?=[^\W\d_])", "-"),
    (r"(?-i:(?<=[a-zäöüß])I(?=n(?:nen)?\b))", "-i"),
]

# Umlauts and ß transliterated the German way before anything else; the rest as Pelican does.
SLUG_SUBSTITUTIONS: list[tuple[str, str]] = [
    *INCLUSIVE_SLUG_SUBSTITUTIONS,
    ("ä", "ae"),
    ("ö", "oe"),
    ("ü", "ue"),
    ("ß", "ss"),
    ("ẞ", "ss"),
    ("[àáâãåā]", "a"),
    ("[çćč]", "c"),
    ("[èéêëē]", "e"),
    ("[ìíîï]", "i"),
    ("[ñń]", "n"),
    ("[òóôõøō]", "o"),
    ("[ùúûū]", "u"),
    ("[ýÿ]", "y"),
    ("[łľ]", "l"),
    ("[šś]", "s"),
    ("[žźż]", "z"),
    ("æ", "ae"),
    ("œ", "oe"),
    (r"&", "und"),
    (r"[^a-z0-9\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]


SLUG_MAX_CHARS = 60
# Words a shortened slug does not end on: they only join what was cut off.
SLUG_JOINING_WORDS = frozenset(
    {"und", "oder", "sowie", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen"}
    | {"einem", "einer", "fuer", "mit", "von", "zu", "zum", "zur", "im", "in", "am", "an"}
)


def slugify_de(text: str, max_chars: int = SLUG_MAX_CHARS) -> str:
    """The slug of a German title: „Mobilität & Straße“ → ``mobilitaet-und-strasse``.

    At most ``max_chars`` long, cut after the last whole word of the title that fits, so an
    inclusive form (``buerger-innen``) is never cut in half; a first word longer than that
    alone is cut at ``max_chars``. A shortened slug does not end on „und“, „der“, „für“ ….
    """
    from pelican.utils import slugify

    def slug_of(part: str) -> str:
        return slugify(part, regex_subs=SLUG_SUBSTITUTIONS, use_unicode=True).strip("-")

    whole = slug_of(text)
    if len(whole) <= max_chars:
        return whole
    kept: list[str] = []
    for word in filter(None, (slug_of(word) for word in text.split())):
        if len("-".join([*kept, word])) > max_chars:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1] in SLUG_JOINING_WORDS:
        kept.pop()
    return "-".join(kept) or whole[:max_chars].strip("-")


def plain_text(html: str) -> str:
    """Text of an HTML fragment with entities resolved, for meta tags, feeds and calendars."""
    from html import unescape

    text = re.sub(r"<[^>]+>", "", html or "")
    return re.sub(r"\s+", " ", unescape(text)).strip()
