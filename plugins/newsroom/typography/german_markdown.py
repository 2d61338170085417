"""German typography: Markdown's smarty extension with German quotes (slugs: core/text.py).

„Doppelte“ and ‚einfache‘ quotes, – from ``--``, — from ``---``, … from ``...``, and the
apostrophe inside a word as ’ (geht’s). Quotes an editor already typed („…“) stay as they are:
smarty only touches the straight ASCII ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from markdown.extensions import Extension
from markdown.extensions.smarty import SmartyExtension, SubstituteTextPattern
from markdown.inlinepatterns import InlineProcessor as InlinePatternProcessor
from markdown.util import AtomicString

from ..core.settings import capability_settings

GERMAN_SUBSTITUTIONS = {
    "left-double-quote": "&bdquo;",  # „
    "right-double-quote": "&ldquo;",  # “
    "left-single-quote": "&sbquo;",  # ‚
    "right-single-quote": "&lsquo;",  # ‘
    "ndash": "&ndash;",
    "mdash": "&mdash;",
    "ellipsis": "&hellip;",
}

# A straight apostrophe between two letters (geht's, Ku'damm) or before a year's digits ('22).
APOSTROPHE_IN_WORD = r"(?<=\w)'(?=\w)"
APOSTROPHE_BEFORE_YEAR = r"(?<!\w)'(?=\d{2}s?\b)"


class GermanSmartyExtension(SmartyExtension):
    """Smarty with German quotes and a real apostrophe (’), which German quotes lack."""

    def __init__(self, **kwargs: Any) -> None:
        substitutions = dict(GERMAN_SUBSTITUTIONS)
        substitutions.update(kwargs.pop("substitutions", {}) or {})
        super().__init__(substitutions=substitutions, **kwargs)

    def educateQuotes(self, md: Any) -> None:
        super().educateQuotes(md)
        # Registered above every quote pattern, so the apostrophe is never read as a closing ‘.
        for name, pattern in (
            ("apostrophe-word", APOSTROPHE_IN_WORD),
            ("apostrophe-year", APOSTROPHE_BEFORE_YEAR),
        ):
            self.inlinePatterns.register(
                SubstituteTextPattern(pattern, ("&rsquo;",), md), f"smarty-{name}", 100
            )


# A gender star or underscore between two letters (Bürger*innen, Expert_innen): a letter is a
# word character that is neither a digit nor the underscore itself.
INCLUSIVE_MARK = r"(?<=[^\W\d_])[*_](?=[^\W\d_])"
# Above emphasis (``em_strong`` 60, ``em_strong2`` 50), below code, escapes, links (≥ 120).
INCLUSIVE_PRIORITY = 70


class LiteralInclusiveMark(InlinePatternProcessor):
    """The mark of an inclusive form, kept as a character so emphasis never pairs it."""

    def handleMatch(self, match: re.Match[str], data: str) -> tuple[str, int, int]:
        return AtomicString(match.group(0)), match.start(0), match.end(0)


class InclusiveFormsExtension(Extension):
    """Inclusive forms are text, never markup: ``Zukunftsbotschafter*innen, Expert*innen``
    stays as written, while ``*Betonung*`` (a star before or after a space) still emphasises.
    The colon (Bürger:innen) and the Binnen-I (BürgerInnen) are plain text to Markdown anyway.
    """

    def extendMarkdown(self, md: Any) -> None:
        md.inlinePatterns.register(
            LiteralInclusiveMark(INCLUSIVE_MARK, md), "inclusive-mark", INCLUSIVE_PRIORITY
        )


def markdown_settings(settings: Mapping[str, Any], german_quotes: bool = True) -> dict[str, Any]:
    """Pelican's MARKDOWN setting with inclusive forms kept as text and, with
    ``german_quotes``, the German smarty extension in place of plain smarty."""
    configured = dict(settings.get("MARKDOWN") or {})
    extensions = [
        ext
        for ext in configured.get("extensions", [])
        if not isinstance(ext, InclusiveFormsExtension)
    ]
    extensions.append(InclusiveFormsExtension())
    if german_quotes:
        extension_configs = dict(configured.get("extension_configs") or {})
        smarty_config = {}
        for name in ("markdown.extensions.smarty", "smarty"):
            smarty_config.update(extension_configs.pop(name, {}) or {})
        extensions = [
            ext
            for ext in extensions
            if not isinstance(ext, SmartyExtension)
            and ext not in ("smarty", "markdown.extensions.smarty")
        ]
        extensions.append(GermanSmartyExtension(**smarty_config))
        configured["extension_configs"] = extension_configs
    configured["extensions"] = extensions
    return configured


def use_german_markdown(pelican: Any) -> None:
    """Signal ``initialized``: Markdown is read with German typography and inclusive forms."""
    german_quotes = capability_settings(pelican.settings, "TYPOGRAPHY")["german_quotes"]
    pelican.settings["MARKDOWN"] = markdown_settings(pelican.settings, german_quotes)
