"""Markdown's inline pass, skipped for text in which none of its patterns can match.

The inline pass tries each of its patterns (code, escapes, links, images, autolinks, line
breaks, HTML, entities, emphasis, footnotes, inclusive forms) on every piece of text. Each
of them needs a certain character to match at all (a backtick, „[“, „<“, „&“, „*“ or „_“ …),
and most sentences of a press release hold none of them: they come back unchanged after all
those tries. The quick pass returns them at once. Like :mod:`.quick_smarty` it overrides
Python-Markdown's private, name-mangled per-text step, so it is used only with the Markdown
version it was written for (:mod:`.versions`); a pattern it does not know turns it off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from markdown.extensions import Extension
from markdown.inlinepatterns import (
    AUTOLINK_RE,
    AUTOMAIL_RE,
    BACKTICK_RE,
    ENTITY_RE,
    ESCAPE_RE,
    HTML_RE,
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINE_BREAK_RE,
    LINK_RE,
    REFERENCE_RE,
    DelimiterProcessor,
)
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from markdown.treeprocessors import InlineProcessor

from ..typography.german_markdown import INCLUSIVE_MARK

INLINE_PRIORITY = 20  # where Markdown registers its inline pass

# What a text must contain for each known pattern (by its regular expression) to match.
NEEDED: dict[str, tuple[str, ...]] = {
    BACKTICK_RE: ("`",),  # both branches end at a backtick (the first one looks ahead to it)
    ESCAPE_RE: ("\\",),
    REFERENCE_RE: ("[",),
    LINK_RE: ("[",),
    IMAGE_LINK_RE: ("[",),
    IMAGE_REFERENCE_RE: ("[",),
    r"\[\^([^\]]*)\]": ("[",),  # footnote references (markdown.extensions.footnotes)
    AUTOLINK_RE: ("<",),
    AUTOMAIL_RE: ("<",),
    HTML_RE: ("<",),
    LINE_BREAK_RE: ("  \n",),
    ENTITY_RE: ("&",),
    INCLUSIVE_MARK: ("*", "_"),
}


def needed_by(pattern: Any) -> tuple[str, ...] | None:
    """What a text must contain for ``pattern`` to match; None for a pattern not known here."""
    if not isinstance(pattern, InlinePattern):
        return None  # an old-style pattern matches in its own way
    expression = pattern.getCompiledRegExp().pattern
    if isinstance(pattern, DelimiterProcessor):
        # Emphasis: one pattern of all its delimiters, found by that expression alone.
        tokens = tuple(pattern.tokens)
        return tokens if expression == "|".join(map(re.escape, tokens)) else None
    return NEEDED.get(expression)


def needed_from(patterns: Sequence[Any]) -> list[tuple[str, ...] | None]:
    """For each index, what a text must contain for any pattern from there on to match
    (None: a pattern from there on is not known)."""
    needed: list[tuple[str, ...] | None] = [None] * len(patterns)
    later: tuple[str, ...] | None = ()
    for index in range(len(patterns) - 1, -1, -1):
        own = needed_by(patterns[index])
        later = None if own is None or later is None else tuple(dict.fromkeys(own + later))
        needed[index] = later
    return needed


class QuickInlineProcessor(InlineProcessor):
    """Markdown's inline pass, which returns text at once that none of its patterns (from the
    one it starts with) could match: such a text would come back unchanged anyway."""

    def __init__(self, md: Any) -> None:
        super().__init__(md)
        self.needed: list[tuple[str, ...] | None] = []

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        # The patterns of this document: set up before the inline pass, unchanged during it.
        self.needed = needed_from(list(self.inlinePatterns))
        return super().run(tree, ancestors)

    # Python-Markdown's private per-text step (name-mangled), the one place to skip early.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        needed = self.needed
        if patternIndex < len(needed) and len(needed) == len(self.inlinePatterns):
            texts = needed[patternIndex]
            if texts is not None and not any(text in data for text in texts):
                return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)


class QuickInlineExtension(Extension):
    """Puts the quick pass in place of Markdown's own inline pass."""

    def extendMarkdown(self, md: Any) -> None:
        if type(md.treeprocessors["inline"]) is not InlineProcessor:
            return  # another extension has its own inline pass
        md.treeprocessors.register(QuickInlineProcessor(md), "inline", INLINE_PRIORITY)


def with_quick_inline(markdown: Mapping[str, Any]) -> dict[str, Any]:
    """Pelican's MARKDOWN setting (a new dict) with the quick inline pass; as it was with the
    quick pass already in it."""
    extensions = list(markdown.get("extensions") or [])
    if any(isinstance(e, QuickInlineExtension) for e in extensions):
        return dict(markdown)
    return {**markdown, "extensions": [*extensions, QuickInlineExtension()]}
